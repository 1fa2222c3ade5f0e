package org.vfiocompat.engine.rank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Every candidate of a fleet (free devices and creatable types), grouped by profile and kind: a
 * fleet of thousands of devices has a few hundred distinct profiles, and a verdict depends only
 * on the profiles and on whether the target exists or is to be created (a pack sees that as
 * {@code Target( creatable )}), so the batch judges groups, not devices. An existing device and a
 * creatable type with equal profiles are two groups: a pack may judge them differently.
 */
final class CandidateIndex {

    /** The candidates that share one profile and kind, by host and id, and how many each host has. */
    static final class Group {
        final DeviceProfile profile;
        final CandidateKind kind;
        final List<Candidate> candidates = new ArrayList<>();
        final Map<String, Integer> countByHost = new HashMap<>();

        Group(DeviceProfile profile, CandidateKind kind) {
            this.profile = profile;
            this.kind = kind;
        }
    }

    /** What candidates of one group share. */
    private record Key(DeviceProfile profile, CandidateKind kind) {
    }

    final List<Group> groups;
    /** The groups by migration type: the type index a source's candidates are found through. */
    final Map<String, List<Group>> byType;
    final int total;
    final Map<String, Integer> countByHost;

    private CandidateIndex(List<Group> groups, int total, Map<String, Integer> countByHost) {
        this.groups = groups;
        this.total = total;
        this.countByHost = countByHost;
        Map<String, List<Group>> types = new LinkedHashMap<>();
        for (Group g : groups) {
            types.computeIfAbsent(g.profile.getMigrationType(), t -> new ArrayList<>()).add(g);
        }
        this.byType = types;
    }

    static CandidateIndex of(Fleet fleet) {
        Map<Key, Group> byProfile = new LinkedHashMap<>();
        Map<String, Integer> countByHost = new HashMap<>();
        int total = 0;
        List<Candidate> all = new ArrayList<>();
        for (FleetDevice d : fleet.devices()) {
            if (!d.assigned()) {
                all.add(d.asCandidate());
            }
        }
        all.addAll(fleet.creatable());
        for (Candidate c : all) {
            Group g = byProfile.computeIfAbsent(new Key(c.profile(), c.kind()), k -> new Group(k.profile(), k.kind()));
            g.candidates.add(c);
            g.countByHost.merge(c.host(), 1, Integer::sum);
            countByHost.merge(c.host(), 1, Integer::sum);
            total++;
        }
        for (Group g : byProfile.values()) {
            g.candidates.sort(TargetOrder.PLACE);
        }
        return new CandidateIndex(List.copyOf(byProfile.values()), total, countByHost);
    }

    /** Candidates not on {@code host}. */
    int elsewhere(String host) {
        return total - countByHost.getOrDefault(host, 0);
    }
}
