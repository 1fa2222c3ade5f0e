package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.Fleet;

/** {@code vfio-compat inventory collect|import|merge} on the example files, and their output running through batch. */
class CliInventoryTest {

    static final Path FORMATS = CliRun.ROOT.resolve("engine/src/test/resources/formats");
    static final String GVT_V5_4 = "8d9c0f5e-2b7a-4a4e-9c1e-3f6b2d8e7a10";

    @TempDir
    Path tmp;

    private static String ok(CliRun run) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        return run.out();
    }

    @Test
    void collectTheExampleSysfsTree() {
        CliRun run = CliRun.run("inventory", "collect", "--sysfs", FORMATS.resolve("sysfs-example").toString(), "--host", "host-x");

        Golden.assertMatches("inventory-collect.json", ok(run));
        assertThat(run.err().lines()).allMatch(l -> l.startsWith("vfio-compat: warning: " + FORMATS.resolve("sysfs-example")))
                .anyMatch(l -> l.endsWith("module: no value for {module.kvmgt|module.i915}; pack intel-gvtg's default used "
                        + "(said once for the migration version of type i915-GVTg_V5_8)"));
    }

    @Test
    void importMdevctlAndLibvirtOutput() {
        Golden.assertMatches("inventory-import.json", ok(CliRun.run("inventory", "import", "--host", "host-y",
                "--mdevctl-types", FORMATS.resolve("mdevctl-types.json").toString(),
                "--mdevctl-list", FORMATS.resolve("mdevctl-list.json").toString(),
                "--libvirt-nodedev", FORMATS.resolve("nodedev-pci-gvt.xml").toString(),
                "--libvirt-nodedev", FORMATS.resolve("nodedev-mdev.xml").toString())));
    }

    @Test
    void aCollectedInventoryMergesWithTheFleetAndRunsThroughBatch() throws IOException {
        Path assigned = Files.writeString(tmp.resolve("assigned.txt"), GVT_V5_4 + " vm-new\n");
        Path host = tmp.resolve("host-x.json");
        ok(CliRun.run("inventory", "collect", "--sysfs", FORMATS.resolve("sysfs-example").toString(), "--host", "host-x",
                "--assigned", assigned.toString(), "--out", host.toString()));
        Path fleet = tmp.resolve("fleet.json");
        ok(CliRun.run("inventory", "merge", CliRun.FLEET.toString(), host.toString(), "--out", fleet.toString()));

        assertThat(Fleet.load(fleet).hosts()).hasSize(15).contains("host-x");
        String batch = ok(CliRun.run("batch", "--inventory", fleet.toString(), "--format", "csv", "--quiet"));
        assertThat(batch).contains("host-x/" + GVT_V5_4 + ",vm-new,i915-GVTg_V5_4,");
        String alone = ok(CliRun.run("batch", "--inventory", host.toString(), "--format", "json", "--quiet"));
        assertThat(alone).contains("\"devicesEvaluated\": 1");
    }

    @Test
    void mergingTheSameHostTwiceFailsNamingBothFiles() throws IOException {
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        ok(CliRun.run("inventory", "collect", "--sysfs", FORMATS.resolve("sysfs-example").toString(), "--host", "h", "--out", a.toString()));
        Files.copy(a, b);
        Path out = tmp.resolve("fleet.json");

        CliRun run = CliRun.run("inventory", "merge", a.toString(), b.toString(), "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("vfio-compat: error: " + b + " at /hosts/0/name: host 'h' is also in " + a);
        assertThat(out).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.json", "b.json");
        }
    }

    @Test
    void importWithoutSourcesIsAUsageError() {
        CliRun run = CliRun.run("inventory", "import", "--host", "h");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nothing to import");
    }

    @Test
    void aMalformedRequiredValueExitsTwoNamingThePath() throws IOException {
        Path sys = tmp.resolve("sys");
        Files.createDirectories(sys.resolve("class/mdev_bus"));
        Path type = sys.resolve("devices/p/mdev_supported_types/mtty-1");
        Files.createDirectories(type);
        Files.writeString(type.resolve("device_api"), "vfio-pci\n");
        Files.writeString(type.resolve("available_instances"), "-3\n");
        Files.createSymbolicLink(sys.resolve("class/mdev_bus/p"), Path.of("../../devices/p"));

        CliRun run = CliRun.run("inventory", "collect", "--sysfs", sys.toString(), "--host", "h");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("vfio-compat: error: " + type.resolve("available_instances")
                + ": not a count of 0 or more: '-3'\n");
    }
}
