package org.vfiocompat.planner;

import java.util.List;
import org.vfiocompat.engine.PackPlanning;

/**
 * How the creatable types of one parent share it in a plan.
 *
 * @param parent  the parent's id on its host
 * @param sharing one type per parent, a shared budget, or independent types
 * @param budget  {@link PackPlanning.Sharing#SHARED_BUDGET}: the budget left (0 otherwise)
 * @param groups  the offer's slot groups of this parent's creatable types
 * @param costs   the cost of one instance of each of {@code groups} (shared budget), else 1s
 */
record ParentPool(String parent, PackPlanning.Sharing sharing, long budget, List<Integer> groups, List<Long> costs) {

    ParentPool {
        groups = List.copyOf(groups);
        costs = List.copyOf(costs);
    }
}
