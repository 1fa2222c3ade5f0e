package org.vfiocompat.engine.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.rules.DeviceKind;

/**
 * examples/fleet.json, the inventory the README runs: it reads, has what it is said to have,
 * conforms to docs/inventory.schema.json, and writes its versions the way the intel-gvtg pack
 * reads them.
 */
class InventoryExampleTest {

    /** The GVT-g pack's version string: vendor-device-type-software version. */
    private static final Pattern GVTG_VERSION = Pattern.compile("8086-([0-9a-f]{4})-(.+)-(\\d+\\.\\d+\\.\\d+)");
    private static final Pattern MODEL_IDS = Pattern.compile("\\((8086|10de):([0-9a-f]{4})\\)$");

    private static InventoryContent example;

    @BeforeAll
    static void read() {
        example = InventoryReader.read(RepoFiles.exampleFleet(), "examples/fleet.json");
    }

    @Test
    void hasFourteenHostsAndTheDevicesItIsSaidToHave() {
        assertThat(example.hosts()).containsExactly("host-a", "host-b", "host-c", "host-d", "host-e", "host-f",
                "host-g", "host-h", "host-i", "host-j", "host-k", "host-l", "host-m", "host-n");
        assertThat(example.devices()).hasSize(66);
        assertThat(example.devices()).filteredOn(d -> d.profile().getKind() == DeviceKind.MDEV).hasSize(54);
        assertThat(example.devices()).filteredOn(d -> d.profile().getKind() == DeviceKind.PHYS).hasSize(12);
        assertThat(example.devices()).filteredOn(FleetDevice::assigned).hasSize(24);
        assertThat(example.creatable()).hasSize(20);
        assertThat(example.creatable()).extracting(Candidate::capacity).containsOnly(1, 2, 3, 4, 5, 8)
                .matches(c -> c.stream().mapToInt(Integer::intValue).sum() == 46, "total capacity 46");
    }

    @Test
    void fleetLoadTellsEachDistinctProfileOnceAsItReads() {
        java.util.List<org.vfiocompat.rules.DeviceProfile> seen = new java.util.ArrayList<>();
        Fleet fleet = Fleet.load(RepoFiles.exampleFleet(), seen::add);

        java.util.List<org.vfiocompat.rules.DeviceProfile> read = new java.util.ArrayList<>();
        fleet.devices().forEach(d -> read.add(d.profile()));
        fleet.creatable().forEach(c -> read.add(c.profile()));
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new java.util.HashSet<>(seen)).isEqualTo(new java.util.HashSet<>(read));
        // Told the very instances the fleet holds (one per distinct profile).
        assertThat(seen).allSatisfy(p -> assertThat(read).anySatisfy(r -> assertThat(r).isSameAs(p)));
    }

    @Test
    void fleetLoadSeesTheSame() {
        Fleet fleet = Fleet.load(RepoFiles.exampleFleet());

        assertThat(fleet.hosts()).hasSize(14);
        assertThat(fleet.devices()).hasSize(66);
        assertThat(fleet.assigned()).hasSize(24);
        assertThat(fleet.creatable()).hasSize(20);
    }

    @Test
    void eachVmHasOneDevice() {
        assertThat(example.devices().stream().filter(FleetDevice::assigned).map(FleetDevice::assignedTo).distinct())
                .hasSize(24);
    }

    @Test
    void anMdevsProfileCarriesItsParentsModel() {
        FleetDevice mdev = example.devices().stream()
                .filter(d -> d.assignedTo().equals("vm-web-01")).findFirst().orElseThrow();

        assertThat(mdev.host()).isEqualTo("host-a");
        assertThat(mdev.parent()).isEqualTo("0000:00:02.0");
        assertThat(mdev.profile().getKind()).isEqualTo(DeviceKind.MDEV);
        assertThat(mdev.profile().getMigrationType()).isEqualTo("i915-GVTg_V5_4");
        assertThat(mdev.profile().getMigrationVersion()).isEqualTo("8086-3e92-i915-GVTg_V5_4-2.1.0");
        assertThat(mdev.profile().getParentModel()).isEqualTo("Intel UHD Graphics 630 (8086:3e92)");
        assertThat(mdev.profile().getAttributes()).containsEntry("low_gm_size", "128MB").containsEntry("weight", "4")
                .containsOnlyKeys("low_gm_size", "high_gm_size", "fence", "resolution", "weight");
    }

    @Test
    void aWholeGpuIsAPhysDeviceWithoutParentModel() {
        Fleet fleet = Fleet.load(RepoFiles.exampleFleet());
        FleetDevice gpu = fleet.device("host-c/0000:03:00.0").orElseThrow();

        assertThat(gpu.assignedTo()).isEqualTo("vm-render-01");
        assertThat(gpu.parent()).isEmpty();
        assertThat(gpu.profile().getKind()).isEqualTo(DeviceKind.PHYS);
        assertThat(gpu.profile().getMigrationType()).isEqualTo("vfio-pci:8086:3e92");
        assertThat(gpu.profile().getMigrationVersion()).isEqualTo("8086-3e92-vfio-pci-2.3.0");
        assertThat(gpu.profile().getParentModel()).isEmpty();
    }

    @Test
    void theReferencesDocsInventoryMdUsesResolve() {
        Fleet fleet = Fleet.load(RepoFiles.exampleFleet());

        Candidate creatable = fleet.candidate("host-d/0000:00:02.0/i915-GVTg_V5_4").orElseThrow();
        assertThat(creatable.kind()).isEqualTo(CandidateKind.CREATABLE);
        assertThat(creatable.capacity()).isEqualTo(4);
        assertThat(creatable.profile().getMigrationVersion()).isEqualTo("8086-3e92-i915-GVTg_V5_4-2.3.0");
        assertThat(creatable.profile().getParentModel()).isEqualTo("Intel UHD Graphics 630 (8086:3e92)");
        assertThat(fleet.candidate("host-d/0000:03:00.0")).get().extracting(Candidate::kind).isEqualTo(CandidateKind.EXISTING);
        // a type with no instances left is no candidate
        assertThat(fleet.candidate("host-a/0000:00:02.0/i915-GVTg_V5_1")).isEmpty();
        // a candidate elsewhere is never on the source's own host, and never assigned
        assertThat(fleet.candidatesElsewhere("host-a")).noneMatch(c -> c.host().equals("host-a"))
                .noneMatch(c -> c.kind() == CandidateKind.EXISTING
                        && fleet.device(c.ref()).orElseThrow().assigned());
    }

    @Test
    void onlyTypesWithInstancesLeftAreCreatable() throws IOException {
        JsonNode json = new ObjectMapper().readTree(RepoFiles.exampleFleet().toFile());
        Map<String, Integer> declared = new TreeMap<>();
        int zero = 0;
        for (JsonNode host : json.path("hosts")) {
            for (JsonNode parent : host.path("mdevParents")) {
                for (JsonNode type : parent.path("types")) {
                    int n = type.path("availableInstances").asInt();
                    if (n > 0) {
                        declared.put(host.path("name").asText() + "/" + parent.path("id").asText() + "/"
                                + type.path("migrationType").asText(), n);
                    } else {
                        zero++;
                    }
                }
            }
        }
        Map<String, Integer> read = example.creatable().stream()
                .collect(Collectors.toMap(Candidate::ref, Candidate::capacity, (a, b) -> a, TreeMap::new));

        assertThat(read).isEqualTo(declared);
        assertThat(zero).as("types with no instances left").isEqualTo(33);
    }

    @Test
    void conformsToTheSchema() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonSchemaSubset schema = new JsonSchemaSubset(mapper.readTree(RepoFiles.schema().toFile()));

        assertThat(schema.validate(mapper.readTree(RepoFiles.exampleFleet().toFile()))).isEmpty();
    }

    @Test
    void theMixedFleetConformsToTheSchemaAndReads() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonSchemaSubset schema = new JsonSchemaSubset(mapper.readTree(RepoFiles.schema().toFile()));

        assertThat(schema.validate(mapper.readTree(RepoFiles.mixedFleet().toFile()))).isEmpty();
        InventoryContent mixed = InventoryReader.read(RepoFiles.mixedFleet(), "examples/mixed-fleet.json");
        assertThat(mixed.devices()).extracting(d -> d.profile().getDeviceApi()).contains("vfio-pci", "vfio-ap", "vfio-ccw");
    }

    @Test
    void gvtgVersionsFollowThePackAndEachHostRunsOneSoftwareVersion() {
        Map<String, Set<String>> softwareByHost = new TreeMap<>();
        for (FleetDevice d : example.devices()) {
            String type = d.profile().getMigrationType();
            if (!type.startsWith("i915-GVTg_") && !type.startsWith("vfio-pci:8086:")) {
                continue;
            }
            Matcher v = GVTG_VERSION.matcher(d.profile().getMigrationVersion());
            assertThat(v.matches()).as("version of %s", d.ref()).isTrue();
            if (d.profile().getKind() == DeviceKind.MDEV) {
                assertThat(v.group(2)).as("type in the version of %s", d.ref()).isEqualTo(type);
                Matcher ids = MODEL_IDS.matcher(d.profile().getParentModel());
                assertThat(ids.find()).isTrue();
                assertThat(v.group(1)).as("GPU of %s", d.ref()).isEqualTo(ids.group(2));
            } else {
                assertThat(v.group(2)).isEqualTo("vfio-pci");
                assertThat(type).isEqualTo("vfio-pci:8086:" + v.group(1));
            }
            softwareByHost.computeIfAbsent(d.host(), h -> new TreeSet<>()).add(v.group(3));
        }
        for (Candidate c : example.creatable()) {
            if (c.profile().getMigrationType().startsWith("i915-GVTg_")) {
                Matcher v = GVTG_VERSION.matcher(c.profile().getMigrationVersion());
                assertThat(v.matches()).as("version of %s", c.ref()).isTrue();
                assertThat(v.group(2)).isEqualTo(c.profile().getMigrationType());
                softwareByHost.computeIfAbsent(c.host(), h -> new TreeSet<>()).add(v.group(3));
            }
        }

        assertThat(softwareByHost.values()).allSatisfy(versions -> assertThat(versions).hasSize(1));
        Set<String> software = new TreeSet<>();
        softwareByHost.values().forEach(software::addAll);
        assertThat(software).containsExactly("1.9.0", "2.1.0", "2.3.0", "3.0.0");
    }

    @Test
    void someAssignedDevicesBelongToNoPack() {
        assertThat(example.devices()).filteredOn(FleetDevice::assigned)
                .extracting(d -> d.profile().getMigrationType())
                .contains("nvidia-256", "mlx5_vfio_pci:15b3:101e");
    }
}
