package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Platform packs from the command line: {@code --enable-platform}, the deciders in JSON and text,
 * the packs list; and the bundled linux-qemu pack changing nothing for inventories without host
 * software facts, byte for byte against the existing goldens.
 */
class CliPlatformTest {

    static final Path SOFTWARE = CliRun.ROOT.resolve("examples/host-software-fleet.json");
    static final String SOURCE = "host-1/1b3c9e52-0a4f-4e4e-9d0b-6c1f2a7d8e01";
    static final String OLD_STACK = "host-3/3d5e1a74-2c6b-4a6a-9f2d-8e3b4c9f0a03";
    static final String CURRENT = "host-2/2c4d0f63-1b5a-4f5f-8e1c-7d2a3b8e9f02";

    private static String ok(CliRun run) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        return run.out();
    }

    @Test
    void enabledOnAnInventoryWithoutHostFactsTheMixedFleetBatchIsItsGolden() {
        Golden.assertMatches("mixed-batch.json", ok(CliRun.run("batch", "--inventory", MixedFleetGoldenTest.MIXED.toString(),
                "--top", "3", "--quiet", "--enable-platform", "linux-qemu")));
    }

    /** The golden the Spark job's output is held to when the platform pack is enabled (SparkBatchTest). */
    @Test
    void enabledOnTheFleetWithHostFactsTheBatchIsItsGolden() {
        Golden.assertMatches("batch-platform.ndjson", ok(CliRun.run("batch", "--inventory", SOFTWARE.toString(),
                "--enable-platform", "linux-qemu", "--format", "ndjson", "--top", "3", "--quiet")));
    }

    @Test
    void enabledOnTheExampleFleetEveryFormatIsWhatItIsWithout() {
        for (String format : new String[] {"json", "ndjson", "csv", "table"}) {
            String without = ok(CliRun.run("batch", "--inventory", CliRun.FLEET.toString(), "--format", format, "--quiet"));
            String with = ok(CliRun.run("batch", "--inventory", CliRun.FLEET.toString(), "--format", format, "--quiet",
                    "--enable-platform", "linux-qemu"));
            assertThat(with).as(format).isEqualTo(without);
        }
    }

    @Test
    void checkShowsEveryDecidingPackInJsonAndText() throws Exception {
        JsonNode cold = new ObjectMapper().readTree(ok(CliRun.run("check", "--format", "json", "--inventory", SOFTWARE.toString(),
                "--enable-platform", "linux-qemu", SOURCE, OLD_STACK))).get("verdict");
        assertThat(cold.get("level").asText()).isEqualTo("COLD");
        assertThat(cold.get("limit").asText()).isEqualTo("PLATFORM");
        assertThat(cold.get("pack").asText()).isEqualTo("linux-qemu");
        assertThat(cold.get("deciders")).hasSize(1);
        assertThat(cold.get("deciders").get(0).get("platform").asBoolean()).isTrue();
        assertThat(cold.get("deciders").get(0).get("rules").toString())
                .isEqualTo("[\"kernel before VFIO migration v2\",\"QEMU before 8.1\",\"libvirt before 8.5\"]");

        String live = ok(CliRun.run("check", "--inventory", SOFTWARE.toString(), "--enable-platform", "linux-qemu", SOURCE, CURRENT));
        assertThat(live).isEqualTo(SOURCE + " -> " + CURRENT + "\n"
                + "  LIVE, score 100\n"
                + "  Zeta: exact match: zeta-z40-half x1, firmware 3.2.0; Linux/QEMU: VFIO devices migrate by pre-copy only:"
                + " QEMU refuses postcopy while a VFIO device is attached\n"
                + "  decided by pack zeta-slices 0.1.0, rules: exact match\n"
                + "  and by platform pack linux-qemu 1.0.0, rules: pre-copy only\n");

        JsonNode plain = new ObjectMapper().readTree(ok(CliRun.run("check", "--format", "json", "--inventory", SOFTWARE.toString(),
                SOURCE, OLD_STACK))).get("verdict");
        assertThat(plain.get("level").asText()).as("not enabled: the owner alone").isEqualTo("LIVE");
        assertThat(plain.has("deciders")).isFalse();
    }

    @Test
    void packsListsThePlatformPackAndWhetherItIsEnabled() throws Exception {
        String table = ok(CliRun.run("packs"));
        assertThat(table).containsPattern("linux-qemu +1\\.0\\.0 +Linux/QEMU +not enabled +platform: every pair +sha256:");
        assertThat(ok(CliRun.run("packs", "--enable-platform", "linux-qemu")))
                .containsPattern("linux-qemu +1\\.0\\.0 +Linux/QEMU +active +platform: every pair +sha256:");
        JsonNode json = new ObjectMapper().readTree(ok(CliRun.run("packs", "--format", "json", "--enable-platform", "linux-qemu")));
        JsonNode qemu = null;
        for (JsonNode p : json) {
            if (p.get("id").asText().equals("linux-qemu")) {
                qemu = p;
            } else {
                assertThat(p.has("platform")).as(p.get("id").asText()).isFalse();
            }
        }
        assertThat(qemu).isNotNull();
        assertThat(qemu.get("platform").asText()).isEqualTo("every pair");
        assertThat(qemu.get("platformEnabled").asBoolean()).isTrue();
        assertThat(qemu.get("namespaces")).isEmpty();
    }
}
