package org.vfiocompat.planner;

import java.util.List;

/**
 * One wave of a rolling upgrade, after its hosts' facts changed.
 *
 * @param number  from 1
 * @param hosts   the hosts upgraded in this wave, in file order
 * @param drain   the plan that empties this wave's hosts before their upgrade (on the fleet as
 *                the earlier waves left it)
 * @param lost    the VMs that lose every live path with this wave, by VM
 * @param liveVms how many VMs still have a live path after it
 * @param wayBack for every host upgraded so far, whether it still has a way back
 */
public record Wave(int number, List<String> hosts, DrainPlan drain, List<LostPath> lost, int liveVms, List<WayBack> wayBack) {

    public Wave {
        java.util.Objects.requireNonNull(drain, "drain");
        hosts = List.copyOf(hosts);
        lost = List.copyOf(lost);
        wayBack = List.copyOf(wayBack);
    }
}
