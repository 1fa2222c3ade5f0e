package org.vfiocompat.rules;

/** The device a VM uses now, whose state would move: match it as {@code Source(...)}. */
public final class Source extends ProfileFact {
    public Source(DeviceProfile profile) {
        super(profile);
    }
}
