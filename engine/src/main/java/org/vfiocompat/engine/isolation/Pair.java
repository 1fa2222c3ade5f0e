package org.vfiocompat.engine.isolation;

import org.vfiocompat.rules.DeviceProfile;

/**
 * One pair as a pack is asked about it: the two profiles as the pack sees them, and whether the
 * target is a configuration to create.
 */
public record Pair(DeviceProfile source, DeviceProfile target, boolean creatable) {
}
