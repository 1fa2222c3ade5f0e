package org.vfiocompat.rules;

import java.util.Objects;

/**
 * What one rule records about the pair under evaluation: insert one from a consequence,
 * {@code insert(Finding.none(Limit.DEVICE, "device not matched"));}.
 *
 * <p>The engine combines every finding of one evaluation into the verdict: the most severe
 * level wins (NONE over UNKNOWN over COLD over LIVE), so a rule that forbids always overrides a rule that
 * permits, and a pack that records nothing has accepted nothing. Reasons are capped at
 * {@link #MAX_REASON_LENGTH} characters so that no rule can grow a verdict without bound.
 */
public final class Finding {

    /** The longest reason kept; longer reasons are cut and end with an ellipsis. */
    public static final int MAX_REASON_LENGTH = 240;
    /** Scores are clamped to {@code [0, MAX_SCORE]}. */
    public static final int MAX_SCORE = 1000;

    private final Level level;
    private final Limit limit;
    private final int score;
    private final String reason;

    private Finding(Level level, Limit limit, int score, String reason) {
        this.level = level;
        this.limit = limit;
        this.score = Math.max(0, Math.min(MAX_SCORE, score));
        this.reason = cap(Objects.requireNonNull(reason, "reason"));
    }

    /** The target accepts the device live; a higher score is preferred among live targets. */
    public static Finding live(int score, String reason) {
        return new Finding(Level.LIVE, null, score, reason);
    }

    /** Only cold migration works, because of {@code limit}; score orders cold targets. */
    public static Finding cold(Limit limit, int score, String reason) {
        return new Finding(Level.COLD, Objects.requireNonNull(limit, "limit"), score, reason);
    }

    /** The target cannot take the device, because of {@code limit}. */
    public static Finding none(Limit limit, String reason) {
        return new Finding(Level.NONE, Objects.requireNonNull(limit, "limit"), 0, reason);
    }

    /**
     * The pack cannot tell from what the host exposes whether the target takes the device: the
     * rule the real component applies is not observable (a device's firmware decides, a distro
     * kernel's backports are unknown). The engine combines it as less severe than NONE (a refusal
     * with evidence) and more than COLD, and never turns it into LIVE.
     *
     * @since rules API 1.2
     */
    public static Finding unknown(Limit limit, String reason) {
        return new Finding(Level.UNKNOWN, Objects.requireNonNull(limit, "limit"), 0, reason);
    }

    public Level getLevel() {
        return level;
    }

    /** The limiting factor, or {@code null} for a live finding. */
    public Limit getLimit() {
        return limit;
    }

    public int getScore() {
        return score;
    }

    public String getReason() {
        return reason;
    }

    private static String cap(String reason) {
        if (reason.length() <= MAX_REASON_LENGTH) {
            return reason;
        }
        return reason.substring(0, MAX_REASON_LENGTH - 1) + "\u2026";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finding f
                && level == f.level && limit == f.limit && score == f.score && reason.equals(f.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(level, limit, score, reason);
    }

    @Override
    public String toString() {
        return "Finding[" + level + (limit == null ? "" : "/" + limit) + " score=" + score + " " + reason + "]";
    }
}
