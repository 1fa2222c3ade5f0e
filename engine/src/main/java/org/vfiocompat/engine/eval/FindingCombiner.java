package org.vfiocompat.engine.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * Turns one evaluation's findings into a verdict: the most severe level wins (NONE over UNKNOWN
 * over COLD over LIVE: a refusal with evidence beats "cannot tell", which beats any acceptance); the findings at that level decide the limit (the first one's), the score (the
 * highest) and the reason (all of theirs, in firing order). No finding at all means no rule
 * accepted the pair: NONE, never a silent LIVE; for a platform pack it means no objection (see
 * {@link PlatformCombiner}).
 */
final class FindingCombiner {

    /** The reason of a platform pack's verdict when it recorded nothing. */
    static final String NO_OBJECTION = "no objection (no rule of the platform pack applied)";

    /** The longest combined reason, vendor prefix included. */
    static final int MAX_REASON = 1000;

    private FindingCombiner() {
    }

    /** How severe a level is when findings meet: LIVE 0, COLD 1, UNKNOWN 2, NONE 3. */
    static int severity(Level level) {
        return switch (level) {
            case LIVE -> 0;
            case COLD -> 1;
            case UNKNOWN -> 2;
            case NONE -> 3;
        };
    }

    static Verdict combine(LoadedPack pack, List<EvaluationRecorder.Attributed> findings, List<String> fired) {
        if (findings.isEmpty() && pack.isPlatform()) {
            // A platform pack that records nothing has no objection: it only ever restricts
            // what the owning pack found, so its silence leaves that verdict as it is.
            return new Verdict(Level.LIVE, java.util.Optional.empty(), 0, pack.vendor() + ": " + NO_OBJECTION,
                    pack.id(), pack.version(), List.of(), fired, pack.digest());
        }
        if (findings.isEmpty()) {
            return new Verdict(Level.NONE, java.util.Optional.of(Limit.OTHER), 0,
                    pack.vendor() + ": no rule of pack " + pack.id() + " accepted this pair",
                    pack.id(), pack.version(), List.of(), fired, pack.digest());
        }
        Level worst = Level.LIVE;
        for (EvaluationRecorder.Attributed a : findings) {
            if (severity(a.finding().getLevel()) > severity(worst)) {
                worst = a.finding().getLevel();
            }
        }
        Limit limit = null;
        int score = 0;
        Set<String> reasons = new LinkedHashSet<>();
        Set<String> rules = new LinkedHashSet<>();
        for (EvaluationRecorder.Attributed a : findings) {
            if (a.finding().getLevel() != worst) {
                continue;
            }
            if (limit == null) {
                limit = a.finding().getLimit();
            }
            score = Math.max(score, a.finding().getScore());
            reasons.add(VisibleText.of(a.finding().getReason()));
            rules.add(a.rule());
        }
        String reason = pack.vendor() + ": " + String.join("; ", reasons);
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON - 1) + "\u2026";
        }
        return new Verdict(worst, java.util.Optional.ofNullable(limit), score, reason, pack.id(), pack.version(), new ArrayList<>(rules), fired, pack.digest());
    }
}
