package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;

/**
 * {@link Fleet#device} and {@link Fleet#candidate} find by reference, without a map of the whole
 * fleet, exactly what a map of every reference filled in fleet order finds: every entry by its
 * reference, nothing for a reference the fleet lacks, and the right entry where one host's name
 * is the start of another's or names hold slashes.
 */
class FleetLookupTest {

    private static final DeviceProfile MDEV = DeviceProfile.builder(DeviceKind.MDEV)
            .deviceApi("vfio-pci").migrationType("t").migrationVersion("1").build();

    private static FleetDevice device(String host, String id) {
        return new FleetDevice(host, id, MDEV, "p", "");
    }

    /** What the look-ups were before: a map of every reference, later entries over earlier ones. */
    private static Map<String, Candidate> byRef(Fleet fleet) {
        Map<String, Candidate> map = new HashMap<>();
        fleet.creatable().forEach(c -> map.put(c.ref(), c));
        fleet.devices().forEach(d -> map.put(d.ref(), d.asCandidate()));
        return map;
    }

    @Test
    void everyEntryOfAReadInventoryIsFoundByItsReference() {
        Fleet fleet = Fleet.load(ReferencePacks.locate("examples").resolve("mixed-fleet.json"));
        assertThat(fleet.devices()).isNotEmpty();
        for (FleetDevice d : fleet.devices()) {
            assertThat(fleet.device(d.ref())).contains(d);
            assertThat(fleet.candidate(d.ref())).contains(d.asCandidate());
        }
        for (Candidate c : fleet.creatable()) {
            assertThat(fleet.device(c.ref())).isEmpty();
            assertThat(fleet.candidate(c.ref())).contains(c);
        }
        FleetDevice first = fleet.devices().get(0);
        assertThat(fleet.device(first.host() + "/no-such-device")).isEmpty();
        assertThat(fleet.device("no-such-host/" + first.id())).isEmpty();
        assertThat(fleet.device(first.host())).isEmpty();
        assertThat(fleet.device("")).isEmpty();
    }

    @Test
    void hostsThatStartOtherHostsNamesAndNamesWithSlashesFindWhatAMapWould() {
        // "a" < "a-b" < "a/b" by host, while their references sort otherwise ('-' < '/').
        List<FleetDevice> devices = new ArrayList<>(List.of(device("a", "x"), device("a-b", "x"), device("a", "b/c"),
                device("a/b", "c"), device("a/b", "d"), device("", "e"), device("z", "1")));
        List<Candidate> creatable = List.of(Candidate.creatable("a", "p", MDEV, 2), Candidate.creatable("a-b", "p", MDEV, 1));
        Fleet fleet = Fleet.of("f", List.of(), devices, creatable);
        Map<String, Candidate> expected = byRef(fleet);
        List<String> refs = new ArrayList<>(expected.keySet());
        refs.addAll(List.of("a", "a/", "/", "a/y", "a-b/p", "a/b", "b/c", "z/2", "//e"));
        for (String ref : refs) {
            Optional<Candidate> wanted = Optional.ofNullable(expected.get(ref));
            assertThat(fleet.candidate(ref)).as(ref).isEqualTo(wanted);
            assertThat(fleet.device(ref).map(FleetDevice::asCandidate)).as(ref)
                    .isEqualTo(wanted.filter(c -> c.kind() == CandidateKind.EXISTING));
        }
        // "a/b/c" is both host a's "b/c" and host a/b's "c": the later in fleet order, as a map held it.
        assertThat(fleet.device("a/b/c")).contains(device("a/b", "c"));
    }
}
