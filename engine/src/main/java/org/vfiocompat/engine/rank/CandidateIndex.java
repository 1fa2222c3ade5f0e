package org.vfiocompat.engine.rank;

import java.util.ArrayList;
import java.util.Collections;
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
 *
 * <p>Candidates are numbered once, by their <em>position</em> in place order (host, then id:
 * {@link TargetOrder#PLACE}), and hosts by their <em>ordinal</em> in the fleet's sorted host
 * list, so everything after this compares and counts ints: a group holds its candidates'
 * positions, ascending, and the candidates of one host are one run of positions. The fleet
 * hands out its devices and creatable types each sorted by place already, so the numbering is a
 * merge of the two lists, not a sort of a million strings.
 */
final class CandidateIndex {

    /** The candidates that share one profile and kind, as positions in place order, ascending. */
    static final class Group {
        /** This group's number: its index in {@link CandidateIndex#groups}. */
        final int ordinal;
        final DeviceProfile profile;
        final CandidateKind kind;
        private int[] positions = new int[4];
        private int size;

        Group(int ordinal, DeviceProfile profile, CandidateKind kind) {
            this.ordinal = ordinal;
            this.profile = profile;
            this.kind = kind;
        }

        private void add(int position) {
            if (size == positions.length) {
                positions = java.util.Arrays.copyOf(positions, size * 2);
            }
            positions[size++] = position;
        }

        /** How many candidates the group has. */
        int size() {
            return size;
        }

        /** The position of its {@code i}-th candidate in place order. */
        int position(int i) {
            return positions[i];
        }
    }

    /** What candidates of one group share. */
    private record Key(DeviceProfile profile, CandidateKind kind) {
    }

    final List<Group> groups;
    /** The groups by migration type: the type index a source's candidates are found through. */
    final Map<String, List<Group>> byType;
    /** Every candidate, at its position. */
    private final Candidate[] byPlace;
    /** The group ordinal of the candidate at each position. */
    private final int[] groupAt;
    /** The host ordinal of the candidate at each position. */
    private final int[] hostAt;
    /** The candidates of host ordinal {@code h} are the positions from {@code hostStart[h]} to {@code hostStart[h + 1]}. */
    private final int[] hostStart;
    /** The fleet's host names, sorted: a host's ordinal is its index here. */
    private final List<String> hosts;

    private CandidateIndex(List<Group> groups, Candidate[] byPlace, int[] groupAt, int[] hostAt, int[] hostStart,
                           List<String> hosts) {
        this.groups = groups;
        this.byPlace = byPlace;
        this.groupAt = groupAt;
        this.hostAt = hostAt;
        this.hostStart = hostStart;
        this.hosts = hosts;
        Map<String, List<Group>> types = new LinkedHashMap<>();
        for (Group g : groups) {
            types.computeIfAbsent(g.profile.getMigrationType(), t -> new ArrayList<>()).add(g);
        }
        this.byType = types;
    }

    static CandidateIndex of(Fleet fleet) {
        List<Candidate> creatable = fleet.creatable();
        List<FleetDevice> devices = fleet.devices();
        // Groups are numbered in the order of the free devices, then the creatable types: the
        // order in which a plan meets them, and so in which packs are asked about them.
        Map<Key, Group> byProfile = new HashMap<>();
        List<Group> groups = new ArrayList<>();
        Group[] deviceGroup = new Group[devices.size()];
        Group[] creatableGroup = new Group[creatable.size()];
        int free = 0;
        for (int i = 0; i < devices.size(); i++) {
            FleetDevice d = devices.get(i);
            if (!d.assigned()) {
                deviceGroup[i] = group(byProfile, groups, d.profile(), CandidateKind.EXISTING);
                free++;
            }
        }
        for (int i = 0; i < creatable.size(); i++) {
            Candidate c = creatable.get(i);
            creatableGroup[i] = group(byProfile, groups, c.profile(), c.kind());
        }
        int total = free + creatable.size();
        Candidate[] byPlace = new Candidate[total];
        int[] groupAt = new int[total];
        int[] hostAt = new int[total];
        List<String> hosts = fleet.hosts();
        int[] hostStart = new int[hosts.size() + 1];
        int d = 0;
        int c = 0;
        int host = 0;
        for (int position = 0; position < total; position++) {
            // The next free device or creatable type, whichever comes first by place: both lists are sorted.
            while (d < devices.size() && deviceGroup[d] == null) {
                d++;
            }
            Candidate next;
            Group g;
            if (d < devices.size() && (c == creatable.size() || comesFirst(devices.get(d), creatable.get(c)))) {
                next = devices.get(d).asCandidate();
                g = deviceGroup[d++];
            } else {
                next = creatable.get(c);
                g = creatableGroup[c++];
            }
            // Host ordinals follow the sorted host list, which names every candidate's host.
            while (!hosts.get(host).equals(next.host())) {
                hostStart[++host] = position;
            }
            g.add(position);
            byPlace[position] = next;
            groupAt[position] = g.ordinal;
            hostAt[position] = host;
        }
        while (host < hosts.size()) {
            hostStart[++host] = total;
        }
        return new CandidateIndex(List.copyOf(groups), byPlace, groupAt, hostAt, hostStart, hosts);
    }

    /** The group of {@code profile} and {@code kind}, added to {@code groups} when new. */
    private static Group group(Map<Key, Group> byProfile, List<Group> groups, DeviceProfile profile, CandidateKind kind) {
        return byProfile.computeIfAbsent(new Key(profile, kind), k -> {
            Group g = new Group(groups.size(), k.profile(), k.kind());
            groups.add(g);
            return g;
        });
    }

    /** Whether device {@code d} comes before creatable type {@code c} in place order (they never tie: refs are unique). */
    private static boolean comesFirst(FleetDevice d, Candidate c) {
        int byHost = d.host().compareTo(c.host());
        return byHost != 0 ? byHost < 0 : d.id().compareTo(c.id()) < 0;
    }

    /** How many candidates the fleet has. */
    int total() {
        return byPlace.length;
    }

    /** The ordinal of {@code host}, one of the fleet's hosts. */
    int host(String name) {
        int h = Collections.binarySearch(hosts, name);
        if (h < 0) {
            throw new IllegalArgumentException("host " + name + " is not in the fleet");
        }
        return h;
    }

    /** Candidates not on host ordinal {@code host}. */
    int elsewhere(int host) {
        return total() - (hostStart[host + 1] - hostStart[host]);
    }

    /** The candidate at {@code position}. */
    Candidate candidate(int position) {
        return byPlace[position];
    }

    /** The host ordinal of the candidate at {@code position}. */
    int hostAt(int position) {
        return hostAt[position];
    }

    /** The first position of host ordinal {@code host}'s candidates. */
    int hostStart(int host) {
        return hostStart[host];
    }

    /** The position after host ordinal {@code host}'s last candidate. */
    int hostEnd(int host) {
        return hostStart[host + 1];
    }

    /** The group ordinal of the candidate at {@code position}. */
    int groupAt(int position) {
        return groupAt[position];
    }
}
