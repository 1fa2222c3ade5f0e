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
 * @param deciders     when a platform pack took part in deciding (its findings are at the
 *                     verdict's level): every pack whose findings decided, the owning pack first,
 *                     each with its own limit, reason and rules; the fields above are then the
 *                     first one's, but {@code reason} joins all of theirs. Empty otherwise: the
 *                     one pack above decided alone.
 */
public record Verdict(Level level, Optional<Limit> limit, int score, String reason,
                      String packId, String packVersion, List<String> rules, List<String> firedRules,
                      String packDigest, List<Decider> deciders) {

    /**
     * One pack's part in a verdict that several packs decided.
     *
     * @param packId      the pack
     * @param packVersion its version
     * @param platform    whether it is a platform pack (it judged the pair besides the owning pack)
     * @param level       its level, the verdict's
     * @param limit       its limit; empty for LIVE
     * @param score       its score
     * @param reason      its reason, starting with its vendor's name
     * @param rules       its rules whose findings decided
     */
    public record Decider(String packId, String packVersion, boolean platform, Level level, Optional<Limit> limit,
                          int score, String reason, List<String> rules) {

        public Decider {
            Objects.requireNonNull(packId, "packId");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(reason, "reason");
            rules = List.copyOf(rules);
        }
    }

    /** A verdict one pack (or the engine) decided alone. */
    public Verdict(Level level, Optional<Limit> limit, int score, String reason, String packId, String packVersion,
                   List<String> rules, List<String> firedRules, String packDigest) {
        this(level, limit, score, reason, packId, packVersion, rules, firedRules, packDigest, List.of());
    }

    public Verdict {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(packVersion, "packVersion");
        Objects.requireNonNull(packDigest, "packDigest");
        rules = List.copyOf(rules);
        firedRules = List.copyOf(firedRules);
        deciders = List.copyOf(deciders);
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
