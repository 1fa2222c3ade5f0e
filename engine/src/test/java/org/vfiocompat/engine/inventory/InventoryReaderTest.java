package org.vfiocompat.engine.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;

/**
 * {@link InventoryReader} on small inventories: what it makes of a good one, and the exact
 * problem (file, JSON pointer, message) it reports for each kind of bad one.
 */
class InventoryReaderTest {

    private static final String MDEV_ID = "6f1e8a52-3c1d-4b8e-9a55-0d2f7c9b1e01";
    private static final String UHD_630 = "Intel UHD Graphics 630 (8086:3e92)";

    /** Two hosts: host-a with a GVT-g parent, an assigned vGPU and a free whole GPU; host-b with an assigned mlx5 VF. */
    static final String GOOD = """
            {
              "version": 1,
              "hosts": [
                {
                  "name": "host-a",
                  "mdevParents": [
                    {
                      "id": "0000:00:02.0",
                      "model": "Intel UHD Graphics 630 (8086:3e92)",
                      "types": [
                        {
                          "migrationType": "i915-GVTg_V5_4",
                          "deviceApi": "vfio-pci",
                          "availableInstances": 3,
                          "migrationVersion": "8086-3e92-i915-GVTg_V5_4-2.1.0",
                          "attributes": {"low_gm_size": "128MB", "high_gm_size": "512MB", "weight": "4"},
                          "name": "GVTg_V5_4",
                          "description": "low_gm_size: 128MB\\nhigh_gm_size: 512MB"
                        },
                        {
                          "migrationType": "i915-GVTg_V5_1",
                          "deviceApi": "vfio-pci",
                          "availableInstances": 0,
                          "migrationVersion": "8086-3e92-i915-GVTg_V5_1-2.1.0"
                        }
                      ]
                    }
                  ],
                  "devices": [
                    {
                      "id": "6f1e8a52-3c1d-4b8e-9a55-0d2f7c9b1e01",
                      "kind": "MDEV",
                      "parent": "0000:00:02.0",
                      "deviceApi": "vfio-pci",
                      "migrationType": "i915-GVTg_V5_4",
                      "migrationVersion": "8086-3e92-i915-GVTg_V5_4-2.1.0",
                      "attributes": {"low_gm_size": "128MB", "weight": "4"},
                      "assignedTo": "vm-web-01"
                    },
                    {
                      "id": "0000:03:00.0",
                      "kind": "PHYS",
                      "deviceApi": "vfio-pci",
                      "migrationType": "vfio-pci:8086:3e92",
                      "migrationVersion": "8086-3e92-vfio-pci-2.1.0"
                    }
                  ]
                },
                {
                  "name": "host-b",
                  "devices": [
                    {
                      "id": "0000:41:00.2",
                      "kind": "PHYS",
                      "deviceApi": "vfio-pci",
                      "migrationType": "mlx5_vfio_pci:15b3:101e",
                      "migrationVersion": "22.36.1010",
                      "assignedTo": "vm-db-01"
                    }
                  ]
                }
              ]
            }
            """;

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ a good inventory

    @Test
    void readsHostsDevicesAndCreatableTypesSorted() {
        InventoryContent content = read(GOOD);

        assertThat(content.hosts()).containsExactly("host-a", "host-b");
        assertThat(content.devices()).extracting(FleetDevice::ref)
                .containsExactly("host-a/0000:03:00.0", "host-a/" + MDEV_ID, "host-b/0000:41:00.2");
        assertThat(content.devices()).filteredOn(FleetDevice::assigned).extracting(FleetDevice::assignedTo)
                .containsExactly("vm-web-01", "vm-db-01");
        assertThat(content.creatable()).extracting(Candidate::ref)
                .containsExactly("host-a/0000:00:02.0/i915-GVTg_V5_4");
    }

    @Test
    void anMdevTakesItsParentModelFromItsParent() {
        FleetDevice mdev = device(read(GOOD), "host-a/" + MDEV_ID);

        assertThat(mdev.host()).isEqualTo("host-a");
        assertThat(mdev.id()).isEqualTo(MDEV_ID);
        assertThat(mdev.parent()).isEqualTo("0000:00:02.0");
        assertThat(mdev.assignedTo()).isEqualTo("vm-web-01");
        assertThat(mdev.assigned()).isTrue();
        DeviceProfile p = mdev.profile();
        assertThat(p.getKind()).isEqualTo(DeviceKind.MDEV);
        assertThat(p.getDeviceApi()).isEqualTo("vfio-pci");
        assertThat(p.getMigrationType()).isEqualTo("i915-GVTg_V5_4");
        assertThat(p.getMigrationVersion()).isEqualTo("8086-3e92-i915-GVTg_V5_4-2.1.0");
        assertThat(p.getAttributes()).containsExactly(Map.entry("low_gm_size", "128MB"), Map.entry("weight", "4"));
        assertThat(p.getParentModel()).isEqualTo(UHD_630);
    }

    @Test
    void aPhysDeviceHasNoParentAndAFreeDeviceNoVm() {
        FleetDevice phys = device(read(GOOD), "host-a/0000:03:00.0");

        assertThat(phys.parent()).isEmpty();
        assertThat(phys.assignedTo()).isEmpty();
        assertThat(phys.assigned()).isFalse();
        assertThat(phys.profile().getKind()).isEqualTo(DeviceKind.PHYS);
        assertThat(phys.profile().getMigrationType()).isEqualTo("vfio-pci:8086:3e92");
        assertThat(phys.profile().getParentModel()).isEmpty();
        assertThat(phys.profile().getAttributes()).isEmpty();
        assertThat(phys.asCandidate().kind()).isEqualTo(CandidateKind.EXISTING);
        assertThat(phys.asCandidate().capacity()).isEqualTo(1);
    }

    @Test
    void aTypeWithInstancesLeftIsACreatableCandidateWithThatCapacity() {
        Candidate c = read(GOOD).creatable().get(0);

        assertThat(c.host()).isEqualTo("host-a");
        assertThat(c.id()).isEqualTo("0000:00:02.0/i915-GVTg_V5_4");
        assertThat(c.kind()).isEqualTo(CandidateKind.CREATABLE);
        assertThat(c.capacity()).isEqualTo(3);
        DeviceProfile p = c.profile();
        assertThat(p.getKind()).isEqualTo(DeviceKind.MDEV);
        assertThat(p.getDeviceApi()).isEqualTo("vfio-pci");
        assertThat(p.getMigrationType()).isEqualTo("i915-GVTg_V5_4");
        assertThat(p.getMigrationVersion()).isEqualTo("8086-3e92-i915-GVTg_V5_4-2.1.0");
        assertThat(p.getAttributes()).containsOnlyKeys("low_gm_size", "high_gm_size", "weight");
        assertThat(p.getParentModel()).isEqualTo(UHD_630);
    }

    @Test
    void aTypeWithNoInstancesLeftIsNoCandidate() {
        InventoryContent content = read(GOOD.replace("\"availableInstances\": 3", "\"availableInstances\": 0"));

        assertThat(content.creatable()).isEmpty();
    }

    @Test
    void devicesMdevParentsAndTypesMayBeLeftOut() {
        InventoryContent content = read("""
                {"version": 1, "hosts": [
                  {"name": "host-a"},
                  {"name": "host-b", "mdevParents": [{"id": "0000:00:02.0", "model": "Intel HD Graphics 530 (8086:1912)"}]}
                ]}
                """);

        assertThat(content.hosts()).containsExactly("host-a", "host-b");
        assertThat(content.devices()).isEmpty();
        assertThat(content.creatable()).isEmpty();
    }

    @Test
    void noHostsIsAnEmptyFleet() {
        InventoryContent content = read("{\"version\": 1, \"hosts\": []}");

        assertThat(content.hosts()).isEmpty();
        assertThat(content.devices()).isEmpty();
    }

    // ------------------------------------------------------------------ JSON that does not parse

    @Test
    void malformedJsonIsLocatedByLineAndColumn() {
        Problem p = only(problems("""
                {
                  "version": 1,
                  "hosts": [
                    {"name": "host-a",}
                  ]
                }
                """));

        assertThat(p.file()).isEqualTo("fleet.json");
        assertThat(p.location()).isEqualTo(Location.line("fleet.json", 4, 23));
        assertThat(p.message()).contains("Unexpected character ('}'");
    }

    @Test
    void aTruncatedFileIsLocatedByLineAndColumn() {
        Problem p = only(problems("{\n  \"version\": 1,\n  \"hosts\": ["));

        assertThat(p.file()).isEqualTo("fleet.json");
        assertThat(p.location().line()).hasValue(3);
        assertThat(p.location().column()).isPresent();
        assertThat(p.message()).contains("end-of-input");
    }

    @Test
    void anEmptyFileIsNotValidJson() {
        Problem p = only(problems(""));

        assertThat(p.location().line()).hasValue(1);
        assertThat(p.location().column()).isPresent();
        assertThat(p.message()).startsWith("not valid JSON: ");
    }

    @Test
    void aDuplicateKeyIsAnError() {
        Problem p = only(problems("{\"version\": 1, \"version\": 1, \"hosts\": []}"));

        assertThat(p.location()).isEqualTo(Location.line("fleet.json", 1, 25));
        assertThat(p.message()).isEqualTo("not valid JSON: Duplicate field 'version'");
    }

    @Test
    void contentAfterTheObjectIsAnError() {
        // A second inventory document after the first is read (concatenated collect outputs,
        // InventoryStreamTest); anything else is not.
        Problem p = only(problems("{\"version\": 1, \"hosts\": []} ]"));

        assertThat(p.location().line()).hasValue(1);
        assertThat(p.location().column()).isPresent();
        assertThat(p.message()).startsWith("not valid JSON: ");
    }

    /** Found by fuzzing: Jackson described where the root began in its own words, quoting the input raw. */
    @Test
    void anUnexpectedCloseMarkerIsSaidWithoutJacksonsSourceDescription() {
        Problem p = only(problems("{]"));

        assertThat(p.toString()).isEqualTo("fleet.json at line 1:2: not valid JSON: Unexpected close marker ']': expected '}'");
    }

    @Test
    void jsonNullIsNoInventory() {
        Problem p = only(problems("null"));

        assertThat(p.location().wholeFile()).isTrue();
        assertThat(p.message()).isEqualTo("the file holds JSON null, not an object");
    }

    @Test
    void aMissingFileIsReported() {
        try {
            InventoryReader.read(dir.resolve("nowhere.json"), "nowhere.json");
            fail("reading a missing file should fail");
        } catch (InvalidInventoryException e) {
            assertThat(e.problems()).containsExactly(new Problem(ProblemCodes.FILE_NOT_FOUND, Location.file("nowhere.json"), "no such file"));
        }
    }

    // ------------------------------------------------------------------ JSON of the wrong shape

    @Test
    void anUnknownFieldIsPointedAt() {
        Problem p = only(problems(once(GOOD, "\"name\": \"host-b\",", "\"name\": \"host-b\", \"rack\": \"r2\",")));

        assertThat(p.file()).isEqualTo("fleet.json");
        assertThat(pointer(p)).isEqualTo("/hosts/1/rack");
        assertThat(p.message()).isEqualTo("unknown field 'rack' (known fields: devices, mdevParents, name, software)");
    }

    @Test
    void aMisspelledOptionalFieldIsAnUnknownField() {
        Problem p = only(problems(once(GOOD, "\"assignedTo\": \"vm-db-01\"", "\"assigned_to\": \"vm-db-01\"")));

        assertThat(pointer(p)).isEqualTo("/hosts/1/devices/0/assigned_to");
        assertThat(p.message()).startsWith("unknown field 'assigned_to' (known fields: assignedTo, attributes, ");
    }

    @Test
    void aMisspelledRequiredFieldIsReportedMissing() {
        // the object cannot be made without the required field, and that is found before the unknown one
        Problem p = only(problems(once(GOOD, "\"availableInstances\": 3", "\"available_instances\": 3")));

        assertThat(pointer(p)).isEqualTo("/hosts/0/mdevParents/0/types/0/availableInstances");
        assertThat(p.message()).isEqualTo("missing required field 'availableInstances'");
    }

    @Test
    void aWrongEnumValueListsTheAllowedOnes() {
        String json = """
                {
                  "version": 1,
                  "hosts": [
                    {"name": "host-a"},
                    {"name": "host-b"},
                    {"name": "host-c"},
                    {
                      "name": "host-d",
                      "devices": [
                        {
                          "id": "0000:03:00.0",
                          "kind": "GPU",
                          "deviceApi": "vfio-pci",
                          "migrationType": "vfio-pci:8086:3e92",
                          "migrationVersion": "8086-3e92-vfio-pci-2.1.0"
                        }
                      ]
                    }
                  ]
                }
                """;
        Problem p = only(problems(json));

        assertThat(p.file()).isEqualTo("fleet.json");
        assertThat(pointer(p)).isEqualTo("/hosts/3/devices/0/kind");
        assertThat(p.message()).isEqualTo("expected one of MDEV, PHYS, got \"GPU\"");
        // the line docs/inventory.md shows
        assertThat(p).hasToString("fleet.json at /hosts/3/devices/0/kind (line 12:19): expected one of MDEV, PHYS, got \"GPU\"");
    }

    @Test
    void enumValuesAreCaseSensitive() {
        Problem p = only(problems(once(GOOD, "\"kind\": \"MDEV\"", "\"kind\": \"mdev\"")));

        assertThat(pointer(p)).isEqualTo("/hosts/0/devices/0/kind");
        assertThat(p.message()).isEqualTo("expected one of MDEV, PHYS, got \"mdev\"");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        Problem p = only(problems(once(GOOD, "\"migrationType\": \"vfio-pci:8086:3e92\",", "")));

        assertThat(p.file()).isEqualTo("fleet.json");
        assertThat(pointer(p)).isEqualTo("/hosts/0/devices/1/migrationType");
        assertThat(p.message()).isEqualTo("missing required field 'migrationType'");
    }

    @Test
    void theVersionIsRequired() {
        Problem p = only(problems("{\"hosts\": []}"));

        assertThat(pointer(p)).isEqualTo("/version");
        assertThat(p.message()).isEqualTo("missing required field 'version'");
    }

    @Test
    void aStringWhereANumberBelongsIsAWrongType() {
        Problem p = only(problems(once(GOOD, "\"availableInstances\": 3", "\"availableInstances\": \"3\"")));

        assertThat(pointer(p)).isEqualTo("/hosts/0/mdevParents/0/types/0/availableInstances");
        // what the file holds there too (the streaming reader's databind fallback once lost it)
        assertThat(p.message()).isEqualTo("expected an integer, got a string (\"3\")");
    }

    @Test
    void aFractionWhereAnIntegerBelongsIsAWrongType() {
        Problem p = only(problems(once(GOOD, "\"availableInstances\": 3", "\"availableInstances\": 2.5")));

        assertThat(pointer(p)).isEqualTo("/hosts/0/mdevParents/0/types/0/availableInstances");
        assertThat(p.message()).startsWith("expected an integer");
    }

    @Test
    void aNumberWhereAStringBelongsIsAWrongType() {
        Problem p = only(problems(once(GOOD, "\"name\": \"host-b\"", "\"name\": 2")));

        assertThat(pointer(p)).isEqualTo("/hosts/1/name");
        assertThat(p.message()).startsWith("expected a string");
    }

    @Test
    void attributeValuesAreStrings() {
        Problem p = only(problems(once(GOOD, "\"low_gm_size\": \"128MB\", \"weight\": \"4\"}", "\"low_gm_size\": \"128MB\", \"weight\": 4}")));

        assertThat(pointer(p)).isEqualTo("/hosts/0/devices/0/attributes/weight");
        assertThat(p.message()).startsWith("expected a string");
    }

    @Test
    void anObjectWhereAnArrayBelongsIsAWrongType() {
        Problem p = only(problems("{\"version\": 1, \"hosts\": {\"host-a\": {}}}"));

        assertThat(pointer(p)).isEqualTo("/hosts");
        assertThat(p.message()).startsWith("expected an array");
    }

    // ------------------------------------------------------------------ what the shape cannot say

    @Test
    void anUnsupportedVersionIsRefused() {
        Problem p = only(problems(once(GOOD, "\"version\": 1", "\"version\": 2")));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_UNSUPPORTED_VERSION, Location.pointer("fleet.json", "/version"),
                "inventory version 2 is not supported; this tool reads version 1"));
    }

    @Test
    void aHostNameAppearsOnce() {
        Problem p = only(problems(once(GOOD, "\"name\": \"host-b\"", "\"name\": \"host-a\"")));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_DUPLICATE, Location.pointer("fleet.json", "/hosts/1/name"), "host 'host-a' appears twice"));
    }

    @Test
    void aHostNameHasNoSlashOrSpace() {
        Problem p = only(problems(once(GOOD, "\"name\": \"host-b\"", "\"name\": \"rack 2/host-b\"")));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer("fleet.json", "/hosts/1/name"),
                "host name must be non-empty and contain no '/' or spaces"));
    }

    @Test
    void aDeviceIdAppearsOnceOnItsHost() {
        Problem p = only(problems(once(GOOD, "\"id\": \"0000:03:00.0\"", "\"id\": \"" + MDEV_ID + "\"")));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_DUPLICATE, Location.pointer("fleet.json", "/hosts/0/devices/1/id"),
                "device '" + MDEV_ID + "' appears twice on host host-a"));
    }

    @Test
    void theSameDeviceIdOnTwoHostsIsFine() {
        InventoryContent content = read(once(GOOD, "\"id\": \"0000:41:00.2\"", "\"id\": \"0000:03:00.0\""));

        assertThat(content.devices()).extracting(FleetDevice::ref).contains("host-a/0000:03:00.0", "host-b/0000:03:00.0");
    }

    @Test
    void anMdevNeedsAParent() {
        Problem p = only(problems(once(GOOD, "\"parent\": \"0000:00:02.0\",", "")));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_BAD_PARENT, Location.pointer("fleet.json", "/hosts/0/devices/0"),
                "an MDEV device needs 'parent', the id of one of the host's mdevParents"));
    }

    @Test
    void anMdevsParentMustBeOnItsHost() {
        Problem p = only(problems(once(GOOD, "\"parent\": \"0000:00:02.0\"", "\"parent\": \"0000:00:03.0\"")));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_BAD_PARENT, Location.pointer("fleet.json", "/hosts/0/devices/0/parent"),
                "parent '0000:00:03.0' is not among the mdevParents of host host-a"));
    }

    @Test
    void aPhysDeviceHasNoParent() {
        Problem p = only(problems(once(GOOD, "\"id\": \"0000:03:00.0\",", "\"id\": \"0000:03:00.0\", \"parent\": \"0000:00:02.0\",")));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_BAD_PARENT, Location.pointer("fleet.json", "/hosts/0/devices/1/parent"), "a PHYS device has no mdev parent"));
    }

    @Test
    void availableInstancesIsNeverNegative() {
        Problem p = only(problems(once(GOOD, "\"availableInstances\": 3", "\"availableInstances\": -1")));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer("fleet.json", "/hosts/0/mdevParents/0/types/0/availableInstances"), "must be 0 or more"));
    }

    @Test
    void aParentIdAppearsOnceOnItsHost() {
        String parent = "{\"id\": \"0000:00:02.0\", \"model\": \"Intel UHD Graphics 630 (8086:3e92)\"}";
        Problem p = only(problems("{\"version\": 1, \"hosts\": [{\"name\": \"host-a\", \"mdevParents\": [" + parent + ", " + parent + "]}]}"));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_DUPLICATE, Location.pointer("fleet.json", "/hosts/0/mdevParents/1/id"),
                "parent '0000:00:02.0' appears twice on host host-a"));
    }

    @Test
    void aTypeAppearsOnceOnItsParent() {
        Problem p = only(problems(once(GOOD, "\"migrationType\": \"i915-GVTg_V5_1\"", "\"migrationType\": \"i915-GVTg_V5_4\"")));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_DUPLICATE, Location.pointer("fleet.json", "/hosts/0/mdevParents/0/types/1/migrationType"),
                "type 'i915-GVTg_V5_4' appears twice on parent 0000:00:02.0"));
    }

    @Test
    void profileTextFieldsAreNotBlank() {
        Problem p = only(problems(once(GOOD, "\"migrationType\": \"mlx5_vfio_pci:15b3:101e\"", "\"migrationType\": \" \"")));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer("fleet.json", "/hosts/1/devices/0/migrationType"), "must be a non-empty string"));
    }

    @Test
    void assignedToNamesAVm() {
        Problem p = only(problems(once(GOOD, "\"assignedTo\": \"vm-db-01\"", "\"assignedTo\": \"\"")));

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer("fleet.json", "/hosts/1/devices/0/assignedTo"), "must name a VM, or be left out"));
    }

    @Test
    void nullWhereAValueBelongsIsReportedNotThrown() {
        String json = once(once(once(once(GOOD,
                "\"kind\": \"PHYS\",\n          \"deviceApi\": \"vfio-pci\",\n          \"migrationType\": \"vfio-pci",
                "\"kind\": null,\n          \"deviceApi\": \"vfio-pci\",\n          \"migrationType\": \"vfio-pci"),
                "\"migrationVersion\": \"22.36.1010\"", "\"migrationVersion\": null"),
                "\"migrationVersion\": \"8086-3e92-i915-GVTg_V5_1-2.1.0\"", "\"migrationVersion\": null"),
                "\"low_gm_size\": \"128MB\", \"weight\": \"4\"}", "\"low_gm_size\": \"128MB\", \"weight\": null}");

        assertThat(problems(json)).containsExactly(
                new Problem(ProblemCodes.JSON_NULL, Location.pointer("fleet.json", "/hosts/0/mdevParents/0/types/1/migrationVersion"), "must be a string, not null"),
                new Problem(ProblemCodes.JSON_NULL, Location.pointer("fleet.json", "/hosts/0/devices/0/attributes/weight"), "attribute values are strings, not null"),
                new Problem(ProblemCodes.JSON_NULL, Location.pointer("fleet.json", "/hosts/0/devices/1/kind"), "must be one of MDEV, PHYS, not null"),
                new Problem(ProblemCodes.JSON_NULL, Location.pointer("fleet.json", "/hosts/1/devices/0/migrationVersion"), "must be a string, not null"));
    }

    /** Found by fuzzing: an explicit null for an optional list or map was read as if it were absent. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "{\"name\": \"h\", \"devices\": null}|/hosts/0/devices",
        "{\"name\": \"h\", \"mdevParents\": null}|/hosts/0/mdevParents",
        "{\"name\": \"h\", \"mdevParents\": [{\"id\": \"p\", \"model\": \"m\", \"types\": null}]}|/hosts/0/mdevParents/0/types",
        "{\"name\": \"h\", \"mdevParents\": [{\"id\": \"p\", \"model\": \"m\", \"types\": [{\"migrationType\": \"t\", "
            + "\"deviceApi\": \"vfio-pci\", \"availableInstances\": 1, \"migrationVersion\": \"1\", \"attributes\": null}]}]}"
            + "|/hosts/0/mdevParents/0/types/0/attributes",
        "{\"name\": \"h\", \"devices\": [{\"id\": \"d\", \"kind\": \"PHYS\", \"deviceApi\": \"vfio-pci\", "
            + "\"migrationType\": \"t\", \"migrationVersion\": \"1\", \"attributes\": null}]}|/hosts/0/devices/0/attributes"})
    void nullForAnOptionalListOrMapIsRefusedWhereItStands(String host, String pointer) {
        Problem p = only(problems("{\"version\": 1, \"hosts\": [" + host + "]}"));

        assertThat(p.code()).isEqualTo(ProblemCodes.JSON_NULL);
        assertThat(p.location().pointer()).hasValue(pointer);
        assertThat(p.message()).isEqualTo("must not be null");
    }

    @Test
    void nullEntriesInArraysAreReported() {
        List<Problem> problems = problems("""
                {"version": 1, "hosts": [
                  null,
                  {"name": "host-a", "mdevParents": [null], "devices": [null]}
                ]}
                """);

        assertThat(problems).containsExactly(
                new Problem(ProblemCodes.JSON_NULL, Location.pointer("fleet.json", "/hosts/0"), "a host must be an object, not null"),
                new Problem(ProblemCodes.JSON_NULL, Location.pointer("fleet.json", "/hosts/1/mdevParents/0"), "a parent must be an object, not null"),
                new Problem(ProblemCodes.JSON_NULL, Location.pointer("fleet.json", "/hosts/1/devices/0"), "a device must be an object, not null"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String json = once(once(once(once(GOOD,
                "\"version\": 1", "\"version\": 3"),
                "\"availableInstances\": 3", "\"availableInstances\": -2"),
                "\"parent\": \"0000:00:02.0\"", "\"parent\": \"0000:00:03.0\""),
                "\"id\": \"0000:03:00.0\",", "\"id\": \"0000:03:00.0\", \"parent\": \"0000:00:02.0\",");
        String twoHostsAlike = once(json, "\"name\": \"host-b\"", "\"name\": \"host-a\"");

        try {
            InventoryReader.read(write(twoHostsAlike), "fleet.json");
            fail("reading should fail");
        } catch (InvalidInventoryException e) {
            assertThat(e.problems()).extracting(p -> p.location().where()).containsExactly(
                    "/version",
                    "/hosts/0/mdevParents/0/types/0/availableInstances",
                    "/hosts/0/devices/0/parent",
                    "/hosts/0/devices/1/parent",
                    "/hosts/1/name");
            assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo("fleet.json"));
            assertThat(e).hasMessage("fleet.json at /version: inventory version 3 is not supported; "
                    + "this tool reads version 1 (and 4 more)");
        }
    }

    // ------------------------------------------------------------------ helpers

    private Path write(String json) {
        try {
            return Files.writeString(dir.resolve("inventory-under-test.json"), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private InventoryContent read(String json) {
        return InventoryReader.read(write(json), "fleet.json");
    }

    /** The problems reading {@code json} reports; the file is shown as {@code fleet.json}. */
    private List<Problem> problems(String json) {
        Path file = write(json);
        try {
            InventoryContent content = InventoryReader.read(file, "fleet.json");
            return fail("reading should fail, but gave " + content);
        } catch (InvalidInventoryException e) {
            assertThat(e.problems()).isNotEmpty();
            return e.problems();
        }
    }

    private static Problem only(List<Problem> problems) {
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    /** The JSON pointer of a problem's location, without the {@code (line L:C)} a parse error adds. */
    private static String pointer(Problem p) {
        assertThat(p.location().part()).as("location of %s", p).isEmpty();
        return p.location().pointer().orElseThrow(() -> new AssertionError("no JSON pointer in " + p));
    }

    private static FleetDevice device(InventoryContent content, String ref) {
        return content.devices().stream().filter(d -> d.ref().equals(ref)).findFirst()
                .orElseThrow(() -> new AssertionError("no device " + ref));
    }

    /** {@code text} with its one occurrence of {@code from} replaced. */
    private static String once(String text, String from, String to) {
        int at = text.indexOf(from);
        assertThat(at).as("'%s' in the fixture", from).isNotNegative();
        assertThat(text.indexOf(from, at + 1)).as("'%s' appears once in the fixture", from).isNegative();
        return text.substring(0, at) + to + text.substring(at + from.length());
    }
}
