package org.vfiocompat.engine.importer;

import org.vfiocompat.engine.Inventories;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.vfiocompat.engine.importer.ExampleImportTest.GVT_V5_4;
import static org.vfiocompat.engine.importer.ExampleImportTest.GVT_V5_8;
import static org.vfiocompat.engine.importer.Imports.FORMATS;
import static org.vfiocompat.engine.importer.Imports.NONE;
import static org.vfiocompat.engine.importer.Imports.PACKS;
import static org.vfiocompat.engine.importer.Imports.SYSFS;
import static org.vfiocompat.engine.importer.Imports.onlyHost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.inventory.InventoryJson;

/** What a collector meets on real hosts: each case is a warning with the path, or an error naming it, never a crash. */
class RobustnessTest {

    @TempDir
    Path tmp;
    Path sys;
    Path intel;

    @BeforeEach
    void copyTheExample() throws IOException {
        sys = tmp.resolve("sys");
        ExampleImportTest.copyTree(SYSFS, sys);
        intel = sys.resolve("devices/pci0000:00/0000:00:02.0");
    }

    private Importers.Output collect() {
        return Importers.collect(sys, "h", PACKS, NONE);
    }

    private static List<String> warnings(Importers.Output out) {
        return out.warnings().stream().map(Problem::toString).toList();
    }

    @Test
    void aDanglingParentLinkIsAWarningAndTheRestIsCollected() throws IOException {
        Files.writeString(sys.resolve("class/mdev_bus/0000:00:02.0"), "../../devices/pci0000:00/0000:00:09.0");

        Importers.Output out = collect();

        assertThat(warnings(out)).contains(sys.resolve("class/mdev_bus/0000:00:02.0")
                + ": dangling link to ../../devices/pci0000:00/0000:00:09.0; left out");
        InventoryJson.HostJson host = onlyHost(Imports.json(out));
        assertThat(host.mdevParents()).extracting(InventoryJson.ParentJson::id).containsExactly("0000:3b:00.0");
        assertThat(warnings(out)).anyMatch(w -> w.contains(GVT_V5_4) && w.contains("its parent 0000:00:02.0 is not an mdev parent"));
    }

    @Test
    void aRealDanglingSymlinkIsAWarningToo() throws IOException {
        Path link = sys.resolve("bus/mdev/devices/" + GVT_V5_4);
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("../../../devices/nowhere/" + GVT_V5_4));

        Importers.Output out = collect();

        assertThat(warnings(out)).anyMatch(w -> w.startsWith(link + ": dangling link"));
        assertThat(Imports.json(out).hosts().get(0).devices()).extracting(InventoryJson.DeviceJson::id).doesNotContain(GVT_V5_4);
    }

    @Test
    void aDescriptionThatIsNotUtf8IsAWarningAndLeftOut() throws IOException {
        Path description = intel.resolve("mdev_supported_types/i915-GVTg_V5_8/description");
        Files.write(description, new byte[] {'f', 'e', 'n', 'c', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});

        Importers.Output out = collect();

        assertThat(warnings(out)).contains(description + ": not valid UTF-8; ignored");
        InventoryJson.TypeJson v58 = Imports.type(Imports.parent(onlyHost(Imports.json(out)), "0000:00:02.0"), "i915-GVTg_V5_8");
        assertThat(v58.description()).isNull();
        assertThat(v58.attributes()).isNull();
    }

    @Test
    void aDeviceApiThatIsNotUtf8IsAnErrorNamingThePath() throws IOException {
        Path api = intel.resolve("mdev_supported_types/i915-GVTg_V5_8/device_api");
        Files.write(api, new byte[] {(byte) 0xc3, (byte) 0x28});

        assertThatThrownBy(this::collect).isInstanceOfSatisfying(InvalidInventoryException.class,
                e -> assertThat(e.problems()).contains(new Problem(ProblemCodes.FILE_NOT_UTF8, Location.file(api.toString()), "not valid UTF-8")));
    }

    @Test
    void missingOptionalFilesAreFine() throws IOException {
        Files.delete(intel.resolve("mdev_supported_types/i915-GVTg_V5_8/name"));
        Files.delete(intel.resolve("mdev_supported_types/i915-GVTg_V5_8/description"));
        Files.delete(intel.resolve("subsystem_vendor"));

        Importers.Output out = collect();

        InventoryJson.ParentJson p = Imports.parent(onlyHost(Imports.json(out)), "0000:00:02.0");
        assertThat(Imports.type(p, "i915-GVTg_V5_8").name()).isNull();
        assertThat(p.pci().subsystemVendor()).isNull();
        assertThat(warnings(out)).noneMatch(w -> w.contains("i915-GVTg_V5_8/name") || w.contains("subsystem_vendor"));
    }

    @Test
    void aMissingMandatoryFileLeavesTheTypeOutWithAWarning() throws IOException {
        Path type = intel.resolve("mdev_supported_types/i915-GVTg_V5_8");
        Files.delete(type.resolve("available_instances"));

        Importers.Output out = collect();

        assertThat(warnings(out)).contains(type.resolve("available_instances") + ": missing",
                type + ": type left out: device_api and available_instances are mandatory");
        assertThat(warnings(out)).anyMatch(w -> w.contains(GVT_V5_8) && w.contains("type i915-GVTg_V5_8 is not among the types"));
    }

    @Test
    void anUnknownDeviceApiIsKeptWithAWarning() throws IOException {
        Path api = intel.resolve("mdev_supported_types/i915-GVTg_V5_8/device_api");
        Files.writeString(api, "vfio-quantum\n");

        Importers.Output out = collect();

        assertThat(warnings(out)).contains(api + ": unknown device API 'vfio-quantum'; kept as it is");
        assertThat(Imports.device(onlyHost(Imports.json(out)), GVT_V5_8).deviceApi()).isEqualTo("vfio-quantum");
    }

    @Test
    void aMalformedRequiredValueIsAnErrorNamingThePath() throws IOException {
        Path count = intel.resolve("mdev_supported_types/i915-GVTg_V5_4/available_instances");
        Files.writeString(count, "many\n");
        Path vendor = sys.resolve("devices/pci0000:5d/0000:5d:00.0/0000:5e:00.2/vendor");
        Files.writeString(vendor, "0xnothex\n");

        assertThatThrownBy(this::collect).isInstanceOfSatisfying(InvalidInventoryException.class,
                e -> assertThat(e.problems()).containsExactly(
                        new Problem(ProblemCodes.IMPORT_MALFORMED, Location.file(count.toString()), "not a count of 0 or more: 'many'"),
                        new Problem(ProblemCodes.IMPORT_MALFORMED, Location.file(vendor.toString()), "not a PCI id: '0xnothex'")));
    }

    @Test
    void anUnreadableFileIsAWarning() throws IOException {
        assumeThat(System.getProperty("user.name")).as("root reads files whatever their mode").isNotEqualTo("root");
        Path version = intel.resolve("mdev_supported_types/i915-GVTg_V5_4/migration_version");
        Files.setPosixFilePermissions(version, PosixFilePermissions.fromString("---------"));
        assumeThat(Files.isReadable(version)).as("the file system honours the mode").isFalse();

        Importers.Output out = collect();

        assertThat(warnings(out)).contains(version + ": cannot be read: permission denied");
        assertThat(Imports.type(Imports.parent(onlyHost(Imports.json(out)), "0000:00:02.0"), "i915-GVTg_V5_4").versionFrom())
                .isEqualTo(InventoryJson.VersionSource.PACK);
    }

    @Test
    void aVeryLargeDirectoryIsCutWithAWarning() throws IOException {
        for (int i = 0; i < 5; i++) {
            Files.createDirectories(sys.resolve("bus/pci/devices/0000:77:00." + i));
        }

        Importers.Output out = Importers.collect(sys, "h", PACKS, NONE, 4);

        assertThat(warnings(out)).contains(sys.resolve("bus/pci/devices") + ": more than 4 entries; the rest are left out");
        Imports.json(out);
    }

    @Test
    void anOversizedAttributeIsIgnoredWithAWarning() throws IOException {
        Path description = intel.resolve("mdev_supported_types/i915-GVTg_V5_4/description");
        Files.writeString(description, "x".repeat(SysfsScanner.MAX_ATTRIBUTE_BYTES + 1));

        assertThat(warnings(collect())).contains(description + ": larger than 65536 bytes; ignored");
    }

    @Test
    void xmlWithAnExternalEntityIsRefusedNotFetched() throws IOException {
        Path hostile = tmp.resolve("xxe.xml");
        Files.writeString(hostile, """
                <?xml version="1.0"?>
                <!DOCTYPE device [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <device><name>&secret;</name></device>
                """);

        assertThatThrownBy(() -> Importers.fromTools("h", null, null, List.of(hostile), PACKS, NONE))
                .isInstanceOfSatisfying(InvalidInventoryException.class, e -> {
                    assertThat(e.problems()).as(e.problems().toString()).hasSize(1);
                    assertThat(e.problems().get(0).file()).isEqualTo(hostile.toString());
                    assertThat(e.problems().get(0).location().where()).isEqualTo("line 2");
                    assertThat(e.problems().get(0).toString()).doesNotContain("root:");
                });
    }

    @Test
    void brokenXmlIsAnErrorWithLineAndColumn() throws IOException {
        Path broken = tmp.resolve("broken.xml");
        Files.writeString(broken, "<device>\n  <name>pci_0000_00_02_0</name>\n  <capability type='pci'>\n</device>\n");

        assertThatThrownBy(() -> Importers.fromTools("h", null, null, List.of(broken), PACKS, NONE))
                .isInstanceOfSatisfying(InvalidInventoryException.class,
                        e -> assertThat(e.problems().get(0).location().where()).isEqualTo("line 4:3"));
    }

    @Test
    void malformedMdevctlJsonIsAnErrorWithThePlace() throws IOException {
        Path types = tmp.resolve("types.json");
        Files.writeString(types, """
                [{"0000:00:02.0": [{"i915-GVTg_V5_4": {"available_instances": "one", "device_api": "vfio-pci"}}]}]
                """);

        assertThatThrownBy(() -> Importers.fromTools("h", types, null, List.of(), PACKS, NONE))
                .isInstanceOfSatisfying(InvalidInventoryException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem(ProblemCodes.IMPORT_MALFORMED, Location.pointer(types.toString(), "/0/0000:00:02.0/0/i915-GVTg_V5_4/available_instances"),
                                "missing or not an integer of 0 or more")));
    }

    @Test
    void emptyMdevctlOutputMeansNothingListed() throws IOException {
        Path list = tmp.resolve("list.json");
        Files.writeString(list, "");

        Importers.Output out = Importers.fromTools("h", FORMATS.resolve("mdevctl-types.json"), list, List.of(), PACKS, NONE);

        assertThat(onlyHost(Imports.json(out)).devices()).isEmpty();
        assertThat(warnings(out)).contains(list + ": empty: nothing listed");
    }

    @Test
    void assignmentsComeFromDomainXmlAndLists() throws IOException {
        Path domains = tmp.resolve("domains.xml");
        Files.writeString(domains, """
                <domain type='kvm'><name>vm-web</name><devices>
                  <hostdev mode='subsystem' type='mdev' model='vfio-pci'>
                    <source><address uuid='8D9C0F5E-2B7A-4A4E-9C1E-3F6B2D8E7A10'/></source>
                  </hostdev>
                </devices></domain>
                <domain type='kvm'><name>vm-db</name><devices>
                  <hostdev mode='subsystem' type='pci' managed='yes'>
                    <source><address domain='0x0000' bus='0x5e' slot='0x00' function='0x2'/></source>
                  </hostdev>
                </devices></domain>
                """);
        Path list = tmp.resolve("assigned.txt");
        Files.writeString(list, "# device vm\n" + GVT_V5_8 + " vm-ci\n0000:99:00.0 vm-gone\n");

        Importers.Output out = Importers.collect(sys, "h", PACKS,
                new Inventories.Assignments(List.of(list), List.of(domains)));

        InventoryJson.HostJson host = onlyHost(Imports.json(out));
        assertThat(Imports.device(host, GVT_V5_4).assignedTo()).isEqualTo("vm-web");
        assertThat(Imports.device(host, "0000:5e:00.2").assignedTo()).isEqualTo("vm-db");
        assertThat(Imports.device(host, GVT_V5_8).assignedTo()).isEqualTo("vm-ci");
        assertThat(Imports.device(host, ExampleImportTest.NVIDIA).assignedTo()).isNull();
        assertThat(warnings(out)).anyMatch(w -> w.contains("0000:99:00.0 (assigned to vm-gone) is not a VFIO device of host h"));
    }

    @Test
    void aDeviceAssignedToTwoVmsIsAnError() throws IOException {
        Path list = tmp.resolve("assigned.txt");
        Files.writeString(list, GVT_V5_8 + " vm-a\n" + GVT_V5_8 + " vm-b\nno-vm-here\n");

        assertThatThrownBy(() -> Importers.collect(sys, "h", PACKS, new Inventories.Assignments(List.of(list), List.of())))
                .isInstanceOfSatisfying(InvalidInventoryException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem(ProblemCodes.IMPORT_CONFLICT, Location.line(list.toString(), 2), "device " + GVT_V5_8 + " is assigned to vm-b here and to vm-a at "
                                + list + " at line 1"),
                        new Problem(ProblemCodes.IMPORT_MALFORMED, Location.line(list.toString(), 3), "expected '<device id> <vm>', got 'no-vm-here'")));
    }
}
