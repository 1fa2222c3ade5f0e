package org.vfiocompat.planner;

import java.util.List;

/**
 * What one host offers incoming VM devices: its slot groups and the pools of its parents.
 *
 * @param host      the host
 * @param groups    slot groups, in a fixed order (existing by profile, then creatable by parent and type)
 * @param pools     one per parent with creatable types
 * @param signature equal for two hosts exactly when their offers are interchangeable
 *                  (same groups with the same profiles, capacities and pools)
 */
record HostOffer(String host, List<SlotGroup> groups, List<ParentPool> pools, String signature) {

    HostOffer {
        groups = List.copyOf(groups);
        pools = List.copyOf(pools);
    }
}
