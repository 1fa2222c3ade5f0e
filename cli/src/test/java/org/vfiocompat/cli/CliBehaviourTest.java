package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.Fleet;

/** Exit codes, error lines, atomic output and determinism of the command. */
class CliBehaviourTest {

    @TempDir
    Path tmp;

    private static String fleet() {
        return CliRun.FLEET.toString();
    }

    @Test
    void anUnknownDeviceIsBadInputWithOneLineNamingIt() {
        CliRun run = CliRun.run("rank", "--inventory", fleet(), "--device", "host-a/no-such-device");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("vfio-compat: error: " + fleet() + ": no device 'host-a/no-such-device'")
                .contains("devices on host-a include");
    }

    @Test
    void aBrokenInventoryNamesFileAndPointer() throws IOException {
        Path bad = tmp.resolve("fleet.json");
        Files.writeString(bad, """
                {"version": 1, "hosts": [{"name": "h1", "devices": [
                  {"id": "d1", "kind": "GPU", "deviceApi": "vfio-pci", "migrationType": "x", "migrationVersion": "1"}]}]}
                """);
        CliRun run = CliRun.run("batch", "--inventory", bad.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("vfio-compat: error: " + bad + " at /hosts/0/devices/0/kind (line 2:24): "
                + "expected one of MDEV, PHYS, got \"GPU\"\n");
    }

    @Test
    void aBrokenPackIsBadInputAndVerboseListsEveryProblem() throws IOException {
        Path pack = tmp.resolve("broken");
        Files.createDirectories(pack.resolve("rules"));
        Files.writeString(pack.resolve("pack.json"), """
                {"id": "broken", "version": "1", "vendor": "B", "namespaces": ["bbb-"], "rules": ["rules/a.drl", "rules/b.drl"]}
                """);
        Files.writeString(pack.resolve("rules/a.drl"), "package elsewhere;\n");
        Files.writeString(pack.resolve("rules/b.drl"), "package elsewhere;\n");
        CliRun terse = CliRun.run("packs", "--packs", pack.toString());
        assertThat(terse.exitCode()).isEqualTo(2);
        assertThat(terse.err().lines()).hasSize(1);
        assertThat(terse.err()).contains("broken/rules/a.drl at line 1:0").contains("(and 1 more; --verbose lists all)");
        CliRun verbose = CliRun.run("packs", "--packs", pack.toString(), "--verbose");
        assertThat(verbose.err().lines()).hasSize(2);
    }

    @Test
    void failOnStrandedExitsOneAndStillWritesTheResult() {
        CliRun run = CliRun.run("batch", "--inventory", fleet(), "--format", "csv", "--fail-on-stranded", "--quiet");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains(",STRANDED,");
    }

    @Test
    void batchOutputIsTheSameOnEveryRunWithAnyThreadsAndWithOrWithoutTheCache() {
        String first = CliRun.run("batch", "--inventory", fleet(), "--quiet").out();
        assertThat(first).isNotEmpty();
        assertThat(CliRun.run("batch", "--inventory", fleet(), "--quiet").out()).isEqualTo(first);
        assertThat(CliRun.run("batch", "--inventory", fleet(), "--quiet", "--threads", "1").out()).isEqualTo(first);
        assertThat(CliRun.run("batch", "--inventory", fleet(), "--quiet", "--threads", "4").out()).isEqualTo(first);
        assertThat(CliRun.run("batch", "--inventory", fleet(), "--quiet", "--cache-size", "0").out()).isEqualTo(first);
        assertThat(CliRun.run("batch", "--inventory", fleet(), "--quiet", "--threads", "3", "--cache-size", "0",
                "--format", "ndjson").out())
                .isEqualTo(CliRun.run("batch", "--inventory", fleet(), "--quiet", "--threads", "1", "--format", "ndjson").out());
    }

    @Test
    void outFileIsWrittenWholeAndTheSummaryGoesToStderr() {
        Path out = tmp.resolve("result.ndjson");
        CliRun run = CliRun.run("batch", "--inventory", fleet(), "--format", "ndjson", "--out", out.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("batch: ").contains("devices evaluated").contains("wrote " + out);
        assertThat(out).exists();
        assertThat(tmp.toFile().list()).containsExactly("result.ndjson");
        int assigned = Fleet.load(CliRun.FLEET).assigned().size();
        try {
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).hasSize(assigned + 1);
            assertThat(lines.get(lines.size() - 1)).startsWith("{\"type\":\"summary\"");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFailedRunLeavesNoOutputFileBehindAndKeepsTheOldOne() throws IOException {
        Path out = tmp.resolve("result.json");
        Files.writeString(out, "previous result\n");
        CliRun run = CliRun.run("batch", "--inventory", fleet(), "--out", out.toString(), "--packs", tmp.resolve("none").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(Files.readString(out)).isEqualTo("previous result\n");
        assertThat(tmp.toFile().list()).containsExactly("result.json");
    }

    @Test
    void unknownFormatIsBadInput() {
        CliRun run = CliRun.run("batch", "--inventory", fleet(), "--format", "xml");
        assertThat(run.exitCode()).isEqualTo(2);
        // picocli refuses it while parsing, naming the values the command accepts.
        assertThat(run.err()).startsWith("vfio-compat: error: Invalid value for option '--format': expected one of "
                + "[json, ndjson, csv, table] (case-sensitive) but was 'xml'\n");
    }

    @Test
    void everyCommandsHelpHasAnExample() {
        for (String[] cmd : new String[][] {{"--help"}, {"rank", "--help"}, {"check", "--help"}, {"batch", "--help"},
                {"packs", "--help"}, {"pack", "test", "--help"}, {"pack", "lint", "--help"}, {"pack", "init", "--help"},
                {"explain", "--help"}}) {
            CliRun run = CliRun.run(cmd);
            assertThat(run.exitCode()).as(String.join(" ", cmd)).isZero();
            assertThat(run.out()).as(String.join(" ", cmd)).contains("Example");
        }
    }

    @Test
    void packTestRunsTheReferenceVectors() {
        CliRun run = CliRun.run("pack", "test", CliRun.PACKS.toString());
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("PASS intel-gvtg").containsPattern("\\d+ passed, 0 failed\n\nRule coverage:\n");
    }

    @Test
    void aSuccessfulRunPrintsNothingOnStderrNotEvenLoggingWarnings() throws Exception {
        // A real JVM with the CLI's class path: shows what SLF4J and Drools print at start-up.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.vfiocompat.cli.Main",
                "packs", "--packs", CliRun.PACKS.toString())
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(err).isEmpty();
        assertThat(out).contains("intel-gvtg");
    }

    @Test
    void packVerifyReportsEveryLayerOfAGoodPack() {
        CliRun run = CliRun.run("pack", "verify", CliRun.PACKS.resolve("intel-gvtg").toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(": OK\n");
        for (String layer : List.of("manifest", "drl", "compile", "classes", "bytecode", "termination", "kiebase")) {
            assertThat(run.out()).containsPattern("\n  " + layer + " +ok  ");
        }
    }

    @Test
    void packVerifyNamesTheLayerThatRefusedAPack() throws IOException {
        Path pack = tmp.resolve("exit");
        Files.createDirectories(pack.resolve("rules"));
        Files.writeString(pack.resolve("pack.json"), """
                {"id": "exit", "version": "1", "vendor": "E", "namespaces": ["exit-"], "rules": ["rules/a.drl"]}
                """);
        Files.writeString(pack.resolve("rules/a.drl"), """
                package packs.exit;
                import org.vfiocompat.rules.Source;
                rule "bye" when Source( ) then System.exit(3); end
                """);
        CliRun run = CliRun.run("pack", "verify", pack.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains(": REFUSED\n").contains("  compile      ok")
                .contains("  refused: exit/rules/a.drl at line 3: bytecode check: calls java.lang.System.exit(I)V")
                .doesNotContain("  bytecode     ok");
    }

    @Test
    void everyExampleInTheHelpRunsOnTheBundledFleet() {
        int ran = 0;
        for (String[] cmd : new String[][] {{"--help"}, {"rank", "--help"}, {"check", "--help"}, {"batch", "--help"},
                {"packs", "--help"}, {"status", "--help"}, {"pack", "test", "--help"}, {"pack", "verify", "--help"},
                {"pack", "lint", "--help"}}) {
            // Examples may continue on the next line after a trailing backslash, as in a shell.
            // Long-running examples (status --watch) are indented further and not run here;
            // StatusWatchTest covers them.
            String help = CliRun.run(cmd).out().replace(" \\\n      ", " ");
            for (String line : help.lines().toList()) {
                if (!line.startsWith("  vfio-compat ")) {
                    continue;
                }
                String[] args = line.substring("  vfio-compat ".length())
                        .replace("examples/fleet.json", CliRun.FLEET.toString())
                        .replace("vendor-packs", CliRun.PACKS.toString())
                        .replace("targets.csv", tmp.resolve("targets.csv").toString())
                        .split(" ");
                CliRun run = CliRun.run(args);
                assertThat(run.exitCode()).as("%s: %s", line, run.err()).isZero();
                ran++;
            }
        }
        assertThat(ran).isGreaterThanOrEqualTo(6);
    }
}
