package org.vfiocompat.planner;

import java.util.List;
import java.util.Objects;

/**
 * A VM a plan cannot move.
 *
 * @param vm         the VM, {@code host/name}
 * @param why        no host could take it even alone, or every host that could is full in this plan
 * @param reason     in words: the limiting device and its verdict, or the contention
 * @param contenders for {@link Why#HOSTS_FULL}: the hosts that could take it alone, sorted
 */
public record StuckVm(String vm, Why why, String reason, List<String> contenders) {

    /** Why a VM stays. */
    public enum Why {
        /** No host has a compatible place for every device of the VM, even with nothing else moving. */
        NO_COMPATIBLE_HOST,
        /** Some hosts could take it alone, but the plan gives their places to other VMs. */
        HOSTS_FULL
    }

    public StuckVm {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(reason, "reason");
        contenders = List.copyOf(contenders);
    }
}
