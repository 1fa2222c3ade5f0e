package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vendor kit: {@code pack test} coverage, {@code pack lint}, {@code pack init}, {@code explain}. */
class PackKitTest {

    @TempDir
    Path tmp;

    @Test
    void everyReferencePackPassesWithFullRuleCoverage() throws IOException {
        List<String> args = new ArrayList<>(List.of("pack", "test", "--fail-under", "100"));
        try (Stream<Path> packs = Files.list(CliRun.PACKS)) {
            packs.filter(p -> Files.isRegularFile(p.resolve("pack.json"))).sorted().forEach(p -> args.add(p.toString()));
        }
        assertThat(args).hasSizeGreaterThan(4);
        CliRun run = CliRun.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as("%s%s", run.out(), run.err()).isZero();
        assertThat(run.out()).contains(" 0 failed\n").doesNotContain("never fired").doesNotContain("FAIL");
    }

    @Test
    void failUnderFailsAPackWhoseRulesAreNotAllFired() throws IOException {
        // The demo pack's one failing vector fixed, so only coverage can fail the run.
        Path pack = copyDemo();
        Path vectors = pack.resolve("tests/vectors.json");
        Files.writeString(vectors, Files.readString(vectors).replace("\"limit\": \"DEVICE\"", "\"limit\": \"TYPE\""));
        CliRun lenient = CliRun.run("pack", "test", "--fail-under", "66", pack.toString());
        assertThat(lenient.exitCode()).as(lenient.out()).isZero();
        CliRun strict = CliRun.run("pack", "test", "--fail-under", "100", pack.toString());
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.out()).contains("3 passed, 0 failed")
                .contains("never fired: demo/rules/demo.drl at line 21: rule \"board mismatch\"")
                .endsWith("FAIL coverage of demo is 66.6%, under --fail-under 100.0%\n");
    }

    @Test
    void failUnderOutsideZeroToHundredIsBadInput() {
        CliRun run = CliRun.run("pack", "test", "--fail-under", "101", CliGoldenTest.DEMO_PACK);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--fail-under must be a percentage from 0 to 100");
    }

    @Test
    void packInitWritesAPackThatPassesWithFullCoverageAndLintsClean() {
        CliRun init = CliRun.run("pack", "init", "acme-accel", "--namespace", "acme-", "-C", tmp.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        Path pack = tmp.resolve("acme-accel");
        assertThat(pack.resolve("pack.json")).exists();
        assertThat(pack.resolve("rules/acme-accel.drl")).exists();
        assertThat(pack.resolve("tests/vectors.json")).exists();
        assertThat(pack.resolve("README.md")).exists();
        assertThat(tmp.toFile().list()).containsExactly("acme-accel");
        CliRun test = CliRun.run("pack", "test", "--fail-under", "100", pack.toString());
        assertThat(test.exitCode()).as(test.out()).isZero();
        assertThat(test.out()).contains("1 passed, 0 failed").contains("acme-accel 0.1.0: 1 of 1 rules fired");
        CliRun lint = CliRun.run("pack", "lint", pack.toString());
        assertThat(lint.exitCode()).as(lint.out()).isZero();
    }

    @Test
    void packInitNeverOverwritesAndRefusesABadIdLeavingNothingBehind() throws IOException {
        Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(tmp.resolve("taken/keep.txt"), "mine");
        CliRun taken = CliRun.run("pack", "init", "taken", "--namespace", "tak-", "-C", tmp.toString());
        assertThat(taken.exitCode()).isEqualTo(2);
        assertThat(taken.err()).contains("already exists");
        assertThat(tmp.resolve("taken").toFile().list()).containsExactly("keep.txt");
        CliRun badId = CliRun.run("pack", "init", "Acme_Accel", "--namespace", "acme-", "-C", tmp.toString());
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.err()).contains(tmp.resolve("Acme_Accel") + "/pack.json at /id: pack id 'Acme_Accel' must start");
        CliRun shortNamespace = CliRun.run("pack", "init", "acme", "--namespace", "ac", "-C", tmp.toString());
        assertThat(shortNamespace.exitCode()).isEqualTo(2);
        assertThat(shortNamespace.err()).contains("at /namespaces/0: a namespace is a migration-type prefix of at least 3");
        assertThat(tmp.toFile().list()).containsExactly("taken");
    }

    @Test
    void packLintReportsEveryFindingWithFileAndLineWithoutRunningVectors() throws IOException {
        Path pack = tmp.resolve("lint");
        Files.createDirectories(pack.resolve("rules"));
        Files.createDirectories(pack.resolve("tests"));
        Files.writeString(pack.resolve("pack.json"), """
                {"id": "lint", "version": "1.0.0", "vendor": "L", "namespaces": ["lint-"],
                 "rules": ["rules/a.drl", "rules/b.drl"], "tests": ["tests/v.json"]}
                """);
        Files.writeString(pack.resolve("rules/a.drl"), """
                package packs.lint;
                global java.util.List sink;
                """);
        Files.writeString(pack.resolve("rules/b.drl"), """
                package packs.lint;
                import org.vfiocompat.rules.*;

                query "q" Source( ) end
                """);
        Files.writeString(pack.resolve("tests/v.json"), "{\"vectors\": []}");
        CliRun run = CliRun.run("pack", "lint", pack.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("""
                lint/rules/a.drl at line 2:0: global 'sink' refused: packs record results by inserting Finding facts
                lint/rules/b.drl at line 4:0: query 'q' refused: the engine runs no queries
                2 finding(s), 0 pack(s) clean
                """);
        CliRun json = CliRun.run("pack", "lint", "--format", "json", pack.toString());
        assertThat(json.out()).contains("\"file\": \"lint/rules/b.drl\",\n      \"location\": \"line 4:0\",\n"
                + "      \"line\": 4,\n      \"column\": 0,");
    }

    @Test
    void controlCharactersFromTheDrlAreEscapedInLintAndVerifyOutput() throws IOException {
        // Drools' parser messages quote the offending DRL text: a tab, an ESC sequence (which
        // would colour or clear the terminal) and a carriage return must not reach it raw.
        Path pack = tmp.resolve("ctl");
        Files.createDirectories(pack.resolve("rules"));
        Files.writeString(pack.resolve("pack.json"), """
                {"id": "ctl", "version": "1.0.0", "vendor": "C", "namespaces": ["ctl-"], "rules": ["rules/a.drl"]}
                """);
        Files.writeString(pack.resolve("rules/a.drl"), "package packs.ctl;\nrule \"bad\tname\u001b[31m\r\"\nwhen\n"
                + "  eval(true) \u001b[2J garbage (\nthen\nend\n");
        CliRun lint = CliRun.run("pack", "lint", pack.toString());
        CliRun verify = CliRun.run("pack", "verify", pack.toString());
        assertThat(lint.exitCode()).isEqualTo(1);
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        for (CliRun run : List.of(lint, verify)) {
            assertThat(run.out()).as(run.out()).contains("DRL does not parse").doesNotContain("\u001b").doesNotContain("\t")
                    .doesNotContain("\r").contains("\\u001b");
            assertThat(run.out().lines().filter(l -> l.contains("DRL does not parse")))
                    .allSatisfy(l -> assertThat(l).startsWith(verify == run ? "  refused: ctl/rules/a.drl" : "ctl/rules/a.drl"));
        }
    }

    @Test
    void packLintChecksVectorFilesAndNamespacesAcrossPacksButRunsNoVector() throws IOException {
        CliRun init = CliRun.run("pack", "init", "acme", "--namespace", "acme-", "-C", tmp.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        Path acme = tmp.resolve("acme");
        Path vectors = acme.resolve("tests/vectors.json");
        // A failing expectation is not a lint finding (lint runs nothing); a level that does not exist is.
        Files.writeString(vectors, Files.readString(vectors).replace("\"score\": 100", "\"score\": 7"));
        assertThat(CliRun.run("pack", "lint", acme.toString()).exitCode()).isZero();
        Files.writeString(vectors, Files.readString(vectors).replace("\"LIVE\"", "\"MAYBE\""));
        CliRun init2 = CliRun.run("pack", "init", "acme-x", "--namespace", "acme-x1", "-C", tmp.toString());
        assertThat(init2.exitCode()).as(init2.err()).isZero();
        CliRun run = CliRun.run("pack", "lint", acme.toString(), tmp.resolve("acme-x").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("acme/tests/vectors.json at /vectors/0/expect/level (line ")
                .contains("expected one of LIVE, COLD, NONE, UNKNOWN, got \"MAYBE\"")
                .contains("namespace 'acme-' of pack acme overlaps namespace 'acme-x1' of pack acme-x")
                .contains("ok acme-x 0.1.0");
    }

    @Test
    void explainNamesWhatIsMissingOrWrong() throws IOException {
        CliRun noInventory = CliRun.run("explain", "host-a/x", "host-b/y");
        assertThat(noInventory.exitCode()).isEqualTo(2);
        assertThat(noInventory.err()).contains("give --inventory FILE, or the profiles inline");
        CliRun oneRef = CliRun.run("explain", "--inventory", CliRun.FLEET.toString(), "host-a/x");
        assertThat(oneRef.exitCode()).isEqualTo(2);
        assertThat(oneRef.err()).contains("explain needs a source and a target: 2 ref(s)");
        Path profile = tmp.resolve("p.json");
        Files.writeString(profile, "{\"kind\": \"GPU\", \"deviceApi\": \"vfio-pci\", \"migrationType\": \"demo-a\", "
                + "\"migrationVersion\": \"1\"}");
        CliRun badProfile = CliRun.run("explain", "--packs", CliGoldenTest.DEMO_PACK, "--source-profile", "@" + profile,
                "--target-profile", "@" + profile);
        assertThat(badProfile.exitCode()).isEqualTo(2);
        assertThat(badProfile.err()).startsWith("vfio-compat: error: " + profile + " at /kind (line 1:10): expected one of MDEV, PHYS");
    }

    private Path copyDemo() throws IOException {
        Path from = Path.of(CliGoldenTest.DEMO_PACK);
        Path to = tmp.resolve("demo");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
        return to;
    }
}
