package org.vfiocompat.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * The engine's answer for one (source profile, target profile) pair.
 *
 * @param level        LIVE, COLD, NONE or UNKNOWN
 * @param limit        what limits a verdict that is not LIVE; empty exactly for LIVE
 * @param score        the deciding pack's preference among targets of the same level (higher first)
 * @param reason       one line for a person; starts with the vendor's name (or {@code vfio-compat}
 *                     when no pack decided)
 * @param packId       the pack that decided, {@code ""} when none did
 * @param packVersion  that pack's version, {@code ""} when none did
 * @param rules        names of the rules whose findings decided the verdict, in firing order
 * @param firedRules   names of every rule that fired, in firing order (for explanations)
 * @param packDigest   the {@code sha256:} digest of the exact pack content that decided,
 *                     {@code ""} when none did: after a reload, which pack version answered
 */
public record Verdict(Level level, Optional<Limit> limit, int score, String reason,
                      String packId, String packVersion, List<String> rules, List<String> firedRules,
                      String packDigest) {

    public Verdict {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(packVersion, "packVersion");
        Objects.requireNonNull(packDigest, "packDigest");
        rules = List.copyOf(rules);
        firedRules = List.copyOf(firedRules);
        if (level == Level.LIVE && limit.isPresent()) {
            throw new IllegalArgumentException("a LIVE verdict has no limit");
        }
        if (level != Level.LIVE && limit.isEmpty()) {
            throw new IllegalArgumentException("a " + level + " verdict needs a limit");
        }
    }

    /** Whether the VM can move to the target at all (LIVE or COLD). */
    public boolean compatible() {
        return level.isCompatible();
    }

    /** A verdict no pack made: {@code UNKNOWN} (nobody could decide) or {@code NONE} (routing refused). */
    public static Verdict ofEngine(Level level, Limit limit, String reason, String packId, String packVersion,
                                   String packDigest) {
        return new Verdict(level, Optional.of(limit), 0, reason, packId, packVersion, List.of(), List.of(), packDigest);
    }
}
