package org.vfiocompat.engine.rank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.fleet.CreatableTable;
import org.vfiocompat.engine.fleet.DeviceTable;
import org.vfiocompat.engine.fleet.FleetTables;
import org.vfiocompat.engine.fleet.HostRuns;
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
 * positions, ascending, and the candidates of one host are one run of positions. The fleet's
 * tables hold its devices and creatable types by host, each host's sorted by id, so the
 * numbering is a merge of two short lists per host, not a sort of a million strings; a
 * candidate's object is made only when a plan takes it into a top list.
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

    final List<Group> groups;
    /** The groups by migration type: the type index a source's candidates are found through. */
    final Map<String, List<Group>> byType;
    private final DeviceTable devices;
    private final CreatableTable creatable;
    /** What is at each position: a device's position in {@link #devices}, or {@code ~i} for creatable type {@code i}. */
    private final int[] entryAt;
    /** The group ordinal of the candidate at each position. */
    private final int[] groupAt;
    /** Which positions are each host's candidates. */
    private final HostRuns hostRuns;

    private CandidateIndex(List<Group> groups, FleetTables tables, int[] entryAt, int[] groupAt, HostRuns hostRuns) {
        this.groups = groups;
        this.devices = tables.devices();
        this.creatable = tables.creatable();
        this.entryAt = entryAt;
        this.groupAt = groupAt;
        this.hostRuns = hostRuns;
        Map<String, List<Group>> types = new LinkedHashMap<>();
        for (Group g : groups) {
            types.computeIfAbsent(g.profile.getMigrationType(), t -> new ArrayList<>()).add(g);
        }
        this.byType = types;
    }

    static CandidateIndex of(FleetTables tables) {
        DeviceTable devices = tables.devices();
        CreatableTable creatable = tables.creatable();
        // Groups are numbered in the order of the free devices, then the creatable types: the
        // order in which a plan meets them, and so in which packs are asked about them. Equal
        // profiles have one ordinal in the tables, so a group is found by ordinal and kind.
        List<Group> groups = new ArrayList<>();
        Group[] existingGroup = new Group[devices.profileCount()];
        Group[] creatableGroup = new Group[devices.profileCount()];
        int free = 0;
        for (int i = 0; i < devices.size(); i++) {
            if (!devices.assigned(i)) {
                group(existingGroup, devices.profileOrdinal(i), devices, groups, CandidateKind.EXISTING);
                free++;
            }
        }
        for (int i = 0; i < creatable.size(); i++) {
            group(creatableGroup, creatable.profileOrdinal(i), devices, groups, CandidateKind.CREATABLE);
        }
        int total = free + creatable.size();
        int[] entryAt = new int[total];
        int[] groupAt = new int[total];
        List<String> hosts = tables.hosts();
        int[] hostStart = new int[hosts.size() + 1];
        int position = 0;
        for (int h = 0; h < hosts.size(); h++) {
            hostStart[h] = position;
            // A host's free devices and creatable types, each sorted by id, merged by id.
            int d = devices.hostStart(h);
            int dEnd = devices.hostEnd(h);
            int c = creatable.hostStart(h);
            int cEnd = creatable.hostEnd(h);
            String deviceId = null;
            while (true) {
                while (d < dEnd && devices.assigned(d)) {
                    d++;
                }
                if (d == dEnd && c == cEnd) {
                    break;
                }
                boolean device;
                if (d == dEnd) {
                    device = false;
                } else if (c == cEnd) {
                    device = true;
                } else {
                    if (deviceId == null) {
                        deviceId = devices.id(d);
                    }
                    device = deviceId.compareTo(creatable.id(c)) < 0; // never equal: refs are unique
                }
                Group g;
                if (device) {
                    g = existingGroup[devices.profileOrdinal(d)];
                    entryAt[position] = d++;
                    deviceId = null;
                } else {
                    g = creatableGroup[creatable.profileOrdinal(c)];
                    entryAt[position] = ~c++;
                }
                g.add(position);
                groupAt[position] = g.ordinal;
                position++;
            }
        }
        hostStart[hosts.size()] = total;
        return new CandidateIndex(List.copyOf(groups), tables, entryAt, groupAt, new HostRuns(hosts, hostStart));
    }

    /** Makes the group of profile {@code ordinal} of one kind, when it is the first of it. */
    private static void group(Group[] byOrdinal, int ordinal, DeviceTable devices, List<Group> groups, CandidateKind kind) {
        if (byOrdinal[ordinal] == null) {
            byOrdinal[ordinal] = new Group(groups.size(), devices.profile(ordinal), kind);
            groups.add(byOrdinal[ordinal]);
        }
    }

    /** How many candidates the fleet has. */
    int total() {
        return entryAt.length;
    }

    /** Candidates not on host ordinal {@code host}. */
    int elsewhere(int host) {
        return total() - (hostRuns.end(host) - hostRuns.start(host));
    }

    /** The candidate at {@code position}, made when asked for (a plan asks for each of its top candidates once). */
    Candidate candidate(int position) {
        int e = entryAt[position];
        return e >= 0 ? devices.get(e).asCandidate() : creatable.get(~e);
    }

    /** The host ordinal of the candidate at {@code position}. */
    int hostAt(int position) {
        return hostRuns.hostOf(position);
    }

    /** The first position of host ordinal {@code host}'s candidates. */
    int hostStart(int host) {
        return hostRuns.start(host);
    }

    /** The position after host ordinal {@code host}'s last candidate. */
    int hostEnd(int host) {
        return hostRuns.end(host);
    }

    /** The group ordinal of the candidate at {@code position}. */
    int groupAt(int position) {
        return groupAt[position];
    }
}
