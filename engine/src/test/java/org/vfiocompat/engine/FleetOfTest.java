package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;

/**
 * {@link Fleet#of} sorts and checks what it is given the same way whether the values come sorted
 * (a read inventory: the fast path that proves the order in one pass) or not.
 */
class FleetOfTest {

    private static final DeviceProfile MDEV = DeviceProfile.builder(DeviceKind.MDEV)
            .deviceApi("vfio-pci").migrationType("t").migrationVersion("1").build();

    private static FleetDevice device(String host, String id) {
        return new FleetDevice(host, id, MDEV, "p", "");
    }

    private static Candidate creatable(String host, String parent) {
        return Candidate.creatable(host, parent, MDEV, 1);
    }

    @Test
    void sortedAndShuffledInputsMakeTheSameFleet() {
        List<FleetDevice> devices = new ArrayList<>();
        List<Candidate> creatable = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (int h = 0; h < 50; h++) {
            String host = String.format("host-%03d", h);
            hosts.add(host);
            for (int d = 0; d < h % 4; d++) {
                devices.add(device(host, "dev-" + d));
            }
            creatable.add(creatable(host, "parent-" + h));
        }
        Fleet sorted = Fleet.of("f", hosts, devices, creatable);
        List<FleetDevice> shuffledDevices = new ArrayList<>(devices);
        List<Candidate> shuffledCreatable = new ArrayList<>(creatable);
        List<String> shuffledHosts = new ArrayList<>(hosts);
        Random random = new Random(7);
        Collections.shuffle(shuffledDevices, random);
        Collections.shuffle(shuffledCreatable, random);
        Collections.shuffle(shuffledHosts, random);
        Fleet shuffled = Fleet.of("f", shuffledHosts, shuffledDevices, shuffledCreatable);
        assertThat(shuffled.devices()).isEqualTo(sorted.devices()).isEqualTo(devices);
        assertThat(shuffled.creatable()).isEqualTo(sorted.creatable()).isEqualTo(creatable);
        assertThat(shuffled.hosts()).isEqualTo(sorted.hosts()).isEqualTo(hosts);
    }

    @Test
    void hostsOfDevicesAndCreatableTypesAreAddedSortedAndOnce() {
        Fleet fleet = Fleet.of("f", List.of("b", "d", "d"),
                List.of(device("a", "1"), device("b", "1"), device("c", "1")), List.of(creatable("e", "p")));
        assertThat(fleet.hosts()).containsExactly("a", "b", "c", "d", "e");
        Fleet sortedButIncomplete = Fleet.of("f", List.of("a", "c"), List.of(device("a", "1"), device("b", "1")), List.of());
        assertThat(sortedButIncomplete.hosts()).containsExactly("a", "b", "c");
    }

    @Test
    void aReferenceNamedTwiceIsRefusedSortedOrNot() {
        assertThatThrownBy(() -> Fleet.of("f", List.of(), List.of(device("a", "1"), device("a", "1")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("device a/1 is in the fleet twice");
        assertThatThrownBy(() -> Fleet.of("f", List.of(), List.of(device("b", "1"), device("a", "1"), device("b", "1")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("device b/1 is in the fleet twice");
        assertThatThrownBy(() -> Fleet.of("f", List.of(), List.of(), List.of(creatable("b", "p"), creatable("a", "p"), creatable("b", "p"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("creatable type b/p/t is in the fleet twice");
        assertThatThrownBy(() -> Fleet.of("f", List.of(), List.of(device("a", "p/t")), List.of(creatable("a", "p"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("creatable type a/p/t is in the fleet twice");
    }
}
