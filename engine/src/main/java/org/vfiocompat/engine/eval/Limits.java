package org.vfiocompat.engine.eval;

import java.time.Duration;

/**
 * The run-time bounds every evaluation of a pack is held to.
 *
 * @param maxFirings      rule firings per evaluation
 * @param maxInserts      Findings a pack may insert per evaluation
 * @param deadline        wall time per evaluation, enforced by the watchdog
 * @param quarantineAfter bound violations after which a pack is quarantined
 */
public record Limits(int maxFirings, int maxInserts, Duration deadline, int quarantineAfter) {

    /** The engine's defaults. */
    public static final Limits DEFAULT = new Limits(1000, 200, Duration.ofSeconds(2), 3);

    public Limits {
        if (maxFirings < 1 || maxInserts < 1 || quarantineAfter < 1 || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("limits must be positive: " + maxFirings + ", " + maxInserts + ", "
                    + deadline + ", " + quarantineAfter);
        }
    }
}
