package org.vfiocompat.engine.inventory;

import java.util.HashMap;
import java.util.Map;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Makes equal profiles of one inventory one instance, as the inventory is read. A fleet of a
 * million devices has a few hundred distinct profiles; keeping one copy of each (with its
 * attribute map) is most of the difference between a fleet that fits a small heap and one that
 * does not, and lets the batch compare profiles by identity first.
 */
final class ProfileInterner {

    private final Map<DeviceProfile, DeviceProfile> seen = new HashMap<>();

    /** The first profile equal to {@code p}. */
    DeviceProfile intern(DeviceProfile p) {
        DeviceProfile first = seen.putIfAbsent(p, p);
        return first == null ? p : first;
    }
}
