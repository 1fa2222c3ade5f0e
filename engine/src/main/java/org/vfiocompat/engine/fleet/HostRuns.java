package org.vfiocompat.engine.fleet;

import java.util.List;

/**
 * Where each host's entries are in a list sorted by host (a table's devices, a batch's
 * candidates): the entries of host ordinal {@code h} (its index in the fleet's sorted host list)
 * are those from {@code start[h]} to {@code start[h + 1]}. One int per host instead of one per
 * entry.
 */
public final class HostRuns {

    private final List<String> hosts;
    private final int[] start;

    /** @param start one more than the hosts: the last is the number of entries */
    public HostRuns(List<String> hosts, int[] start) {
        if (start.length != hosts.size() + 1) {
            throw new IllegalArgumentException(hosts.size() + " hosts need " + (hosts.size() + 1) + " run starts, got " + start.length);
        }
        this.hosts = hosts;
        this.start = start;
    }

    public List<String> hosts() {
        return hosts;
    }

    public int start(int host) {
        return start[host];
    }

    public int end(int host) {
        return start[host + 1];
    }

    public int entries() {
        return start[start.length - 1];
    }

    /** The host ordinal of entry {@code i}: the last host whose run starts at or before it (hosts without entries have empty runs). */
    public int hostOf(int i) {
        int lo = 0;
        int hi = start.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (start[mid] <= i) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
