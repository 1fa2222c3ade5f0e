package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/pack-authoring.md's tutorial, followed step by step in a fresh folder: the files it
 * shows (marked {@code <!-- tutorial-file: PATH -->}) are written where it says, the commands it
 * shows are run through the CLI, and the outputs it prints (marked
 * {@code <!-- tutorial-output: NAME -->}) must be what the commands print. So the guide
 * cannot rot: a change that alters what a vendor would see fails here.
 */
class TutorialTest {

    private static final Path DOC = CliRun.ROOT.resolve("docs/pack-authoring.md");
    /** Where the tutorial works; the test works in a temporary folder and writes paths back as this. */
    private static final String TUTORIAL_ROOT = "/tmp/acme-tutorial";

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
        assertThat(created.out().replace(root(), TUTORIAL_ROOT)).isEqualTo(outputs.get("pack-init"));
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
        assertOutput(outputs, "pack-test", 0, "pack", "test", "--fail-under", "100", pack.toString());
        assertOutput(outputs, "pack-test-v", 0, "pack", "test", "-v", pack.toString());
        // Step 6: lint is clean.
        assertOutput(outputs, "pack-lint", 0, "pack", "lint", pack.toString());
        // Step 7: explain one pair given inline.
        assertOutput(outputs, "explain", 0, "explain", "--packs", pack.toString(),
                "--source-profile", "@" + tmp.resolve("source.json"), "--target-profile", "@" + tmp.resolve("target.json"));
        // Step 8: the pack as the engine lists it.
        assertOutput(outputs, "packs", 0, "packs", "--packs", pack.toString(), "--no-pack-cache");

        // A failing vector, as step 5 shows it: the second vector expecting score 90.
        Path vectors = pack.resolve("tests/vectors.json");
        String original = Files.readString(vectors);
        String changed = original.replaceFirst("\"score\": 80", "\"score\": 90");
        assertThat(changed).isNotEqualTo(original);
        Files.writeString(vectors, changed);
        assertOutput(outputs, "pack-test-fail", 1, "pack", "test", pack.toString());
    }

    private String root() {
        return tmp.toString();
    }

    private CliRun run(String... args) {
        return CliRun.run(args);
    }

    private void assertOutput(Map<String, String> outputs, String name, int exit, String... args) {
        assertThat(outputs).as("a tutorial-output block named %s", name).containsKey(name);
        CliRun run = run(args);
        assertThat(run.exitCode()).as("%s: %s%s", name, run.out(), run.err()).isEqualTo(exit);
        assertThat(run.out().replace(root(), TUTORIAL_ROOT)).as("tutorial output %s", name).isEqualTo(outputs.get(name));
    }

    /** The fenced blocks after each {@code <!-- KIND: NAME -->} marker, by name; shell lines ("$ ...") end a block's output. */
    private static Map<String, String> blocks(String doc, String kind) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<!-- " + kind + ": (\\S+) -->\n```[a-z]*\n(.*?)```", Pattern.DOTALL).matcher(doc);
        while (m.find()) {
            String body = m.group(2);
            int shell = body.indexOf("\n$ ");
            found.put(m.group(1), shell < 0 ? body : body.substring(0, shell + 1));
        }
        return found;
    }
}
