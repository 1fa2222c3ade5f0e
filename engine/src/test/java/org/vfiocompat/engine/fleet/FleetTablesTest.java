package org.vfiocompat.engine.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The tables hold a fleet exactly: made from a fleet's values, built in parts and absorbed, or
 * built with hosts out of order and sorted, they list the same devices, assigned devices and
 * creatable types as the fleet, each device with the fleet's one instance of its profile.
 */
class FleetTablesTest {

    private static final List<DeviceProfile> PROFILES = List.of(
            profile(DeviceKind.MDEV, "i915-GVTg_V5_4"), profile(DeviceKind.MDEV, "i915-GVTg_V5_8"),
            profile(DeviceKind.PHYS, "vfio-pci:8086:3e92"));

    private static DeviceProfile profile(DeviceKind kind, String type) {
        return DeviceProfile.builder(kind).deviceApi("vfio-pci").migrationType(type).migrationVersion("1").build();
    }

    /** A fleet of {@code hosts} hosts whose contents follow from {@code seed}. */
    private static Fleet fleet(int hosts, long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<String> names = new ArrayList<>();
        List<FleetDevice> devices = new ArrayList<>();
        List<Candidate> creatable = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            String host = "host-" + r.nextInt(1000) + "-" + h;
            names.add(host);
            for (int d = r.nextInt(5); d > 0; d--) {
                String id = r.nextBoolean() ? new java.util.UUID(r.nextLong(), r.nextLong()).toString() : "0000:0" + d + ":00.0";
                devices.add(new FleetDevice(host, id, PROFILES.get(r.nextInt(3)), r.nextBoolean() ? "0000:00:02.0" : "",
                        r.nextInt(3) == 0 ? "vm-" + h + "-" + d : ""));
            }
            for (int c = r.nextInt(3); c > 0; c--) {
                creatable.add(Candidate.creatable(host, "0000:00:0" + c + ".0", PROFILES.get(r.nextInt(2)), 1 + r.nextInt(4)));
            }
        }
        return Fleet.of("generated", names, devices, creatable);
    }

    @Property(tries = 200)
    void tablesOfAFleetListItsValues(@ForAll @IntRange(min = 0, max = 40) int hosts, @ForAll long seed) {
        Fleet fleet = fleet(hosts, seed);
        FleetTables tables = FleetTables.of(fleet);
        assertThat(tables.hosts()).isEqualTo(fleet.hosts());
        assertThat(tables.devices()).isEqualTo(fleet.devices());
        assertThat(tables.devices().assignedDevices()).isEqualTo(fleet.assigned());
        assertThat(tables.creatable()).isEqualTo(fleet.creatable());
        for (int i = 0; i < tables.devices().size(); i++) {
            DeviceTable d = tables.devices();
            assertThat(d.profile(d.profileOrdinal(i))).isSameAs(d.get(i).profile());
            assertThat(fleet.hosts().get(d.hostOf(i))).isEqualTo(fleet.devices().get(i).host());
            assertThat(d.assigned(i)).isEqualTo(fleet.devices().get(i).assigned());
        }
    }

    @Property(tries = 200)
    void partsAbsorbedAndHostsSortedGiveTheSameTables(@ForAll @IntRange(min = 0, max = 40) int hosts, @ForAll long seed,
                                                       @ForAll @IntRange(min = 1, max = 7) int partSize) {
        Fleet fleet = fleet(hosts, seed);
        // The hosts in reverse order, in parts of partSize hosts absorbed one after the other.
        FleetTableBuilder whole = new FleetTableBuilder();
        FleetTableBuilder part = new FleetTableBuilder();
        for (int h = fleet.hosts().size() - 1; h >= 0; h--) {
            String host = fleet.hosts().get(h);
            part.addHost(host, fleet.devices().stream().filter(d -> d.host().equals(host)).toList(),
                    fleet.creatable().stream().filter(c -> c.host().equals(host)).toList());
            if ((fleet.hosts().size() - h) % partSize == 0) {
                whole.absorb(part);
                part = new FleetTableBuilder();
            }
        }
        whole.absorb(part);
        assertThat(whole.entries()).isEqualTo(fleet.devices().size() + fleet.creatable().size());
        FleetTables sorted = whole.buildSorted();
        assertThat(sorted.hosts()).isEqualTo(fleet.hosts());
        assertThat(sorted.devices()).isEqualTo(fleet.devices());
        assertThat(sorted.devices().assignedDevices()).isEqualTo(fleet.assigned());
        assertThat(sorted.creatable()).isEqualTo(fleet.creatable());
    }
}
