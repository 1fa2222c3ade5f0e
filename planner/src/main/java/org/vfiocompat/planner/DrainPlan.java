package org.vfiocompat.planner;

import java.util.List;
import java.util.Objects;

/**
 * A plan that empties hosts: the moves, the VMs that stay, and how good the plan is known to be.
 *
 * @param hosts     the hosts drained, sorted
 * @param moves     one per VM that moves, by VM
 * @param stuck     the VMs that cannot move, by VM
 * @param objective the plan's objective
 * @param optimal   whether the solver proved no plan is better
 * @param gap       relative distance to the proven bound of the weighted objective (0 when optimal)
 */
public record DrainPlan(List<String> hosts, List<VmMove> moves, List<StuckVm> stuck, Objective objective,
                        boolean optimal, double gap) {

    public DrainPlan {
        hosts = List.copyOf(hosts);
        moves = List.copyOf(moves);
        stuck = List.copyOf(stuck);
        Objects.requireNonNull(objective, "objective");
    }
}
