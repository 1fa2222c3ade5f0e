package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;

/** The CLI's output for the bundled example fleet, pinned byte for byte. */
class CliGoldenTest {

    static String source;
    static String strandedSource;

    @BeforeAll
    static void pickDevices() {
        Fleet fleet = Fleet.load(CliRun.FLEET);
        // The first assigned device managed by the GVT-g pack, and the first one no pack owns.
        source = fleet.assigned().stream().filter(d -> d.profile().getMigrationType().startsWith("i915-GVTg_V5"))
                .findFirst().map(FleetDevice::ref).orElseThrow();
        strandedSource = fleet.assigned().stream().filter(d -> d.profile().getMigrationType().startsWith("nvidia-"))
                .findFirst().map(FleetDevice::ref).orElseThrow();
    }

    private static String ok(CliRun run) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        return run.out();
    }

    @Test
    void batchJson() {
        Golden.assertMatches("batch.json", ok(CliRun.run("batch", "--inventory", CliRun.FLEET.toString(), "--quiet")));
    }

    @Test
    void batchTable() {
        Golden.assertMatches("batch-table.txt",
                ok(CliRun.run("batch", "--inventory", CliRun.FLEET.toString(), "--format", "table", "--top", "3", "--quiet")));
    }

    @Test
    void batchNdjson() {
        Golden.assertMatches("batch-top2.ndjson",
                ok(CliRun.run("batch", "--inventory", CliRun.FLEET.toString(), "--format", "ndjson", "--top", "2", "--quiet")));
    }

    @Test
    void batchCsv() {
        Golden.assertMatches("batch-top2.csv",
                ok(CliRun.run("batch", "--inventory", CliRun.FLEET.toString(), "--format", "csv", "--top", "2", "--quiet")));
    }

    @Test
    void rankTableWithRefused() {
        Golden.assertMatches("rank-all.txt",
                ok(CliRun.run("rank", "--inventory", CliRun.FLEET.toString(), "--device", source, "--all")));
    }

    @Test
    void rankJson() {
        Golden.assertMatches("rank.json",
                ok(CliRun.run("rank", "--inventory", CliRun.FLEET.toString(), "--device", source, "--format", "json")));
    }

    @Test
    void rankOfAStrandedDevice() {
        Golden.assertMatches("rank-stranded.txt",
                ok(CliRun.run("rank", "--inventory", CliRun.FLEET.toString(), "--device", strandedSource)));
    }

    @Test
    void checkTextAndJsonAgreeWithRank() {
        String rankJson = ok(CliRun.run("rank", "--inventory", CliRun.FLEET.toString(), "--device", source,
                "--format", "json", "--top", "1"));
        String best = rankJson.substring(rankJson.indexOf("\"ref\": \"", rankJson.indexOf("\"targets\"")) + 8);
        best = best.substring(0, best.indexOf('"'));
        Golden.assertMatches("check.txt", ok(CliRun.run("check", "--inventory", CliRun.FLEET.toString(), source, best)));
        Golden.assertMatches("check.json",
                ok(CliRun.run("check", "--inventory", CliRun.FLEET.toString(), source, best, "--format", "json")));
    }

    @Test
    void statusTableAndJson() {
        Golden.assertMatches("status.txt", ok(CliRun.run("status")));
        Golden.assertMatches("status.json", ok(CliRun.run("status", "--format", "json")));
    }
}
