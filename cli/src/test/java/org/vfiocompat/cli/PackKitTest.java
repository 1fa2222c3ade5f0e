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
