package org.vfiocompat.engine.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Makes equal profiles of one inventory one instance. A fleet of a million devices has a few
 * hundred distinct profiles; keeping one copy of each (with its attribute map) is most of the
 * difference between a fleet that fits a 2 GiB heap and one that does not, and lets the batch
 * compare profiles by identity first.
 */
final class ProfileInterner {

    private final Map<DeviceProfile, DeviceProfile> seen = new HashMap<>();

    private DeviceProfile intern(DeviceProfile p) {
        DeviceProfile first = seen.putIfAbsent(p, p);
        return first == null ? p : first;
    }

    List<FleetDevice> devices(List<FleetDevice> devices) {
        List<FleetDevice> out = new ArrayList<>(devices.size());
        for (FleetDevice d : devices) {
            DeviceProfile p = intern(d.profile());
            out.add(p == d.profile() ? d : new FleetDevice(d.host(), d.id(), p, d.parent(), d.assignedTo()));
        }
        return out;
    }

    List<Candidate> candidates(List<Candidate> candidates) {
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            DeviceProfile p = intern(c.profile());
            out.add(p == c.profile() ? c : new Candidate(c.host(), c.id(), c.kind(), p, c.capacity()));
        }
        return out;
    }
}
