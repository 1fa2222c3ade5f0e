package org.vfiocompat.planner;

import java.util.List;

/**
 * The N+1 report: every host, drained alone.
 *
 * @param hosts one line per host, by name
 */
public record Resilience(List<HostDrain> hosts) {

    public Resilience {
        hosts = List.copyOf(hosts);
    }

    /** The hosts that cannot be drained now. */
    public List<HostDrain> notDrainable() {
        return hosts.stream().filter(h -> !h.drainable()).toList();
    }
}
