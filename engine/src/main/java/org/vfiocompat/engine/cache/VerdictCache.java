package org.vfiocompat.engine.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Supplier;
import org.vfiocompat.engine.CacheStats;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * Remembers verdicts by (pack digest, source profile, target profile). Correct by construction:
 * a profile carries no host or device id, so a verdict depends on nothing else, and a changed
 * pack has another digest, so no verdict of an old pack can be served for a new one.
 *
 * <p>UNKNOWN verdicts are not kept: they mean a pack failed or broke a bound, which may not
 * happen again (a deadline missed under load), and every such event must count towards the
 * pack's quarantine.
 */
public final class VerdictCache {

    private record Key(String packDigest, DeviceProfile source, DeviceProfile target) {
    }

    private final Cache<Key, Verdict> cache;
    private final long maximumSize;

    private VerdictCache(long maximumSize) {
        this.maximumSize = maximumSize;
        this.cache = maximumSize == 0 ? null : Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
    }

    /** A cache of at most {@code maximumSize} verdicts; 0 turns caching off. */
    public static VerdictCache ofSize(long maximumSize) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("cache size must be 0 (off) or more, got " + maximumSize);
        }
        return new VerdictCache(maximumSize);
    }

    /** The remembered verdict for the pair under {@code packDigest}, or {@code evaluate}'s, remembered. */
    public Verdict get(String packDigest, DeviceProfile source, DeviceProfile target, Supplier<Verdict> evaluate) {
        if (cache == null) {
            return evaluate.get();
        }
        Key key = new Key(packDigest, source, target);
        Verdict hit = cache.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        long start = System.nanoTime();
        Verdict v = evaluate.get();
        loadNanos.add(System.nanoTime() - start);
        misses.increment();
        if (v.level() != Level.UNKNOWN) {
            cache.put(key, v);
        }
        return v;
    }

    private final java.util.concurrent.atomic.LongAdder loadNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder misses = new java.util.concurrent.atomic.LongAdder();

    /** Hits, misses, evictions and time spent evaluating misses, since the engine was built. */
    public CacheStats stats() {
        if (cache == null) {
            return new CacheStats(0, 0, 0, 0, 0, 0);
        }
        com.github.benmanes.caffeine.cache.stats.CacheStats s = cache.stats();
        // Caffeine counts a getIfPresent miss; ours are counted when we evaluate, which is the same event.
        return new CacheStats(maximumSize, cache.estimatedSize(), s.hitCount(), misses.sum(), s.evictionCount(),
                loadNanos.sum());
    }
}
