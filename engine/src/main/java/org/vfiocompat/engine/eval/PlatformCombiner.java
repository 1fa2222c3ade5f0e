package org.vfiocompat.engine.eval;

import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.rules.Level;

/**
 * Combines the owning pack's verdict on a pair with the verdicts of the platform packs that
 * judged it too, the way findings combine within one pack: the most severe level wins (NONE
 * over UNKNOWN over COLD over LIVE), and every pack whose verdict is at that level decides.
 *
 * <p>A platform pack that recorded nothing (no rule applied: typically no host facts in the
 * inventory) takes no part, so the owner's verdict comes back as it was, the same object. When
 * a platform pack takes part, the verdict lists every deciding pack ({@link Verdict#deciders()},
 * the owner first, then platform packs in load order); its limit, score, pack and rules are the
 * first decider's, and its reason joins all of theirs, so nothing that decided is hidden. A
 * platform pack cannot make a pair better than its owner found it.
 */
public final class PlatformCombiner {

    /** The longest combined reason. */
    static final int MAX_REASON = FindingCombiner.MAX_REASON * 2;

    private PlatformCombiner() {
    }

    /** A platform pack's verdict and the pack that gave it. */
    public record Judged(LoadedPack pack, Verdict verdict) {
    }

    /** Whether a platform pack's verdict says nothing: it recorded no finding. */
    static boolean silent(Verdict platformVerdict) {
        return platformVerdict.level() == Level.LIVE && platformVerdict.rules().isEmpty();
    }

    public static Verdict combine(Verdict owner, List<Judged> platform) {
        List<Judged> speaking = new ArrayList<>();
        int worst = FindingCombiner.severity(owner.level());
        for (Judged j : platform) {
            if (!silent(j.verdict())) {
                speaking.add(j);
                worst = Math.max(worst, FindingCombiner.severity(j.verdict().level()));
            }
        }
        List<Verdict.Decider> deciders = new ArrayList<>();
        List<Verdict> decided = new ArrayList<>();
        if (FindingCombiner.severity(owner.level()) == worst) {
            deciders.add(decider(owner, false));
            decided.add(owner);
        }
        for (Judged j : speaking) {
            if (FindingCombiner.severity(j.verdict().level()) == worst) {
                deciders.add(decider(j.verdict(), true));
                decided.add(j.verdict());
            }
        }
        if (decided.size() == 1 && decided.get(0) == owner) {
            return owner; // no platform pack at the winning level: the owner decided alone
        }
        Verdict first = decided.get(0);
        List<String> reasons = new ArrayList<>();
        decided.forEach(v -> reasons.add(v.reason()));
        String reason = String.join("; ", reasons);
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON - 1) + "\u2026";
        }
        return new Verdict(first.level(), first.limit(), first.score(), reason, first.packId(), first.packVersion(),
                first.rules(), owner.firedRules(), first.packDigest(), deciders);
    }

    private static Verdict.Decider decider(Verdict v, boolean platform) {
        return new Verdict.Decider(v.packId(), v.packVersion(), platform, v.level(), v.limit(), v.score(), v.reason(), v.rules());
    }
}
