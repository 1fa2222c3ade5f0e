package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main example: the three shared fixture hosts and the two of {@code examples/hosts/}
 * collected with {@code inventory collect --from}, merged with the example fleet of the families
 * that migrate today ({@code examples/real-fleet.json}), then run through {@code batch} and
 * {@code rank --all}. Both outputs are pinned byte for byte, and every real family shows at least
 * one LIVE and one refused pair, with the limit its pack gives.
 */
class RealFleetGoldenTest {

    static final Path FLEET = CliRun.ROOT.resolve("examples/real-fleet.json");

    /** One assigned device per family, as {@code host/id}: the ones {@code rank --all} pins. */
    static final Map<String, String> SOURCES = Map.of(
            "nvidia-vgpu", "gpu-01/e3597bda-6282-5842-a335-5e9b479f50c5",
            "mlx5-vfio", "nic-01/0000:17:00.2",
            "hisi-acc", "kp-01/0000:75:00.1",
            "intel-qat", "qat-01/0000:6b:00.1",
            "intel-xe", "xe-01/0000:03:00.1",
            "pds-vfio", "dsc-01/0000:b1:00.1",
            "virtio-vfio", "vnet-01/0000:ca:00.2");

    @TempDir
    static Path tmp;

    static Path merged;

    @BeforeAll
    static void collectAndMerge() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(CliCollectFromTest.HOSTS), "shared fixture hosts not found");
        List<String> args = new ArrayList<>(List.of("inventory", "merge", "--out", tmp.resolve("merged.json").toString()));
        Map<String, Path> hosts = Map.of("host-1", CliCollectFromTest.HOSTS.resolve("host-1"), "host-2", CliCollectFromTest.HOSTS.resolve("host-2"),
                "host-3", CliCollectFromTest.HOSTS.resolve("host-3"), "qat-host", CliCollectFromTest.HOSTS.resolve("host-3/qat-host"),
                "host-4", CliRun.ROOT.resolve("examples/hosts/host-4"), "host-5", CliRun.ROOT.resolve("examples/hosts/host-5"));
        for (Map.Entry<String, Path> h : new java.util.TreeMap<>(hosts).entrySet()) {
            Path out = tmp.resolve(h.getKey() + ".json");
            CliRun run = CliRun.run("inventory", "collect", "--from", h.getValue().toString(), "--out", out.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            args.add(out.toString());
        }
        args.add(FLEET.toString());
        CliRun run = CliRun.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        merged = tmp.resolve("merged.json");
    }

    private static String ok(CliRun run) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        return run.out();
    }

    @Test
    void batchTable() {
        String out = ok(CliRun.run("batch", "--inventory", merged.toString(), "--format", "table", "--top", "3", "--quiet"));
        Golden.assertMatches("real-fleet-batch-table.txt", out);
        // A VM on a vGPU manager 550.x host finds the newer 550.x host with the same ECC mode.
        assertThat(out).contains("gpu-02/0000:41:00.4/nvidia-1160  create    1  LIVE      90  NVIDIA: same vGPU type NVIDIA L40S-4Q, "
                + "vGPU manager 550.144.03 newer in branch 550");
    }

    @Test
    void rankAllShowsLiveAndRefusedPairsOfEveryFamily() {
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, String> source : new java.util.TreeMap<>(SOURCES).entrySet()) {
            String out = ok(CliRun.run("rank", "--inventory", merged.toString(), "--device", source.getValue(), "--all"));
            all.append(out).append('\n');
            List<String> own = out.lines().filter(l -> !l.contains("lies outside the namespaces")).toList();
            assertThat(own).as("%s has a LIVE target", source.getKey()).anyMatch(l -> l.matches(".* LIVE +\\d+ .*"));
            assertThat(own).as("%s has a refused target", source.getKey())
                    .anyMatch(l -> l.matches(".* (NONE|COLD|UNKNOWN) +(DEVICE|HOST_DRIVER|GUEST_DRIVER|CAPACITY|OTHER|TYPE) .*"));
        }
        Golden.assertMatches("real-fleet-rank-all.txt", all.toString());
        String rank = all.toString();
        // The NVIDIA cases of issue 12, each with the limit NVIDIA's rule gives.
        assertThat(rank).containsPattern("gpu-03/\\S+ +create +NONE +DEVICE +NVIDIA: ECC change pending on the target")
                .containsPattern("gpu-04/\\S+ +create +NONE +DEVICE +NVIDIA: board variant not matched")
                .containsPattern("gpu-05/\\S+ +create +1 +COLD +10 +NVIDIA: vGPU manager 580.65.05 is beyond the live-migration window")
                // the same shape for the other families
                .containsPattern("nic-03/\\S+ +existing +NONE +HOST_DRIVER +NVIDIA Networking: firmware not matched")
                .containsPattern("nic-04/\\S+ +existing +NONE +DEVICE +NVIDIA Networking: PSID not matched")
                .containsPattern("nic-05/\\S+ +existing +1 +COLD +10 +NVIDIA Networking: port function migratable is disabled")
                .containsPattern("kp-03/\\S+ +existing +NONE +DEVICE +HiSilicon: queue-pair count differs")
                .containsPattern("host-3/0000:75:00.1 +existing +UNKNOWN +OTHER +HiSilicon: the PF's queue isolation register")
                .containsPattern("qat-03/\\S+ +existing +NONE +DEVICE +Intel: capabilities not a superset: the target lacks 0x1000")
                .containsPattern("qat-04/\\S+ +existing +NONE +DEVICE +Intel: service configuration not matched")
                .containsPattern("xe-03/\\S+ +existing +NONE +DEVICE +Intel: revision not matched")
                .containsPattern("dsc-03/\\S+ +existing +UNKNOWN +OTHER +AMD: the device firmware decides")
                .containsPattern("vnet-04/\\S+ +existing +NONE +DEVICE +virtio: PCI revision not matched");
    }
}
