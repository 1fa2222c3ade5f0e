package org.vfiocompat.planner;

import java.util.Objects;

/**
 * A VM that had a live path before a wave and has none after it.
 *
 * @param vm     the VM, {@code host/name}
 * @param reason the limiting device and the best verdict it has now
 */
public record LostPath(String vm, String reason) {

    public LostPath {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(reason, "reason");
    }
}
