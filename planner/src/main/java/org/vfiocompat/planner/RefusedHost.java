package org.vfiocompat.planner;

import java.util.Objects;

/**
 * A host that cannot receive a VM, and why.
 *
 * @param host     the host
 * @param limiting the VM device that has no place there, {@code host/id}
 * @param reason   the refusal: the best verdict's reason for that device, or the capacity that runs out
 */
public record RefusedHost(String host, String limiting, String reason) {

    public RefusedHost {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limiting, "limiting");
        Objects.requireNonNull(reason, "reason");
    }
}
