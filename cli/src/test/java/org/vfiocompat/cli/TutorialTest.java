package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/pack-authoring.md's tutorial and error messages, followed step by step in a fresh folder,
 * so the guide cannot rot: a change that alters what a vendor would see fails here.
 *
 * <p>The markers the doc uses (its source says so in an HTML comment at the top):
 * <ul>
 * <li>{@code <!-- tutorial-file: PATH -->} before a fenced block: a file of the tutorial pack,
 *     written at PATH relative to the pack folder.</li>
 * <li>{@code <!-- tutorial-output: NAME -->} before a fenced block: output a command prints. Every
 *     such block is checked by name here, and {@link #everyOutputBlockOfTheGuideIsMarkedAndChecked}
 *     fails for a marker no check covers, and for a check whose marker is gone.</li>
 * <li>A fence with no language (a bare {@code ```}) is kept for output and must carry the
 *     {@code tutorial-output} marker; every other block names its language ({@code sh} for commands,
 *     {@code drl}, {@code json}, {@code java}, {@code text} for illustrations that are not output).</li>
 * </ul>
 *
 * <p>Inside an output block, a line {@code $ COMMAND} shows the command that printed the lines below
 * it, and {@code $ echo $?} followed by a number is the exit status. In the error-message blocks of
 * section 11 each case starts with a {@code # what was broken} line; every case is reproduced by a
 * mutation of the tutorial pack that this test names by that line, and a case the test does not
 * know fails. Output is compared exactly, after these documented masks only: the test's temporary
 * folder is written as {@value #TUTORIAL_ROOT}, and log lines are written as the CLI's logging
 * configuration prints them ({@link LogCapture}). Nothing in the doc's output varies by run (the
 * digests are of fixed content), so nothing else is masked.
 */
class TutorialTest {

    private static final Path DOC = CliRun.ROOT.resolve("docs/pack-authoring.md");
    /** Where the tutorial works; the test works in a temporary folder and writes paths back as this. */
    private static final String TUTORIAL_ROOT = "/tmp/acme-tutorial";
    /** Every output block the tests below check, by marker name. */
    private static final Set<String> CHECKED = Set.of(
            "pack-init", "pack-test", "pack-test-v", "pack-test-fail", "pack-lint", "explain", "packs", "rank",
            "errors-manifest", "errors-drl", "errors-compile", "errors-consequence", "errors-packs", "errors-vectors",
            "runtime", "table-errors");

    @TempDir
    Path tmp;

    @Test
    void followingTheTutorialGivesATestedPackAndTheOutputsItShows() throws IOException {
        String doc = Files.readString(DOC);
        Map<String, String> files = blocks(doc, "tutorial-file");
        Map<String, String> outputs = blocks(doc, "tutorial-output");
        assertThat(files).containsKeys("pack.json", "rules/acme.drl", "tests/vectors.json");

        // Step 1: pack init, exactly as the tutorial types it.
        String init = "./vfio-compat pack init acme-accel --namespace acme- --vendor Acme -C " + TUTORIAL_ROOT;
        assertThat(doc).contains(init);
        CliRun created = run("pack", "init", "acme-accel", "--namespace", "acme-", "--vendor", "Acme", "-C", root());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out().replace(root(), TUTORIAL_ROOT)).isEqualTo(output(outputs, "pack-init"));
        Path pack = tmp.resolve("acme-accel");
        CliRun scaffold = run("pack", "test", "--fail-under", "100", pack.toString());
        assertThat(scaffold.exitCode()).as(scaffold.out()).isZero();

        // Steps 2 to 4: the tutorial's files replace the scaffold's rule.
        assertThat(doc).contains("rm " + TUTORIAL_ROOT + "/acme-accel/rules/acme-accel.drl");
        Files.delete(pack.resolve("rules/acme-accel.drl"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = pack.resolve(f.getKey()).normalize();
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }

        // Step 5: the vectors pass with every rule covered.
        assertOutput(doc, outputs, "pack-test", 0, "pack", "test", "--fail-under", "100", pack.toString());
        assertOutput(doc, outputs, "pack-test-v", 0, "pack", "test", "-v", pack.toString());
        // Step 6: lint is clean.
        assertOutput(doc, outputs, "pack-lint", 0, "pack", "lint", pack.toString());
        // Step 7: explain one pair given inline.
        assertOutput(doc, outputs, "explain", 0, "explain", "--packs", pack.toString(),
                "--source-profile", "@" + tmp.resolve("source.json"), "--target-profile", "@" + tmp.resolve("target.json"));
        // Step 8: the pack as the engine lists it.
        assertOutput(doc, outputs, "packs", 0, "packs", "--packs", pack.toString());
        // Step 9: rank the tutorial's fleet.
        assertOutput(doc, outputs, "rank", 0, "rank", "--packs", pack.toString(), "--inventory", tmp.resolve("fleet.json").toString(),
                "--device", "host-a/5f0c1d2e-0000-4000-8000-000000000001", "--all");

        // A failing vector, as step 5 shows it: the second vector expecting score 90.
        Path vectors = pack.resolve("tests/vectors.json");
        String original = Files.readString(vectors);
        String changed = original.replaceFirst("\"score\": 80", "\"score\": 90");
        assertThat(changed).isNotEqualTo(original);
        Files.writeString(vectors, changed);
        assertOutput(doc, outputs, "pack-test-fail", 1, "pack", "test", pack.toString());
    }

    /** Section 11: every message shown, from a broken copy of the tutorial pack as each case's {@code #} line says. */
    @Test
    void everyErrorMessageTheGuideShowsIsWhatTheCommandPrints() throws IOException {
        String doc = Files.readString(DOC);
        Map<String, String> outputs = blocks(doc, "tutorial-output");
        Map<String, Case> cases = cases();
        // Build and run the tutorial pack once, so the loggers of the build and the evaluation exist to be raised.
        Path warm = tutorialPack(tmp.resolve("warm-up"));
        assertThat(run("pack", "test", warm.toString()).exitCode()).isZero();

        Set<String> shown = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (String block : List.of("errors-manifest", "errors-drl", "errors-compile", "errors-consequence",
                "errors-packs", "errors-vectors", "runtime")) {
            for (DocCase c : docCases(block, output(outputs, block))) {
                shown.add(c.key());
                Case known = cases.get(c.key());
                if (known == null) {
                    failures.add("no check reproduces the case " + c.key());
                    continue;
                }
                Path root = tmp.resolve("case-" + n++);
                Path pack = tutorialPack(root);
                known.breakIt().apply(pack);
                String[] args = known.args().apply(pack);
                String shownCommand = c.command() != null ? c.command() : defaultCommand(block, pack);
                String command = "./vfio-compat " + String.join(" ", args).replace(root.toString(), TUTORIAL_ROOT);
                String ran;
                CliRun result;
                try (LogCapture log = new LogCapture()) {
                    result = run(args);
                    ran = (log.text() + result.out() + result.err()).replace(root.toString(), TUTORIAL_ROOT);
                }
                if (!command.equals(shownCommand.replace(root.toString(), TUTORIAL_ROOT))) {
                    failures.add(c.key() + ": the doc shows the command\n  " + shownCommand + "\nbut the case runs\n  " + command);
                }
                if (!ran.equals(c.output()) || result.exitCode() != c.exit()) {
                    failures.add(c.key() + " (" + command + "): the doc shows, with exit " + c.exit() + ":\n" + c.output()
                            + "\nbut the command printed, with exit " + result.exitCode() + ":\n" + ran);
                }
            }
        }
        assertThat(failures).as("section 11's messages against the real output").isEmpty();
        assertThat(cases.keySet()).as("cases this test reproduces that the doc no longer shows").isSubsetOf(shown);
    }

    /** Section 13's table problems, from a copy of the tutorial pack given broken tables, as {@code pack lint} lists them. */
    @Test
    void theTableProblemsShownAreWhatLintReports() throws IOException {
        String doc = Files.readString(DOC);
        String shown = output(blocks(doc, "tutorial-output"), "table-errors");
        String out = "";
        // Each line of the block comes from one pack: a CSV table, a JSON table, a bad column type.
        Path csv = tablePack(tmp.resolve("csv"), "tables/matrix.csv", "string",
                "sourceBranch,score\n535,80\n536,70\n550,ninety\n551,60\n552,50\n553,40\n535,80\n");
        Path json = tablePack(tmp.resolve("json"), "tables/matrix.json", "string",
                "[{\"sourceBranch\": \"535\", \"score\": \"80\"}]\n");
        Path type = tablePack(tmp.resolve("type"), "tables/matrix.csv", "semver", "sourceBranch,score\n535,80\n");
        for (Path pack : List.of(csv, json, type)) {
            CliRun lint = run("pack", "lint", pack.toString());
            assertThat(lint.exitCode()).as(lint.out() + lint.err()).isEqualTo(1);
            out += lint.out().lines().filter(l -> l.contains(" at ")).map(l -> l.replace(pack.getParent().toString(), TUTORIAL_ROOT))
                    .reduce("", (a, b) -> a + b + "\n");
        }
        assertThat(out).isEqualTo(shown);
    }

    /**
     * Every fenced block of the guide either names its language or is marked as output, and every
     * output marker is one the tests above check: an output block no test covers fails here.
     */
    @Test
    void everyOutputBlockOfTheGuideIsMarkedAndChecked() throws IOException {
        String doc = Files.readString(DOC);
        assertThat(doc).as("the doc's source states the marker convention").contains("<!-- Output blocks:");
        List<String> unmarked = new ArrayList<>();
        String[] lines = doc.split("\n", -1);
        boolean inFence = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("```")) {
                continue;
            }
            if (inFence) {
                inFence = false;
                continue;
            }
            inFence = true;
            // An "output:" marker is a block DocOutputsTest runs and compares, outside the tutorial's steps.
            boolean marked = i > 0 && (lines[i - 1].startsWith("<!-- tutorial-output: ") || lines[i - 1].startsWith("<!-- output: "));
            if (line.equals("```") && !marked) {
                unmarked.add("line " + (i + 1) + ": " + (i + 1 < lines.length ? lines[i + 1] : ""));
            }
        }
        assertThat(unmarked).as("bare fences without a tutorial-output marker (output no test checks,"
                + " or a block that should name its language)").isEmpty();
        assertThat(blocks(doc, "tutorial-output").keySet()).as("output blocks and the checks of this test")
                .containsExactlyInAnyOrderElementsOf(CHECKED);
    }

    // ---- the cases of section 11 ----

    private record Case(Mutation breakIt, Function<Path, String[]> args) {
    }

    @FunctionalInterface
    private interface Mutation {
        void apply(Path pack) throws IOException;
    }

    /** One case of an error block: the {@code #} line (or the block's name), the command line shown, the output and exit status. */
    private record DocCase(String key, String command, String output, int exit) {
    }

    private Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        Function<Path, String[]> packs = p -> new String[] {"packs", "--packs", p.toString(), "-v"};
        Function<Path, String[]> test = p -> new String[] {"pack", "test", "-v", p.toString()};
        // Manifest.
        c.put("errors-manifest: \"tests\" misspelt as \"test\"", new Case(p -> edit(p, "pack.json", "\"tests\":", "\"test\":"), packs));
        c.put("errors-manifest: \"vendor\" left out", new Case(p -> edit(p, "pack.json", "  \"vendor\": \"Acme\",\n", ""), packs));
        c.put("errors-manifest: a bad id, version and namespace", new Case(p -> {
            edit(p, "pack.json", "\"id\": \"acme-accel\"", "\"id\": \"Acme_Accel\"");
            edit(p, "pack.json", "\"version\": \"1.0.0\"", "\"version\": \"v1\"");
            edit(p, "pack.json", "\"namespaces\": [\"acme-\"]", "\"namespaces\": [\"ac\"]");
        }, packs));
        c.put("errors-manifest: rule files outside the pack, missing, and without .drl", new Case(p -> {
            Files.writeString(p.resolve("../shared.drl"), "package packs.acme_accel;\n");
            Files.writeString(p.resolve("rules/acme.txt"), "package packs.acme_accel;\n");
            edit(p, "pack.json", "\"rules\": [\"rules/acme.drl\"]", "\"rules\": [\"../shared.drl\", \"rules/missing.drl\", \"rules/acme.txt\"]");
        }, packs));
        c.put("errors-manifest: a comma missing", new Case(p -> edit(p, "pack.json", "\"vendor\": \"Acme\",", "\"vendor\": \"Acme\""), packs));
        c.put("errors-manifest: a string where an array belongs",
                new Case(p -> edit(p, "pack.json", "\"namespaces\": [\"acme-\"]", "\"namespaces\": \"acme-\""), packs));
        c.put("errors-manifest: a key given twice",
                new Case(p -> edit(p, "pack.json", "\"vendor\": \"Acme\",", "\"vendor\": \"Acme\", \"vendor\": \"Acme\","), packs));
        // DRL checks.
        c.put("errors-drl: the package of another pack",
                new Case(p -> edit(p, "rules/acme.drl", "package packs.acme_accel;", "package packs.intel_gvtg;"), packs));
        c.put("errors-drl: a global, a query, a timer, an agenda group, MVEL, an entry point and a window appended", new Case(p -> append(p,
                "\nglobal java.util.List sink;\n"
                        + "\nquery \"all sources\"\n    Source()\nend\n"
                        + "\nrule \"timed\"\n    timer (int: 1s)\n    agenda-group \"later\"\n    dialect \"mvel\"\nwhen\n    Source()\nthen\nend\n"
                        + "\ndeclare entry-point \"side\"\nend\n"
                        + "\ndeclare window Last\n    Source() over window:length(1)\nend\n"), packs));
        c.put("errors-drl: package-level dialect \"mvel\"",
                new Case(p -> edit(p, "rules/acme.drl", "package packs.acme_accel;\n", "package packs.acme_accel;\ndialect \"mvel\"\n"), packs));
        c.put("errors-drl: \"then\" missing in the first rule", new Case(p -> edit(p, "rules/acme.drl",
                "$other : migrationType )\nthen\n", "$other : migrationType )\n"), packs));
        c.put("errors-drl: a DRL file over 512 KiB", new Case(p -> {
            Path drl = p.resolve("rules/acme.drl");
            long pad = 662570 - Files.size(drl) - 3;
            append(p, "//" + "x".repeat((int) pad) + "\n");
        }, packs));
        c.put("errors-drl: a Latin-1 byte in a comment", new Case(p -> {
            Path drl = p.resolve("rules/acme.drl");
            String text = Files.readString(drl).replace("// Acme X-series accelerators.", "// Acme X-series acc\u00e9l\u00e9rateurs.");
            Files.write(drl, text.getBytes(StandardCharsets.ISO_8859_1));
        }, packs));
        // Compiling.
        c.put("errors-compile: a property that does not exist (\"migrationTyp\")",
                new Case(p -> edit(p, "rules/acme.drl", "Source( $type : migrationType )", "Source( $type : migrationTyp )"), packs));
        c.put("errors-compile: two rules named \"type mismatch\"",
                new Case(p -> edit(p, "rules/acme.drl", "rule \"firmware older\"", "rule \"type mismatch\""), packs));
        c.put("errors-consequence: Limit.TYPO in the consequence of \"type mismatch\" (DRL line 29)",
                new Case(p -> edit(p, "rules/acme.drl", "Finding.none(Limit.TYPE,", "Finding.none(Limit.TYPO,"), packs));
        // Several packs.
        Function<Path, String[]> twoPacks = p -> new String[] {"packs", "--packs", p.toString(), "--packs", p.resolveSibling("acme-x100").toString()};
        c.put("errors-packs: a second pack claiming \"acme-x100\", which overlaps \"acme-\"", new Case(p -> {
            Path other = tutorialPack(p.getParent(), "acme-x100");
            edit(other, "pack.json", "\"id\": \"acme-accel\"", "\"id\": \"acme-x100\"");
            edit(other, "pack.json", "\"namespaces\": [\"acme-\"]", "\"namespaces\": [\"acme-x100\"]");
            edit(other, "rules/acme.drl", "package packs.acme_accel;", "package packs.acme_x100;");
        }, twoPacks));
        // Without --strict-packs the second is refused alone with a warning (issue 13, class 7).
        c.put("errors-packs: two packs with the same id (--strict-packs)", new Case(p -> {
            Path other = tutorialPack(p.getParent(), "acme-x100");
            edit(other, "pack.json", "\"namespaces\": [\"acme-\"]", "\"namespaces\": [\"bolt-\"]");
        }, p -> new String[] {"packs", "--packs", p.toString(), "--packs", p.resolveSibling("acme-x100").toString(), "--strict-packs"}));
        c.put("errors-packs: a folder with no pack in it", new Case(p -> Files.createDirectories(p.resolveSibling("empty")),
                p -> new String[] {"packs", "--packs", p.resolveSibling("empty").toString()}));
        // Vector files.
        c.put("errors-vectors: \"reasonContains\" misspelt \"reason\" in the first vector",
                new Case(p -> edit(p, "tests/vectors.json", "\"reasonContains\"", "\"reason\""), test));
        c.put("errors-vectors: \"level\" misspelt \"lvl\" in the first vector",
                new Case(p -> edit(p, "tests/vectors.json", "\"level\"", "\"lvl\""), test));
        c.put("errors-vectors: a level that does not exist",
                new Case(p -> edit(p, "tests/vectors.json", "\"level\": \"NONE\", \"limit\": \"TYPE\", \"reasonContains\": \"cannot move",
                        "\"level\": \"MAYBE\", \"limit\": \"TYPE\", \"reasonContains\": \"cannot move"), test));
        Mutation threeVectorProblems = p -> {
            edit(p, "tests/vectors.json", "\"expect\": { \"level\": \"LIVE\", \"score\": 100,",
                    "\"targets\": {}, \"expect\": { \"level\": \"LIVE\", \"score\": 100,");
            edit(p, "tests/vectors.json", "\"migrationType\": \"acme-slice-4\", \"migrationVersion\": \"acme-x100-3.2.0\" },\n"
                    + "      \"target\": { \"kind\": \"MDEV\", \"deviceApi\": \"vfio-pci\", \"migrationType\": \"acme-slice-4\", \"migrationVersion\": \"acme-x100-3.10.1\"",
                    "\"migrationType\": \"\", \"migrationVersion\": \"acme-x100-3.2.0\" },\n"
                    + "      \"target\": { \"kind\": \"MDEV\", \"deviceApi\": \"vfio-pci\", \"migrationType\": \"acme-slice-4\", \"migrationVersion\": \"acme-x100-3.10.1\"");
            edit(p, "tests/vectors.json", "\"expectOrder\": [\"c-same\", \"f-same\", \"a-newer\"]",
                    "\"expectOrder\": [\"c-same\", \"f-same\", \"a-newer\", \"g-missing\"]");
        };
        c.put("errors-vectors: vector 0 also has \"targets\", vector 1 has an empty source type, the order vector names \"g-missing\"",
                new Case(threeVectorProblems, test));
        c.put("errors-vectors: the same, without -v", new Case(threeVectorProblems, p -> new String[] {"pack", "test", p.toString()}));
        // At run time: a pack whose consequence throws.
        c.put("runtime", new Case(p -> {
            Path probe = p.resolveSibling("probe");
            Files.createDirectories(probe.resolve("rules"));
            Files.createDirectories(probe.resolve("tests"));
            Files.writeString(probe.resolve("pack.json"), "{\"id\": \"probe\", \"version\": \"0.0.1\", \"vendor\": \"Probe\", \"namespaces\": [\"probe-\"],"
                    + " \"rules\": [\"rules/probe.drl\"], \"tests\": [\"tests/v.json\"], \"rulesApi\": \"1.0\"}\n");
            Files.writeString(probe.resolve("rules/probe.drl"), "package packs.probe;\n\nimport org.vfiocompat.rules.*;\n\n"
                    + "rule \"throw\"\nwhen\n    Source()\nthen\n    throw new IllegalStateException(\"boom\");\nend\n");
            String profile = "{\"kind\": \"MDEV\", \"deviceApi\": \"vfio-pci\", \"migrationType\": \"probe-throw\", \"migrationVersion\": \"1\"}";
            Files.writeString(probe.resolve("tests/v.json"), "{\"vectors\": [{\"name\": \"probe-throw\", \"source\": " + profile
                    + ", \"target\": " + profile + ", \"expect\": {\"level\": \"LIVE\"}}]}\n");
        }, p -> new String[] {"pack", "test", p.resolveSibling("probe").toString()}));
        return c;
    }

    private static String defaultCommand(String block, Path pack) {
        return block.equals("errors-vectors") ? "./vfio-compat pack test -v " + pack : "./vfio-compat packs --packs " + pack + " -v";
    }

    /** The cases of an error block: each starts at a {@code # } line; {@code $ } lines give the command and exit status. */
    private static List<DocCase> docCases(String block, String text) {
        List<DocCase> found = new ArrayList<>();
        String key = block;
        String command = null;
        Integer exit = null;
        StringBuilder out = new StringBuilder();
        boolean started = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("# ")) {
                if (started) {
                    found.add(docCase(key, command, out, exit));
                }
                key = block + ": " + line.substring(2);
                command = null;
                exit = null;
                out.setLength(0);
                started = true;
            } else if (line.equals("$ echo $?")) {
                exit = Integer.parseInt(lines[++i].strip());
            } else if (line.startsWith("$ ")) {
                command = line.substring(2);
            } else {
                started = true;
                out.append(line).append('\n');
            }
        }
        found.add(docCase(key, command, out, exit));
        return found;
    }

    private static DocCase docCase(String key, String command, StringBuilder out, Integer exit) {
        String text = out.toString().replaceAll("\n+$", "\n");
        return new DocCase(key, command, text, exit != null ? exit : 2);
    }

    // ---- packs on disk ----

    /** The tutorial's pack, as its files in the doc give it, at {@code root/acme-accel}. */
    private static Path tutorialPack(Path root) throws IOException {
        return tutorialPack(root, "acme-accel");
    }

    private static Path tutorialPack(Path root, String folder) throws IOException {
        Map<String, String> files = blocks(Files.readString(DOC), "tutorial-file");
        Path pack = root.resolve(folder);
        for (String name : List.of("pack.json", "rules/acme.drl", "tests/vectors.json")) {
            Path file = pack.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, files.get(name));
        }
        return pack;
    }

    /** The tutorial pack with one table {@code matrix} of columns sourceBranch (of the given type) and score (number). */
    private static Path tablePack(Path root, String file, String firstType, String content) throws IOException {
        Path pack = tutorialPack(root);
        edit(pack, "pack.json", "\"rulesApi\": \"1.0\"", "\"rulesApi\": \"1.0\",\n  \"tables\": [{\"name\": \"matrix\", \"file\": \"" + file
                + "\", \"columns\": [{\"name\": \"sourceBranch\", \"type\": \"" + firstType + "\"}, {\"name\": \"score\", \"type\": \"number\"}]}]");
        Files.createDirectories(pack.resolve(file).getParent());
        Files.writeString(pack.resolve(file), content);
        return pack;
    }

    private static void edit(Path pack, String file, String from, String to) throws IOException {
        Path path = pack.resolve(file);
        String text = Files.readString(path);
        assertThat(text).as("%s holds the text the case changes", file).contains(from);
        Files.writeString(path, text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
    }

    private static void append(Path pack, String text) throws IOException {
        Path drl = pack.resolve("rules/acme.drl");
        Files.writeString(drl, Files.readString(drl) + text);
    }

    // ---- running and reading ----

    private String root() {
        return tmp.toString();
    }

    private CliRun run(String... args) {
        return CliRun.run(args);
    }

    private static String output(Map<String, String> outputs, String name) {
        assertThat(CHECKED).as("the check of %s is listed in CHECKED", name).contains(name);
        assertThat(outputs).as("a tutorial-output block named %s", name).containsKey(name);
        return outputs.get(name);
    }

    private void assertOutput(String doc, Map<String, String> outputs, String name, int exit, String... args) {
        String block = output(outputs, name);
        int status = block.indexOf("$ echo $?\n");
        String expected = status < 0 ? block : block.substring(0, status);
        assertThat(status < 0 ? "$ echo $?\n0\n" : block.substring(status)).as("%s: the exit status shown", name)
                .isEqualTo("$ echo $?\n" + exit + "\n");
        CliRun run = run(args);
        assertThat(run.exitCode()).as("%s: %s%s", name, run.out(), run.err()).isEqualTo(exit);
        assertThat(run.out().replace(root(), TUTORIAL_ROOT)).as("tutorial output %s", name).isEqualTo(expected);
    }

    /** The fenced blocks after each {@code <!-- KIND: NAME -->} marker, by name; shell lines ("$ ...") end a block's output. */
    private static Map<String, String> blocks(String doc, String kind) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<!-- " + kind + ": (\\S+) -->\n```[a-z]*\n(.*?)```", Pattern.DOTALL).matcher(doc);
        while (m.find()) {
            found.put(m.group(1), m.group(2));
        }
        return found;
    }
}
