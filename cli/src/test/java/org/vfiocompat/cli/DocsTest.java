package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The user docs (README.md and docs/*.md) against the code, so that a rename or a removal shows
 * as a failing test instead of a stale sentence:
 * <ul>
 * <li>every Java type docs/architecture.md names in backticks ({@code `PackLoader`},
 *     {@code `trust/PackTrustCheck`}, {@code `Fleet.candidatesElsewhere(H)`}) is a class, record,
 *     interface or enum declared in a module's main sources, found by simple name because packages
 *     move (names ending in {@code Test} are looked up in the test sources); a member after a dot
 *     must appear in that type's source file; JDK and Drools types are listed in {@link #LIBRARY_TYPES}
 *     with their full names, which must load;</li>
 * <li>every command the docs show as {@code `vfio-compat ...`} (and the first column of
 *     architecture.md's Outputs table) is a subcommand path of the CLI, and each {@code --option} it
 *     shows is an option that subcommand's {@code --help} lists;</li>
 * <li>user docs cite no issue numbers ({@code issue 4}, {@code #12}): they say what is there.</li>
 * </ul>
 */
class DocsTest {

    private static final Path ARCHITECTURE = CliRun.ROOT.resolve("docs/architecture.md");
    private static final List<String> MODULES = List.of("rules", "engine", "json", "server", "planner", "spark", "cli", "bench");
    /** Types of the JDK and of Drools the architecture names, by full name. */
    private static final Map<String, String> LIBRARY_TYPES = Map.ofEntries(
            Map.entry("KieSession", "org.kie.api.runtime.KieSession"),
            Map.entry("KieBase", "org.kie.api.KieBase"),
            Map.entry("KieContainer", "org.kie.api.runtime.KieContainer"),
            Map.entry("InternalKieModule", "org.drools.compiler.kie.builder.impl.InternalKieModule"),
            Map.entry("ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap"),
            Map.entry("ConcurrentLinkedDeque", "java.util.concurrent.ConcurrentLinkedDeque"),
            Map.entry("AtomicReference", "java.util.concurrent.atomic.AtomicReference"),
            Map.entry("RuntimeException", "java.lang.RuntimeException"),
            Map.entry("StackOverflowError", "java.lang.StackOverflowError"),
            Map.entry("ForkJoinPool", "java.util.concurrent.ForkJoinPool"),
            Map.entry("AssertionError", "java.lang.AssertionError"),
            Map.entry("LinkageError", "java.lang.LinkageError"),
            Map.entry("VirtualMachineError", "java.lang.VirtualMachineError"),
            Map.entry("OutOfMemoryError", "java.lang.OutOfMemoryError"),
            Map.entry("InternalError", "java.lang.InternalError"),
            Map.entry("Error", "java.lang.Error"),
            Map.entry("Exception", "java.lang.Exception"));
    /** A backticked Java type: an optional package folder, the UpperCamel name, members after dots, an optional call. */
    private static final Pattern TYPE = Pattern.compile("`(?:[a-z]+/)?([A-Z][a-z][A-Za-z0-9]*)((?:\\.[A-Za-z_][A-Za-z0-9_]*)*)(?:\\([^`]*\\))?`");

    @Test
    void everyClassTheArchitectureNamesExists() throws IOException {
        String doc = prose(Files.readString(ARCHITECTURE));
        Map<String, Path> sources = declaredTypes("src/main/java");
        Map<String, Path> tests = declaredTypes("src/test/java");
        List<String> missing = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        Matcher m = TYPE.matcher(doc);
        while (m.find()) {
            String name = m.group(1);
            named.add(name);
            Path file = (name.endsWith("Test") ? tests : sources).get(name);
            if (LIBRARY_TYPES.containsKey(name)) {
                try {
                    Class.forName(LIBRARY_TYPES.get(name), false, getClass().getClassLoader());
                } catch (ClassNotFoundException e) {
                    missing.add(m.group() + ": " + LIBRARY_TYPES.get(name) + " does not load");
                }
                continue;
            }
            if (file == null) {
                missing.add(m.group() + ": no type " + name + " in the modules' " + (name.endsWith("Test") ? "test" : "main") + " sources");
                continue;
            }
            String source = Files.readString(file);
            for (String member : m.group(2).isEmpty() ? new String[0] : m.group(2).substring(1).split("\\.")) {
                if (!Pattern.compile("\\b" + Pattern.quote(member) + "\\b").matcher(source).find()) {
                    missing.add(m.group() + ": " + member + " does not appear in " + CliRun.ROOT.relativize(file));
                }
            }
        }
        assertThat(named).as("the types the doc names (a sanity check of the pattern)").hasSizeGreaterThan(60)
                .contains("CompatibilityEngine", "PackLoader", "VerdictCache", "ArchitectureTest");
        assertThat(missing).as("names in docs/architecture.md that the code does not have").isEmpty();
    }

    @Test
    void everyCommandTheDocsShowIsARealSubcommandWithRealOptions() throws IOException {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        Map<String, String> helps = new LinkedHashMap<>();
        for (Path doc : userDocs()) {
            String text = Files.readString(doc);
            Set<String> commands = new LinkedHashSet<>();
            Matcher m = Pattern.compile("`vfio-compat ([^`]+)`").matcher(text);
            while (m.find()) {
                commands.add(m.group(1));
            }
            if (doc.equals(ARCHITECTURE)) {
                // The Outputs table's first column names commands without the program name.
                Matcher row = Pattern.compile("(?m)^\\| `([a-z][^`]*)`(?:, `([a-z][^`]*)`)*(?:, `([a-z][^`]*)`)? \\|").matcher(
                        text.substring(text.indexOf("### Outputs"), text.indexOf("## Loading a pack")));
                while (row.find()) {
                    for (String cell : row.group().split("\\|")[1].split(",")) {
                        commands.add(cell.strip().replace("`", ""));
                    }
                }
            }
            for (String command : commands) {
                checked++;
                String problem = checkCommand(command.replace("\\|", "|"), helps);
                if (problem != null) {
                    wrong.add(CliRun.ROOT.relativize(doc) + ": `vfio-compat " + command + "`: " + problem);
                }
            }
        }
        assertThat(checked).as("commands found in the docs (a sanity check of the pattern)").isGreaterThan(30);
        assertThat(subcommands(help(List.of(), helps))).as("the CLI's commands, from its --help").contains("rank", "pack", "inventory");
        assertThat(wrong).as("commands the docs show that the CLI does not have").isEmpty();
    }

    @Test
    void userDocsCiteNoIssueNumbers() throws IOException {
        Pattern citation = Pattern.compile("(?i)\\bissues?\\s+#?\\d+|(?<![\\w(/&])#\\d+\\b|\\bthe issue's\\b|\\ba later issue\\b");
        List<String> found = new ArrayList<>();
        for (Path doc : userDocs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = citation.matcher(lines.get(i));
                if (m.find()) {
                    found.add(CliRun.ROOT.relativize(doc) + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        assertThat(found).as("issue citations in user docs (DEVELOPERS.md may keep them)").isEmpty();
    }

    /** Checks one shown command line: its words name a subcommand path, its {@code --options} that subcommand's options. */
    private static String checkCommand(String command, Map<String, String> helps) {
        List<String> words = List.of(command.strip().split("\\s+"));
        List<String> path = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            String word = words.get(i);
            Set<String> subcommands = subcommands(help(path, helps));
            if (subcommands.isEmpty() || !word.matches("[a-z][a-z|-]*")) {
                break;
            }
            List<String> alternatives = List.of(word.split("\\|"));
            if (!subcommands.containsAll(alternatives)) {
                // A command with subcommands (the root, pack, inventory) is a group: what follows must be one of them.
                return "'" + word + "' is not a command of vfio-compat" + (path.isEmpty() ? "" : " " + String.join(" ", path))
                        + " (its commands: " + subcommands + ")";
            }
            if (alternatives.size() > 1) {
                for (String alternative : alternatives) {
                    List<String> each = new ArrayList<>(path);
                    each.add(alternative);
                    String problem = checkOptions(each, words.subList(i + 1, words.size()), helps);
                    if (problem != null) {
                        return problem;
                    }
                }
                return null;
            }
            path.add(word);
            i++;
        }
        if (path.isEmpty()) {
            return "names no command";
        }
        return checkOptions(path, words.subList(i, words.size()), helps);
    }

    private static String checkOptions(List<String> path, List<String> rest, Map<String, String> helps) {
        String help = help(path, helps);
        for (String word : rest) {
            Matcher option = Pattern.compile("^\\[?(--[a-z][a-z-]*)").matcher(word);
            if (option.find() && !Pattern.compile("(?<![\\w-])" + Pattern.quote(option.group(1)) + "(?![\\w-])").matcher(help).find()) {
                return "vfio-compat " + String.join(" ", path) + " has no option " + option.group(1);
            }
        }
        return null;
    }

    /** The {@code --help} text of a subcommand path, from the CLI itself. */
    private static String help(List<String> path, Map<String, String> helps) {
        return helps.computeIfAbsent(String.join(" ", path), key -> {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun run = CliRun.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as("vfio-compat %s --help: %s", key, run.err()).isZero();
            return run.out();
        });
    }

    /** The names a help text lists under "Commands:". */
    private static Set<String> subcommands(String help) {
        int at = help.indexOf("\nCommands:\n");
        Set<String> names = new LinkedHashSet<>();
        if (at < 0) {
            return names;
        }
        for (String line : help.substring(at + 11).split("\n")) {
            if (line.isBlank()) {
                break;
            }
            Matcher m = Pattern.compile("^  ([a-z][a-z-]*)((?:, [a-z][a-z-]*)*)(\\s|$)").matcher(line);
            if (m.find()) {
                names.add(m.group(1));
                for (String alias : m.group(2).split(",")) {
                    if (!alias.isBlank()) {
                        names.add(alias.strip());
                    }
                }
            }
        }
        return names;
    }

    /** Every top-level and nested type declared in the modules' source folders of this kind, by simple name. */
    private static Map<String, Path> declaredTypes(String folder) {
        Pattern declaration = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z][A-Za-z0-9]*)");
        Map<String, Path> types = new LinkedHashMap<>();
        for (String module : MODULES) {
            Path dir = CliRun.ROOT.resolve(module).resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                    Matcher m = declaration.matcher(Files.readString(file));
                    while (m.find()) {
                        types.putIfAbsent(m.group(1), file);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return types;
    }

    /** The doc without its fenced blocks (diagrams and examples name steps, not only types). */
    private static String prose(String doc) {
        return doc.replaceAll("(?ms)^```.*?^```", "");
    }

    static List<Path> userDocs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(CliRun.ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(CliRun.ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }
}
