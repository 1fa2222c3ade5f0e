package org.vfiocompat.engine.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Builds {@link FleetTables} one host at a time, as an inventory is read: each host's devices and
 * creatable types are appended as one run, so a fleet whose hosts come in order (generated,
 * merged and collected ones do) is sorted as built, and one whose hosts do not is sorted by
 * moving whole runs. Parts of a fleet read on other threads are built apart and appended in file
 * order ({@link #absorb}). Not thread-safe.
 */
public final class FleetTableBuilder {

    private final List<String> hosts = new ArrayList<>();
    private final Ints deviceStart = new Ints();
    private final Ints creatableStart = new Ints();
    private final Texts deviceIds = new Texts();
    private final Texts deviceVms = new Texts();
    private final Ints deviceProfile = new Ints();
    private final Ints deviceParent = new Ints();
    private final Ints creatableProfile = new Ints();
    private final Ints creatableId = new Ints();
    private final Ints creatableCapacity = new Ints();
    private final Ordinals<DeviceProfile> profiles = new Ordinals<>(true);
    private final Ordinals<String> parents = new Ordinals<>(false);
    private final Ordinals<String> creatableIds = new Ordinals<>(false);

    public FleetTableBuilder() {
        parents.of(""); // ordinal 0: no parent
    }

    /** Devices and creatable types added so far. */
    public int entries() {
        return deviceProfile.size() + creatableProfile.size();
    }

    /**
     * Adds host {@code name} (not added before) with its devices and creatable types, each
     * sorted by id and all on this host.
     */
    public void addHost(String name, List<FleetDevice> devices, List<Candidate> creatable) {
        hosts.add(name);
        deviceStart.add(deviceProfile.size());
        creatableStart.add(creatableProfile.size());
        for (FleetDevice d : devices) {
            deviceIds.add(d.id());
            deviceVms.add(d.assignedTo());
            deviceProfile.add(profiles.of(d.profile()));
            deviceParent.add(parents.of(d.parent()));
        }
        for (Candidate c : creatable) {
            creatableProfile.add(profiles.of(c.profile()));
            creatableId.add(creatableIds.of(c.id()));
            creatableCapacity.add(c.capacity());
        }
    }

    /** Appends the hosts of {@code part} (built apart, none of them added here), after the ones added so far. */
    public void absorb(FleetTableBuilder part) {
        Mapping m = new Mapping(profiles.map(part.profiles), parents.map(part.parents), creatableIds.map(part.creatableIds));
        for (int h = 0; h < part.hosts.size(); h++) {
            copyHost(part, h, m);
        }
    }

    /** How the ordinals of one builder are another's. */
    private record Mapping(int[] profile, int[] parent, int[] creatableId) {
    }

    private void copyHost(FleetTableBuilder from, int h, Mapping m) {
        hosts.add(from.hosts.get(h));
        deviceStart.add(deviceProfile.size());
        creatableStart.add(creatableProfile.size());
        for (int i = from.deviceStart.get(h), end = from.deviceEnd(h); i < end; i++) {
            deviceIds.addFrom(from.deviceIds, i);
            deviceVms.addFrom(from.deviceVms, i);
            deviceProfile.add(m.profile()[from.deviceProfile.get(i)]);
            deviceParent.add(m.parent()[from.deviceParent.get(i)]);
        }
        for (int i = from.creatableStart.get(h), end = from.creatableEnd(h); i < end; i++) {
            creatableProfile.add(m.profile()[from.creatableProfile.get(i)]);
            creatableId.add(m.creatableId()[from.creatableId.get(i)]);
            creatableCapacity.add(from.creatableCapacity.get(i));
        }
    }

    private int deviceEnd(int h) {
        return h + 1 < hosts.size() ? deviceStart.get(h + 1) : deviceProfile.size();
    }

    private int creatableEnd(int h) {
        return h + 1 < hosts.size() ? creatableStart.get(h + 1) : creatableProfile.size();
    }

    /** The tables, hosts in the order added (the caller knows they ascend). */
    public FleetTables build() {
        List<String> hostList = List.copyOf(hosts);
        int[] dStart = runStarts(deviceStart, deviceProfile.size());
        int[] cStart = runStarts(creatableStart, creatableProfile.size());
        DeviceProfile[] profileArray = profiles.toArray(new DeviceProfile[0]);
        DeviceTable devices = new DeviceTable(new HostRuns(hostList, dStart), deviceIds, deviceVms, deviceProfile.toArray(),
                profileArray, deviceParent.toArray(), parents.toArray(new String[0]));
        CreatableTable creatable = new CreatableTable(new HostRuns(hostList, cStart), creatableProfile.toArray(), profileArray,
                creatableId.toArray(), creatableIds.toArray(new String[0]), creatableCapacity.toArray());
        return new FleetTables(hostList, devices, creatable);
    }

    /** The tables with the hosts sorted by name: whole host runs moved, each host's entries in the order added. */
    public FleetTables buildSorted() {
        Integer[] order = new Integer[hosts.size()];
        for (int h = 0; h < order.length; h++) {
            order[h] = h;
        }
        java.util.Arrays.sort(order, Comparator.comparing(hosts::get));
        FleetTableBuilder sorted = new FleetTableBuilder();
        Mapping m = new Mapping(sorted.profiles.map(profiles), sorted.parents.map(parents), sorted.creatableIds.map(creatableIds));
        for (int h : order) {
            sorted.copyHost(this, h, m);
        }
        return sorted.build();
    }

    private static int[] runStarts(Ints starts, int total) {
        int[] out = new int[starts.size() + 1];
        for (int h = 0; h < starts.size(); h++) {
            out[h] = starts.get(h);
        }
        out[starts.size()] = total;
        return out;
    }
}
