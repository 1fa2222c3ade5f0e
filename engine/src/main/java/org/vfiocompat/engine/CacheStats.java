package org.vfiocompat.engine;

/**
 * The verdict cache's statistics since the engine was built.
 *
 * @param maximumSize verdicts the cache may hold (0: caching is off)
 * @param size        verdicts it holds now (an estimate under concurrent use)
 * @param hits        checks answered from the cache
 * @param misses      checks that ran a pack
 * @param evictions   verdicts dropped to stay within the size
 * @param loadNanos   time spent running packs for misses
 */
public record CacheStats(long maximumSize, long size, long hits, long misses, long evictions, long loadNanos) {

    /** Hits over all lookups, 0 when there were none. */
    public double hitRate() {
        long all = hits + misses;
        return all == 0 ? 0 : (double) hits / all;
    }
}
