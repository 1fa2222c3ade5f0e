package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The mixed-vendor example fleet ({@code examples/mixed-fleet.json}) with every reference pack:
 * its batch output pinned byte for byte, and the fleet checked to exercise what it is meant to
 * show (every pack deciding, hybrid pairs both ways, non-PCI devices, creatable mdevs, stranded
 * devices).
 */
class MixedFleetGoldenTest {

    static final Path MIXED = CliRun.ROOT.resolve("examples/mixed-fleet.json");

    private static String ok(CliRun run) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        return run.out();
    }

    @Test
    void batchJson() {
        Golden.assertMatches("mixed-batch.json",
                ok(CliRun.run("batch", "--inventory", MIXED.toString(), "--top", "3", "--quiet")));
    }

    @Test
    void batchTable() {
        Golden.assertMatches("mixed-batch-table.txt",
                ok(CliRun.run("batch", "--inventory", MIXED.toString(), "--format", "table", "--top", "3", "--quiet")));
    }

    @Test
    void theFleetExercisesEveryPackHybridNonPciCreatableAndStrandedDevices() throws Exception {
        JsonNode batch = new ObjectMapper().readTree(ok(CliRun.run("batch", "--inventory", MIXED.toString(), "--quiet")));
        Set<String> packs = new TreeSet<>();
        batch.get("packs").forEach(p -> packs.add(p.get("id").asText()));
        Set<String> deciding = new TreeSet<>();
        List<String> hybrid = new ArrayList<>();
        Set<String> nonPciApis = new TreeSet<>();
        List<String> creatable = new ArrayList<>();
        for (JsonNode source : batch.get("sources")) {
            JsonNode s = source.get("source");
            for (JsonNode target : source.get("targets")) {
                deciding.add(target.get("verdict").get("pack").asText());
                if (!target.get("kind").asText().equals(s.get("kind").asText())) {
                    hybrid.add(s.get("kind").asText() + "->" + target.get("kind").asText());
                }
                if (!s.get("deviceApi").asText().equals("vfio-pci")) {
                    nonPciApis.add(s.get("deviceApi").asText());
                }
                if (target.get("ref").asText().split("/").length == 3) {
                    creatable.add(target.get("ref").asText());
                }
            }
        }
        assertThat(packs).as("the bundled packs").hasSizeGreaterThanOrEqualTo(5);
        // The platform pack judges nothing unless enabled (CliPlatformTest), so it decides nothing here.
        assertThat(packs.remove("linux-qemu")).isTrue();
        // The families of this older fleet; RealFleetGoldenTest covers the packs of the drivers that migrate today.
        assertThat(deciding).as("packs deciding some compatible target")
                .containsExactly("intel-gvtg", "mlx5-vfio", "nvidia-vgpu", "s390-vfio", "zeta-slices");
        // GVT-g's V5_1 vGPU to a whole GPU; NVIDIA publishes no cold path between a vGPU and a
        // whole GPU, so since the nvidia-vgpu rewrite none goes the other way in this fleet.
        assertThat(hybrid).as("hybrid pairs").contains("MDEV->PHYS");
        assertThat(nonPciApis).as("device APIs of non-PCI sources with targets").containsExactly("vfio-ap", "vfio-ccw");
        assertThat(creatable).as("creatable targets").isNotEmpty();
        JsonNode stranded = batch.get("summary").get("strandedDevices");
        List<String> strandedRefs = new ArrayList<>();
        stranded.forEach(r -> strandedRefs.add(r.asText()));
        // One stranded by its pack (an H100 vGPU among H200s), one that no pack owns (an AMD GPU).
        assertThat(strandedRefs).contains("gpu-e/0000:c1:00.0").hasSizeGreaterThanOrEqualTo(2);
    }
}
