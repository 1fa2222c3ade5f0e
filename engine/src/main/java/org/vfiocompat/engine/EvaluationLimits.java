package org.vfiocompat.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The run-time bounds every evaluation of a pack is held to. A pack that breaks one gets
 * {@code UNKNOWN} for that pair; after {@link #quarantineAfter()} such breaches it is quarantined.
 *
 * @param maxFiringsPerPair  rule firings one evaluation may take
 * @param maxFindingsPerPair findings one evaluation may record
 * @param deadline           wall time one evaluation may take, enforced by the watchdog
 * @param quarantineAfter    bound violations after which a pack is quarantined
 */
public record EvaluationLimits(int maxFiringsPerPair, int maxFindingsPerPair, Duration deadline, int quarantineAfter) {

    /** The engine's defaults: 1,000 firings, 200 findings, 2 s, quarantine after 3 violations. */
    public static final EvaluationLimits DEFAULT = new EvaluationLimits(1000, 200, Duration.ofSeconds(2), 3);

    public EvaluationLimits {
        Objects.requireNonNull(deadline, "deadline");
        if (maxFiringsPerPair < 1 || maxFindingsPerPair < 1 || quarantineAfter < 1 || deadline.isNegative()
                || deadline.isZero()) {
            throw new IllegalArgumentException("limits must be positive: " + maxFiringsPerPair + ", "
                    + maxFindingsPerPair + ", " + deadline + ", " + quarantineAfter);
        }
    }
}
