package org.vfiocompat.engine.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Supplier;
import org.vfiocompat.engine.CacheStats;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * Remembers verdicts by (pack digest, source profile, target profile, whether the target is
 * creatable), each as the pack sees it: the router hands the cache profiles already reduced to
 * the parts the pack reads (its {@code reads}: attributes, parent model, host software facts) and
 * the target kind only when the pack reads it. Correct by construction: a profile carries no
 * host identity or device id, and a pack sees nothing but what is in the key, so a verdict
 * depends on nothing else; and a changed pack has another digest, so no verdict of an old pack
 * can be served for a new one. A platform pack's verdict is cached the same way, under its own
 * digest and its own reduction of the pair.
 *
 * <p>An UNKNOWN the engine made is not kept: it means a pack failed or broke a bound, which may
 * not happen again (a deadline missed under load), and every such event must count towards the
 * pack's quarantine. An UNKNOWN a pack's rules decided ({@code Finding.unknown}: the firmware
 * decides, a register no tool shows) is kept like any other verdict: it is the pack's answer for
 * the pair, as repeatable as LIVE. The two are told apart by the deciding rules, which only a
 * rule-made verdict has.
 */
public final class VerdictCache {

    private record Key(String packDigest, DeviceProfile source, DeviceProfile target, boolean targetCreatable) {
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

    /**
     * A verdict and whether the cache answered it.
     *
     * @param verdict the verdict
     * @param hit     true when it came from the cache, false when the pack ran
     */
    public record Lookup(Verdict verdict, boolean hit) {
    }

    /**
     * The remembered verdict for the pair under {@code packDigest}, or {@code evaluate}'s,
     * remembered unless it is an UNKNOWN the engine made. Through Caffeine's {@code get(key, loader)}: two threads
     * asking for the same pair at once never both evaluate it; the second waits for the first.
     */
    public Lookup get(String packDigest, DeviceProfile source, DeviceProfile target, boolean targetCreatable,
                      Supplier<Verdict> evaluate) {
        if (cache == null) {
            return new Lookup(evaluate.get(), false);
        }
        Verdict[] evaluated = new Verdict[1];
        Verdict v = cache.get(new Key(packDigest, source, target, targetCreatable), key -> {
            Verdict fresh = evaluate.get();
            evaluated[0] = fresh;
            return engineMadeUnknown(fresh) ? null : fresh; // null: Caffeine keeps nothing
        });
        if (evaluated[0] != null) {
            return new Lookup(evaluated[0], false);
        }
        // Not evaluated here: either a hit, or (never with Caffeine's blocking load, kept for
        // safety) nothing at all, when the pair is evaluated after all.
        return v != null ? new Lookup(v, true) : new Lookup(evaluate.get(), false);
    }

    /** A failure or a broken bound: UNKNOWN with no rule behind it. */
    private static boolean engineMadeUnknown(Verdict v) {
        return v.level() == Level.UNKNOWN && v.rules().isEmpty();
    }

    /** Whether the pair's verdict is remembered; counts neither a hit nor a miss. */
    public boolean contains(String packDigest, DeviceProfile source, DeviceProfile target, boolean targetCreatable) {
        return cache != null && cache.asMap().containsKey(new Key(packDigest, source, target, targetCreatable));
    }

    /**
     * Drops every verdict of a pack not in {@code digests}: after a reload, verdicts of replaced
     * packs can never be asked for again (the digest is in the key), so they go now instead of
     * waiting to be evicted. An evaluation of a replaced pack still in flight may put one more
     * back; the size bound evicts it in time.
     */
    public void retainPacks(java.util.Set<String> digests) {
        if (cache != null) {
            cache.asMap().keySet().removeIf(k -> !digests.contains(k.packDigest()));
        }
    }


    /** Hits, misses, evictions and time spent evaluating misses, since the engine was built. */
    public CacheStats stats() {
        if (cache == null) {
            return new CacheStats(0, 0, 0, 0, 0, 0);
        }
        com.github.benmanes.caffeine.cache.stats.CacheStats s = cache.stats();
        return new CacheStats(maximumSize, cache.estimatedSize(), s.hitCount(), s.missCount(), s.evictionCount(),
                s.totalLoadTime());
    }
}
