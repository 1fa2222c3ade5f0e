package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, class 7, from the command line: a pack that does not load is a warning and a
 * REFUSED row, the others answer, and {@code --strict-packs} turns the refusal into exit 2.
 */
class CliRefusedPacksTest {

    @TempDir
    static Path packs;

    @BeforeAll
    static void packsBesideABrokenOne() throws IOException {
        Path gvtg = CliRun.PACKS.resolve("intel-gvtg");
        try (Stream<Path> all = Files.walk(gvtg)) {
            for (Path p : all.sorted().toList()) {
                Path to = packs.resolve("intel-gvtg").resolve(gvtg.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Path broken = Files.createDirectories(packs.resolve("broken/rules"));
        Files.writeString(broken.resolve("main.drl"), "package packs.broken;\nrule \"cut short\" when");
        Files.writeString(packs.resolve("broken/pack.json"), """
                {"id": "broken", "version": "1.0.0", "vendor": "Broken", "namespaces": ["broken-"], "rules": ["rules/main.drl"]}
                """);
    }

    @Test
    void packsListsTheRefusedPackAndWarnsButExitsZero() {
        CliRun run = CliRun.run("packs", "--packs", packs.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).startsWith("vfio-compat: warning: pack broken refused (pack.drl.syntax), the others loaded;"
                + " its devices are answered UNKNOWN: " + "broken/rules/main.drl");
        assertThat(run.out()).containsPattern("(?m)^intel-gvtg .* active ")
                .containsPattern("(?m)^broken +- +- +REFUSED \\(pack.drl.syntax\\) +broken- +-$")
                .contains("refused (not loaded; their devices are answered UNKNOWN):\n  broken: " + "broken/rules/main.drl");

        CliRun json = CliRun.run("status", "--packs", packs.toString(), "--format", "json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).contains("\"refusedPacks\": [").contains("\"status\": \"refused\"")
                .contains("\"code\": \"pack.drl.syntax\"");
    }

    @Test
    void aDeviceOfTheRefusedPackIsUnknownNamingTheRefusal() {
        CliRun run = CliRun.run("explain", "--packs", packs.toString(), "--source-profile",
                "{\"kind\": \"MDEV\", \"deviceApi\": \"vfio-pci\", \"migrationType\": \"broken-1\", \"migrationVersion\": \"1\"}",
                "--target-profile",
                "{\"kind\": \"MDEV\", \"deviceApi\": \"vfio-pci\", \"migrationType\": \"broken-1\", \"migrationVersion\": \"1\"}");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("UNKNOWN").contains("pack broken, which claims namespace broken-, was refused at load (pack.drl.syntax)");
    }

    @Test
    void strictPacksMakesTheRefusalExitTwo() {
        CliRun run = CliRun.run("packs", "--packs", packs.toString(), "--strict-packs");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("vfio-compat: error: " + "broken/rules/main.drl");
    }

    /**
     * Under process isolation a pack's worker JVM loads the pack apart from the engine and may
     * refuse it (here: its workers get a pack-load deadline of 1 ms, which the KieBase creation
     * there cannot meet; the engine's own checks pass). Without {@code --strict-packs} that is
     * found at the pack's first pair, which is answered UNKNOWN naming it; with it, every
     * worker loads its pack before anything is judged, and the refusal is the located error
     * and exit 2.
     */
    @Test
    void strictPacksSeesAPackItsWorkerRefuses(@TempDir Path cache) {
        String src = "host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325";
        String tgt = "host-d/0000:00:02.0/i915-GVTg_V5_4";
        String gvtg = CliRun.PACKS.resolve("intel-gvtg").toString();
        String before = System.getProperty("vfiocompat.worker.javaOptions");
        try {
            CliRun good = CliRun.run("check", "--isolation", "process", "--strict-packs", "--packs", gvtg, "--pack-cache", cache.toString(),
                    "--inventory", CliRun.FLEET.toString(), src, tgt);
            assertThat(good.exitCode()).as(good.err()).isZero();
            assertThat(good.out()).contains("LIVE, score 90");

            System.setProperty("vfiocompat.worker.javaOptions", "-XX:TieredStopAtLevel=1 -Dvfiocompat.packLoadDeadlineSeconds=0.001");
            CliRun lenient = CliRun.run("check", "--isolation", "process", "--packs", gvtg, "--pack-cache", cache.toString(),
                    "--inventory", CliRun.FLEET.toString(), src, tgt);
            assertThat(lenient.exitCode()).as(lenient.err()).isZero();
            assertThat(lenient.out()).contains("UNKNOWN").contains("pack refused at load by its worker JVM");

            CliRun strict = CliRun.run("check", "--isolation", "process", "--strict-packs", "--packs", gvtg, "--pack-cache", cache.toString(),
                    "--inventory", CliRun.FLEET.toString(), src, tgt);
            assertThat(strict.exitCode()).as(strict.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(strict.out()).isEmpty();
            assertThat(strict.err()).startsWith("vfio-compat: error: " + gvtg + "/pack.json: refused by its worker JVM as it loaded the pack: ")
                    .doesNotContain("\tat ");
        } finally {
            if (before == null) {
                System.clearProperty("vfiocompat.worker.javaOptions");
            } else {
                System.setProperty("vfiocompat.worker.javaOptions", before);
            }
        }
    }

    /**
     * The batch loads its packs while it reads the inventory: what it says stays what a load
     * after the read said. A bad inventory is the one error (no word of the packs); a good one
     * gives the refused pack's warning, then the output.
     */
    @Test
    void theBatchSaysTheInventorysErrorFirstAndThePacksWarningsOnlyAfterAGoodRead(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"hosts\": [ {\"name\": 7} ]}");
        CliRun badRun = CliRun.run("batch", "--packs", packs.toString(), "--inventory", bad.toString(), "--format", "ndjson");
        assertThat(badRun.exitCode()).as(badRun.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badRun.out()).isEmpty();
        assertThat(badRun.err()).startsWith("vfio-compat: error: ").contains("bad.json").doesNotContain("warning");

        CliRun strictBad = CliRun.run("batch", "--packs", packs.toString(), "--strict-packs", "--inventory", bad.toString());
        assertThat(strictBad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(strictBad.err()).contains("bad.json").doesNotContain("main.drl");

        CliRun good = CliRun.run("batch", "--packs", packs.toString(), "--inventory", CliRun.ROOT.resolve("examples/fleet.json").toString(),
                "--format", "ndjson", "--quiet");
        assertThat(good.exitCode()).as(good.err()).isZero();
        assertThat(good.err()).startsWith("vfio-compat: warning: pack broken refused (pack.drl.syntax)");
        assertThat(good.out()).contains("\"type\":\"summary\"");
    }
}
