package org.vfiocompat.planner;

import java.util.List;

/**
 * One line of the N+1 report: can this host be drained now.
 *
 * @param host      the host
 * @param vms       how many VMs it runs
 * @param drainable whether every one of them can move at once
 * @param stuck     the VMs that would stay (the fewest any plan leaves), with why
 */
public record HostDrain(String host, int vms, boolean drainable, List<StuckVm> stuck) {

    public HostDrain {
        java.util.Objects.requireNonNull(host, "host");
        stuck = List.copyOf(stuck);
    }
}
