package org.vfiocompat.engine.runtime;

import java.util.concurrent.ConcurrentHashMap;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * The verdicts one batch or ranking had judged in bulk before it walked its pairs (the pairs of
 * packs behind a worker process, which one message per pair would make slow), by pack digest and
 * the pair as that pack sees it. The walk then takes them where it would have evaluated: the
 * verdict cache, the decision sinks and the cache's statistics see exactly what they see without
 * it. Lives as long as the batch, so it holds at most the batch's distinct pairs.
 */
final class AheadVerdicts {

    record Key(String packDigest, DeviceProfile source, DeviceProfile target, boolean targetCreatable) {
    }

    private final ConcurrentHashMap<Key, Verdict> verdicts = new ConcurrentHashMap<>();

    void put(Key key, Verdict verdict) {
        verdicts.put(key, verdict);
    }

    /**
     * The verdict judged ahead for {@code key}, or null. An UNKNOWN is given once: asked again,
     * the pair is evaluated again, as an UNKNOWN (never cached) would be without this.
     */
    Verdict take(Key key) {
        Verdict v = verdicts.get(key);
        if (v != null && v.level() == Level.UNKNOWN) {
            verdicts.remove(key, v);
        }
        return v;
    }
}
