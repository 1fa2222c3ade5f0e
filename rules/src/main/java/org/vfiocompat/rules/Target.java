package org.vfiocompat.rules;

/** The device (existing or creatable) that would receive the state: match it as {@code Target(...)}. */
public final class Target extends ProfileFact {
    public Target(DeviceProfile profile) {
        super(profile);
    }
}
