package org.vfiocompat.engine.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vfiocompat.engine.importer.Imports.FORMATS;
import static org.vfiocompat.engine.importer.Imports.NONE;
import static org.vfiocompat.engine.importer.Imports.PACKS;
import static org.vfiocompat.engine.importer.Imports.SYSFS;
import static org.vfiocompat.engine.importer.Imports.device;
import static org.vfiocompat.engine.importer.Imports.onlyHost;
import static org.vfiocompat.engine.importer.Imports.parent;
import static org.vfiocompat.engine.importer.Imports.type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.Problem;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.inventory.InventoryJson;
import org.vfiocompat.engine.inventory.InventoryJson.VersionSource;
import org.vfiocompat.rules.DeviceKind;

/** The example files of docs/formats (a copy of /work/shared/formats), imported and checked field by field. */
class ExampleImportTest {

    static final String GVT_V5_4 = "8d9c0f5e-2b7a-4a4e-9c1e-3f6b2d8e7a10";
    static final String GVT_V5_8 = "0b5c6a4e-91d3-4f0e-8a52-7c2e1d9f3b44";
    static final String NVIDIA = "5e1a3b9c-7d2f-4c8e-b6a0-2f9d8e7c1b53";
    static final Map<String, String> V5_4_ATTRIBUTES = Map.of("low_gm_size", "128MB", "high_gm_size", "512MB",
            "fence", "4", "resolution", "1920x1200", "weight", "4");
    static final Map<String, String> V5_8_ATTRIBUTES = Map.of("low_gm_size", "64MB", "high_gm_size", "384MB",
            "fence", "4", "resolution", "1024x768", "weight", "2");

    @TempDir
    Path tmp;

    private static InventoryJson.HostJson collect(Path sysfs) {
        return onlyHost(Imports.json(Importers.collect(sysfs, "host-x", PACKS, NONE)));
    }

    @Test
    void sysfsParentsAndTheirTypes() {
        InventoryJson.HostJson host = collect(SYSFS);

        assertThat(host.name()).isEqualTo("host-x");
        assertThat(host.mdevParents()).extracting(InventoryJson.ParentJson::id).containsExactly("0000:00:02.0", "0000:3b:00.0");
        InventoryJson.ParentJson intel = parent(host, "0000:00:02.0");
        assertThat(intel.model()).isEqualTo("8086:3e92");
        assertThat(intel.pci()).isEqualTo(new InventoryJson.PciJson("8086", "3e92", "8086", "3e92", "i915", null));
        assertThat(intel.types()).extracting(InventoryJson.TypeJson::migrationType).containsExactly("i915-GVTg_V5_4", "i915-GVTg_V5_8");

        InventoryJson.TypeJson v54 = type(intel, "i915-GVTg_V5_4");
        assertThat(v54.deviceApi()).isEqualTo("vfio-pci");
        assertThat(v54.availableInstances()).isEqualTo(1);
        assertThat(v54.name()).isEqualTo("GVTg_V5_4");
        assertThat(v54.description()).isEqualTo("low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\nresolution: 1920x1200\nweight: 4");
        // The driver exposes migration_version for this type: it is used verbatim.
        assertThat(v54.migrationVersion()).isEqualTo("8086-3e92-GVTg_V5_4-00020001");
        assertThat(v54.versionFrom()).isEqualTo(VersionSource.DRIVER);
        assertThat(v54.owner()).isEqualTo("intel-gvtg");
        assertThat(v54.attributes()).isEqualTo(V5_4_ATTRIBUTES);

        InventoryJson.TypeJson v58 = type(intel, "i915-GVTg_V5_8");
        assertThat(v58.availableInstances()).isEqualTo(2);
        assertThat(v58.name()).isEqualTo("GVTg_V5_8");
        // No attribute: the intel-gvtg manifest derives it; the tree has no module version, so its default 0.
        assertThat(v58.migrationVersion()).isEqualTo("8086-3e92-i915-GVTg_V5_8-0");
        assertThat(v58.versionFrom()).isEqualTo(VersionSource.PACK);
        assertThat(v58.attributes()).isEqualTo(V5_8_ATTRIBUTES);

        InventoryJson.ParentJson nvidia = parent(host, "0000:3b:00.0");
        assertThat(nvidia.model()).isEqualTo("10de:1eb8");
        assertThat(nvidia.pci()).isEqualTo(new InventoryJson.PciJson("10de", "1eb8", "10de", "12a2", "nvidia", null));
        InventoryJson.TypeJson n222 = type(nvidia, "nvidia-222");
        assertThat(n222.availableInstances()).isEqualTo(4);
        assertThat(n222.name()).isEqualTo("GRID T4-4Q");
        assertThat(n222.description()).startsWith("num_heads=4, frl_config=60");
        // Owned by the nvidia-vgpu pack, which derives nothing: its version strings need the ECC
        // mode, which sysfs does not show, so the version stays empty (refused as malformed).
        assertThat(n222.owner()).isEqualTo("nvidia-vgpu");
        assertThat(n222.migrationVersion()).isEmpty();
        assertThat(n222.versionFrom()).isEqualTo(VersionSource.NONE);
        assertThat(n222.attributes()).isNull();
        InventoryJson.TypeJson n230 = type(nvidia, "nvidia-230");
        assertThat(n230.availableInstances()).isZero();
        assertThat(n230.name()).isNull();
        assertThat(n230.description()).isNull();
    }

    @Test
    void sysfsDevices() {
        InventoryJson.HostJson host = collect(SYSFS);

        assertThat(host.devices()).extracting(InventoryJson.DeviceJson::id)
                .containsExactly("0000:5e:00.2", GVT_V5_8, NVIDIA, GVT_V5_4);
        InventoryJson.DeviceJson v54 = device(host, GVT_V5_4);
        assertThat(v54.kind()).isEqualTo(DeviceKind.MDEV);
        assertThat(v54.parent()).isEqualTo("0000:00:02.0");
        assertThat(v54.deviceApi()).isEqualTo("vfio-pci");
        assertThat(v54.migrationType()).isEqualTo("i915-GVTg_V5_4");
        assertThat(v54.migrationVersion()).isEqualTo("8086-3e92-GVTg_V5_4-00020001");
        assertThat(v54.versionFrom()).isEqualTo(VersionSource.DRIVER);
        assertThat(v54.attributes()).isEqualTo(V5_4_ATTRIBUTES);
        assertThat(v54.assignedTo()).isNull();
        assertThat(v54.pci()).isNull();

        InventoryJson.DeviceJson v58 = device(host, GVT_V5_8);
        assertThat(v58.migrationVersion()).isEqualTo("8086-3e92-i915-GVTg_V5_8-0");
        assertThat(v58.versionFrom()).isEqualTo(VersionSource.PACK);
        assertThat(v58.owner()).isEqualTo("intel-gvtg");

        InventoryJson.DeviceJson nv = device(host, NVIDIA);
        assertThat(nv.parent()).isEqualTo("0000:3b:00.0");
        assertThat(nv.migrationType()).isEqualTo("nvidia-222");
        assertThat(nv.owner()).isEqualTo("nvidia-vgpu");
        assertThat(nv.migrationVersion()).isEmpty();

        InventoryJson.DeviceJson vf = device(host, "0000:5e:00.2");
        assertThat(vf.kind()).isEqualTo(DeviceKind.PHYS);
        assertThat(vf.parent()).isNull();
        assertThat(vf.deviceApi()).isEqualTo("vfio-pci");
        assertThat(vf.migrationType()).isEqualTo("mlx5_vfio_pci:15b3:101e");
        assertThat(vf.owner()).isEqualTo("mlx5-vfio");
        assertThat(vf.versionFrom()).isEqualTo(VersionSource.NONE);
        assertThat(vf.pci()).isEqualTo(new InventoryJson.PciJson("15b3", "101e", "15b3", "0016", "mlx5_vfio_pci", "0000:5e:00.0"));
    }

    @Test
    void theExampleStoresLinksAsFilesAndARealSymlinkTreeGivesTheSameInventory() throws IOException {
        Path real = tmp.resolve("sys");
        try (Stream<Path> files = Files.walk(SYSFS)) {
            for (Path p : files.toList()) {
                Path to = real.resolve(SYSFS.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                    continue;
                }
                String text = Files.readString(p).strip();
                if (text.startsWith("../")) {
                    Files.createSymbolicLink(to, Path.of(text));
                } else {
                    Files.copy(p, to);
                }
            }
        }
        assertThat(Files.isSymbolicLink(real.resolve("class/mdev_bus/0000:00:02.0"))).isTrue();

        Importers.Output flattened = Importers.collect(SYSFS, "host-x", PACKS, NONE);
        Importers.Output linked = Importers.collect(real, "host-x", PACKS, NONE);

        assertThat(linked.json()).isEqualTo(flattened.json());
        assertThat(flattened.warnings()).anyMatch(w -> w.message().contains("links are stored as files"));
        assertThat(linked.warnings()).noneMatch(w -> w.message().contains("links are stored as files"));
    }

    @Test
    void aModuleVersionFileGivesTheGvtgSoftwareVersion() throws IOException {
        Path copy = tmp.resolve("sys");
        copyTree(SYSFS, copy);
        Files.createDirectories(copy.resolve("module/kvmgt"));
        Files.writeString(copy.resolve("module/kvmgt/version"), "2.3.0\n");

        InventoryJson.HostJson host = collect(copy);

        assertThat(device(host, GVT_V5_8).migrationVersion()).isEqualTo("8086-3e92-i915-GVTg_V5_8-2.3.0");
        assertThat(type(parent(host, "0000:00:02.0"), "i915-GVTg_V5_8").migrationVersion())
                .isEqualTo("8086-3e92-i915-GVTg_V5_8-2.3.0");
    }

    @Test
    void mdevctlTypesAndList() {
        InventoryJson.HostJson host = onlyHost(Imports.json(Importers.fromTools("host-m", FORMATS.resolve("mdevctl-types.json"),
                FORMATS.resolve("mdevctl-list.json"), List.of(), PACKS, NONE)));

        assertThat(host.mdevParents()).extracting(InventoryJson.ParentJson::id).containsExactly("0000:00:02.0", "0000:3b:00.0");
        InventoryJson.ParentJson intel = parent(host, "0000:00:02.0");
        // mdevctl knows no PCI ids: the model is the driver, from the type ids.
        assertThat(intel.model()).isEqualTo("i915");
        InventoryJson.TypeJson v54 = type(intel, "i915-GVTg_V5_4");
        assertThat(v54.availableInstances()).isEqualTo(1);
        assertThat(v54.deviceApi()).isEqualTo("vfio-pci");
        assertThat(v54.name()).isEqualTo("GVTg_V5_4");
        assertThat(v54.attributes()).isEqualTo(V5_4_ATTRIBUTES);
        assertThat(v54.owner()).isEqualTo("intel-gvtg");
        // No {vendor} or {device} without PCI ids: nothing derived, and it says so.
        assertThat(v54.migrationVersion()).isEmpty();
        assertThat(v54.versionFrom()).isEqualTo(VersionSource.NONE);
        assertThat(type(intel, "i915-GVTg_V5_8").availableInstances()).isEqualTo(2);
        InventoryJson.ParentJson nvidia = parent(host, "0000:3b:00.0");
        assertThat(type(nvidia, "nvidia-222").description()).startsWith("num_heads=4");
        assertThat(type(nvidia, "nvidia-230").availableInstances()).isZero();

        assertThat(host.devices()).extracting(InventoryJson.DeviceJson::id).containsExactly(GVT_V5_8, NVIDIA, GVT_V5_4);
        assertThat(device(host, GVT_V5_4).migrationType()).isEqualTo("i915-GVTg_V5_4");
        assertThat(device(host, GVT_V5_4).parent()).isEqualTo("0000:00:02.0");
        assertThat(device(host, GVT_V5_8).migrationType()).isEqualTo("i915-GVTg_V5_8");
        assertThat(device(host, NVIDIA).parent()).isEqualTo("0000:3b:00.0");
        assertThat(device(host, NVIDIA).migrationType()).isEqualTo("nvidia-222");
    }

    @Test
    void libvirtNodeDevices() {
        Importers.Output out = Importers.fromTools("host-l", null, null,
                List.of(FORMATS.resolve("nodedev-pci-gvt.xml"), FORMATS.resolve("nodedev-mdev.xml")), PACKS, NONE);
        InventoryJson.HostJson host = onlyHost(Imports.json(out));

        InventoryJson.ParentJson intel = parent(host, "0000:00:02.0");
        assertThat(host.mdevParents()).hasSize(1);
        assertThat(intel.model()).isEqualTo("8086:3e92");
        assertThat(intel.pci()).isEqualTo(new InventoryJson.PciJson("8086", "3e92", null, null, "i915", null));
        InventoryJson.TypeJson v54 = type(intel, "i915-GVTg_V5_4");
        assertThat(v54.name()).isEqualTo("GVTg_V5_4");
        assertThat(v54.deviceApi()).isEqualTo("vfio-pci");
        assertThat(v54.availableInstances()).isEqualTo(1);
        assertThat(v54.description()).as("libvirt shows no description").isNull();
        assertThat(v54.migrationVersion()).isEqualTo("8086-3e92-i915-GVTg_V5_4-0");
        assertThat(type(intel, "i915-GVTg_V5_8").availableInstances()).isEqualTo(2);

        assertThat(host.devices()).extracting(InventoryJson.DeviceJson::id).containsExactly(GVT_V5_4);
        InventoryJson.DeviceJson mdev = device(host, GVT_V5_4);
        assertThat(mdev.parent()).isEqualTo("0000:00:02.0");
        assertThat(mdev.migrationType()).isEqualTo("i915-GVTg_V5_4");
        assertThat(mdev.migrationVersion()).isEqualTo("8086-3e92-i915-GVTg_V5_4-0");
        assertThat(out.warnings()).anyMatch(w -> w.message().contains("{module.kvmgt|module.i915}"));
    }

    @Test
    void aTypeWhosePackDerivesNoVersionIsWarnedAboutOnceNotOncePerDevice(@TempDir Path tmp) throws IOException {
        // The example tree with a second mlx5 VF next to the first: two devices of a type whose
        // pack (mlx5-vfio) cannot derive a version here (no devlink facts), which must give one
        // warning, not two.
        Path tree = tmp.resolve("sys");
        copyTree(SYSFS, tree);
        Path vfs = tree.resolve("devices/pci0000:5d/0000:5d:00.0");
        Files.createDirectories(vfs.resolve("0000:5e:00.3"));
        try (Stream<Path> files = Files.list(vfs.resolve("0000:5e:00.2"))) {
            for (Path p : files.toList()) {
                Files.copy(p, vfs.resolve("0000:5e:00.3").resolve(p.getFileName().toString()));
            }
        }
        Files.writeString(tree.resolve("bus/pci/devices/0000:5e:00.3"), "../../../devices/pci0000:5d/0000:5d:00.0/0000:5e:00.3");

        Importers.Output out = Importers.collect(tree, "host-x", PACKS, NONE);
        assertThat(onlyHost(Imports.json(out)).devices()).extracting(InventoryJson.DeviceJson::id)
                .contains("0000:5e:00.2", "0000:5e:00.3");
        List<String> noVersion = out.warnings().stream().map(Problem::message)
                .filter(m -> m.contains("cannot derive the migration version")).toList();
        assertThat(noVersion).filteredOn(m -> m.contains("of mlx5_vfio_pci:15b3:101e: no value for {attr.devlink.fw.psid}")).hasSize(1);
        assertThat(noVersion).filteredOn(m -> m.contains("of type nvidia-222: no value for {attr.nvidia-smi.pci_device_id}")).hasSize(1);
    }

    @Test
    void concatenatedNodedevDumpsReadLikeSeparateFiles() throws IOException {
        Path both = tmp.resolve("all.xml");
        Files.writeString(both, "<?xml version='1.0'?>\n" + Files.readString(FORMATS.resolve("nodedev-pci-gvt.xml"))
                + Files.readString(FORMATS.resolve("nodedev-mdev.xml")));
        Path dir = tmp.resolve("dir");
        Files.createDirectories(dir);
        Files.copy(FORMATS.resolve("nodedev-pci-gvt.xml"), dir.resolve("a.xml"));
        Files.copy(FORMATS.resolve("nodedev-mdev.xml"), dir.resolve("b.xml"));

        String fromOne = Importers.fromTools("h", null, null, List.of(both), PACKS, NONE).json();
        String fromDir = Importers.fromTools("h", null, null, List.of(dir), PACKS, NONE).json();
        String fromTwo = Importers.fromTools("h", null, null,
                List.of(FORMATS.resolve("nodedev-pci-gvt.xml"), FORMATS.resolve("nodedev-mdev.xml")), PACKS, NONE).json();

        assertThat(fromOne).isEqualTo(fromTwo).isEqualTo(fromDir).contains(GVT_V5_4);
    }

    @Test
    void mdevctlAndLibvirtTogetherGiveIdsAndDescriptions() {
        InventoryJson.HostJson host = onlyHost(Imports.json(Importers.fromTools("host-b", FORMATS.resolve("mdevctl-types.json"),
                FORMATS.resolve("mdevctl-list.json"), List.of(FORMATS.resolve("nodedev-pci-gvt.xml")), PACKS, NONE)));

        InventoryJson.ParentJson intel = parent(host, "0000:00:02.0");
        assertThat(intel.model()).isEqualTo("8086:3e92");
        InventoryJson.TypeJson v58 = type(intel, "i915-GVTg_V5_8");
        assertThat(v58.migrationVersion()).isEqualTo("8086-3e92-i915-GVTg_V5_8-0");
        assertThat(v58.attributes()).isEqualTo(V5_8_ATTRIBUTES);
        assertThat(device(host, GVT_V5_8).migrationVersion()).isEqualTo("8086-3e92-i915-GVTg_V5_8-0");
    }

    @Test
    void theOutputIsCanonical() {
        String once = Importers.collect(SYSFS, "host-x", PACKS, NONE).json();

        assertThat(Importers.collect(SYSFS, "host-x", PACKS, NONE).json()).isEqualTo(once);
        assertThat(once).startsWith("{\n  \"hosts\": [\n").endsWith("  \"version\": 1\n}\n");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
