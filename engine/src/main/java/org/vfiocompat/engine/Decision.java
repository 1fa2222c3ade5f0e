package org.vfiocompat.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.vfiocompat.rules.DeviceProfile;

/**
 * One decision the engine made, as a {@link DecisionSink} receives it.
 *
 * @param time     when it was made, by the engine's clock
 * @param source   the source profile as the caller gave it
 * @param target   the target profile as the caller gave it
 * @param verdict  the verdict
 * @param cacheHit whether the verdict came from the cache
 */
public record Decision(Instant time, DeviceProfile source, DeviceProfile target, Verdict verdict, boolean cacheHit) {

    /** Every field of a decision-log line, in the order the built-in NDJSON log writes them. */
    public static final List<String> LOG_FIELDS = List.of("decisionId", "time", "packId", "packVersion", "packDigest",
            "source", "target", "level", "limit", "score", "reason", "rules", "firedRules", "cacheHit");

    public Decision {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(verdict, "verdict");
    }
}
