package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;

/**
 * The CLI's output for the bundled GVT-g example fleet ({@code examples/fleet.json}) with the
 * GVT-g reference pack, pinned byte for byte. The fleet's NVIDIA and mlx5 devices stay stranded
 * here on purpose: they show the output for types no loaded pack owns. {@link MixedFleetGoldenTest}
 * pins the mixed-vendor fleet with every reference pack.
 */
class CliGoldenTest {

    /** Only the GVT-g pack: these goldens predate the other reference packs and keep showing stranded devices. */
    static final String GVTG = CliRun.PACKS.resolve("intel-gvtg").toString();

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
        Golden.assertMatches("batch.json", ok(CliRun.run("batch", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--quiet")));
    }

    @Test
    void batchTable() {
        Golden.assertMatches("batch-table.txt",
                ok(CliRun.run("batch", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--format", "table", "--top", "3", "--quiet")));
    }

    @Test
    void batchNdjson() {
        Golden.assertMatches("batch-top2.ndjson",
                ok(CliRun.run("batch", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--format", "ndjson", "--top", "2", "--quiet")));
    }

    @Test
    void batchCsv() {
        Golden.assertMatches("batch-top2.csv",
                ok(CliRun.run("batch", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--format", "csv", "--top", "2", "--quiet")));
    }

    @Test
    void rankTableWithRefused() {
        Golden.assertMatches("rank-all.txt",
                ok(CliRun.run("rank", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--device", source, "--all")));
    }

    @Test
    void rankJson() {
        Golden.assertMatches("rank.json",
                ok(CliRun.run("rank", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--device", source, "--format", "json")));
    }

    @Test
    void rankOfAStrandedDevice() {
        Golden.assertMatches("rank-stranded.txt",
                ok(CliRun.run("rank", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--device", strandedSource)));
    }

    @Test
    void checkTextAndJsonAgreeWithRank() {
        String rankJson = ok(CliRun.run("rank", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--device", source,
                "--format", "json", "--top", "1"));
        String best = rankJson.substring(rankJson.indexOf("\"ref\": \"", rankJson.indexOf("\"targets\"")) + 8);
        best = best.substring(0, best.indexOf('"'));
        Golden.assertMatches("check.txt", ok(CliRun.run("check", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), source, best)));
        Golden.assertMatches("check.json",
                ok(CliRun.run("check", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), source, best, "--format", "json")));
    }

    /** With the pack in a worker JVM of its own (it is unsigned), the output is byte for byte the same. */
    @Test
    void checkAndBatchInWorkerJvmsGiveTheSameOutput() {
        String rankJson = ok(CliRun.run("rank", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--device", source,
                "--format", "json", "--top", "1"));
        String best = rankJson.substring(rankJson.indexOf("\"ref\": \"", rankJson.indexOf("\"targets\"")) + 8);
        best = best.substring(0, best.indexOf('"'));
        Golden.assertMatches("check.txt", ok(CliRun.run("check", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(),
                source, best, "--isolation", "process")));
        assertThat(ok(CliRun.run("batch", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--isolation", "process")))
                .isEqualTo(ok(CliRun.run("batch", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--isolation", "in-process")));
        assertThat(ok(CliRun.run("rank", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--device", source, "--all",
                "--isolation", "process")))
                .isEqualTo(ok(CliRun.run("rank", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), "--device", source, "--all",
                        "--isolation", "in-process")));
        CliRun bad = CliRun.run("check", "--packs", GVTG, "--inventory", CliRun.FLEET.toString(), source, best, "--isolation", "jail");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("expected process or in-process, got 'jail'");
    }

    /** A small pack with a failing vector and a rule no vector fires. */
    static final String DEMO_PACK = CliRun.ROOT.resolve("cli/src/test/resources/packs/demo").toString();

    @Test
    void packTestTextShowsFailuresAndRuleCoverage() {
        CliRun run = CliRun.run("pack", "test", DEMO_PACK);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        Golden.assertMatches("pack-test.txt", run.out());
    }

    @Test
    void packTestJson() {
        CliRun run = CliRun.run("pack", "test", "--format", "json", DEMO_PACK);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        Golden.assertMatches("pack-test.json", run.out());
    }

    @Test
    void explainOfInventoryRefs() {
        String best = "host-d/0000:00:02.0/i915-GVTg_V5_4";
        Golden.assertMatches("explain.txt", ok(CliRun.run("explain", "--inventory", CliRun.FLEET.toString(), source, best)));
    }

    @Test
    void explainOfInlineProfilesMarksTheRulesThatDecided() {
        // Same type and version (an accepting rule fires) but another board (a refusing rule wins).
        String src = "{\"kind\": \"MDEV\", \"deviceApi\": \"vfio-pci\", \"migrationType\": \"demo-a\", "
                + "\"migrationVersion\": \"1\", \"attributes\": {\"board\": \"x\"}}";
        String tgt = src.replace("\"x\"", "\"y\"");
        Golden.assertMatches("explain-inline.txt", ok(CliRun.run("explain", "--packs", DEMO_PACK,
                "--source-profile", src, "--target-profile", tgt)));
        Golden.assertMatches("explain-inline.json", ok(CliRun.run("explain", "--packs", DEMO_PACK,
                "--source-profile", src, "--target-profile", tgt, "--format", "json")));
    }

    @Test
    void statusTableAndJson() {
        Golden.assertMatches("status.txt", ok(CliRun.run("status")));
        Golden.assertMatches("status.json", ok(CliRun.run("status", "--format", "json")));
    }
}
