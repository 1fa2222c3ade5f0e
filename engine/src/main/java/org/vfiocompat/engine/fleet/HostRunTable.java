package org.vfiocompat.engine.fleet;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A table of a fleet's entries (devices, or creatable types) sorted by host, each host's one run:
 * as a list, it makes an entry's object when asked for it. Immutable.
 */
abstract class HostRunTable<T> extends AbstractList<T> implements RandomAccess {

    final HostRuns runs;

    HostRunTable(HostRuns runs) {
        this.runs = runs;
    }

    @Override
    public int size() {
        return runs.entries();
    }

    /** The fleet's sorted host names (an entry's host ordinal is an index here). */
    public List<String> hosts() {
        return runs.hosts();
    }

    /** The host ordinal of entry {@code i}. */
    public int hostOf(int i) {
        return runs.hostOf(i);
    }

    /** The first entry of host ordinal {@code host}. */
    public int hostStart(int host) {
        return runs.start(host);
    }

    /** The position after host ordinal {@code host}'s last entry. */
    public int hostEnd(int host) {
        return runs.end(host);
    }
}
