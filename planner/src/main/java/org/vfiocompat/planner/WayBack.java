package org.vfiocompat.planner;

import java.util.Objects;

/**
 * Whether an upgraded host can still hand its VMs back to the old version: a LIVE path from
 * each changed profile on it to a host not yet upgraded.
 *
 * @param host   the upgraded host
 * @param exists whether every changed profile on it has such a path
 * @param via    a not-yet-upgraded host that takes the first profile live ({@code ""} when none)
 * @param reason when there is none: the profile without a path and the best verdict's reason
 */
public record WayBack(String host, boolean exists, String via, String reason) {

    public WayBack {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(reason, "reason");
    }
}
