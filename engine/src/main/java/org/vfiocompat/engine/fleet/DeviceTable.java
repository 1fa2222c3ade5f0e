package org.vfiocompat.engine.fleet;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.rules.DeviceProfile;

/**
 * A fleet's existing devices, sorted by host and id, as columns: per device its profile's and
 * parent's ordinals and its id and VM name as packed bytes ({@link Texts}); per host where its
 * devices start. About 35 bytes a device where a {@link FleetDevice} with its strings is about
 * 150. As a {@code List<FleetDevice>} (what {@code Fleet.devices()} hands out) it makes each
 * device's object when asked for it: equal to the device read, with the fleet's one instance of
 * its profile. Immutable.
 */
public final class DeviceTable extends HostRunTable<FleetDevice> {

    private final Texts ids;
    /** The VM each device is assigned to, {@code ""} when free. */
    private final Texts vms;
    private final int[] profile;
    private final DeviceProfile[] profiles;
    private final int[] parent;
    /** Parent ids by ordinal; ordinal 0 is {@code ""} (a PHYS device's). */
    private final String[] parents;
    /** The positions of the assigned devices, ascending. */
    private final int[] assigned;

    DeviceTable(HostRuns runs, Texts ids, Texts vms, int[] profile, DeviceProfile[] profiles, int[] parent, String[] parents) {
        super(runs);
        this.ids = ids;
        this.vms = vms;
        this.profile = profile;
        this.profiles = profiles;
        this.parent = parent;
        this.parents = parents;
        int n = 0;
        for (int i = 0; i < profile.length; i++) {
            if (!vms.isEmpty(i)) {
                n++;
            }
        }
        this.assigned = new int[n];
        for (int i = 0, a = 0; i < profile.length; i++) {
            if (!vms.isEmpty(i)) {
                assigned[a++] = i;
            }
        }
    }

    @Override
    public FleetDevice get(int i) {
        return new FleetDevice(runs.hosts().get(hostOf(i)), ids.get(i), profiles[profile[i]], parents[parent[i]], vms.get(i));
    }

    /** Device {@code i}'s id, as a new String. */
    public String id(int i) {
        return ids.get(i);
    }

    /** Whether device {@code i} is assigned to a VM. */
    public boolean assigned(int i) {
        return !vms.isEmpty(i);
    }

    /** The ordinal of device {@code i}'s profile: equal profiles, equal ordinals. */
    public int profileOrdinal(int i) {
        return profile[i];
    }

    /** The profile of ordinal {@code ordinal}, the one instance the fleet holds. */
    public DeviceProfile profile(int ordinal) {
        return profiles[ordinal];
    }

    /** How many distinct profiles the fleet's devices and creatable types have (ordinals are below it). */
    public int profileCount() {
        return profiles.length;
    }

    /** How many devices are assigned. */
    public int assignedCount() {
        return assigned.length;
    }

    /** The position of the {@code a}-th assigned device. */
    public int assignedAt(int a) {
        return assigned[a];
    }

    /** The assigned devices, in host and id order, as a list of their objects made when asked for. */
    public List<FleetDevice> assignedDevices() {
        return new AssignedView();
    }

    private final class AssignedView extends AbstractList<FleetDevice> implements RandomAccess {
        @Override
        public FleetDevice get(int a) {
            return DeviceTable.this.get(assigned[a]);
        }

        @Override
        public int size() {
            return assigned.length;
        }
    }
}
