package org.vfiocompat.engine.rank;

import java.util.Comparator;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.Verdict;

/**
 * The one order of candidate lists: level (LIVE, COLD, NONE, UNKNOWN), then the pack's score
 * (highest first), then host and id. Host and id are unique in a fleet, so the order is total
 * and output is the same byte for byte on every run.
 */
final class TargetOrder {

    /** Verdicts best first: level (LIVE, COLD, NONE, UNKNOWN), then score, highest first. */
    static final Comparator<Verdict> VERDICT = Comparator.comparing(Verdict::level)
            .thenComparing(Comparator.comparingInt(Verdict::score).reversed());

    /** Candidates by place: host, then id. */
    static final Comparator<Candidate> PLACE = Comparator.comparing(Candidate::host).thenComparing(Candidate::id);

    /** Best first: by verdict, then by place. */
    static final Comparator<RankedTarget> BEST_FIRST = Comparator.comparing(RankedTarget::verdict, VERDICT)
            .thenComparing(RankedTarget::candidate, PLACE);

    /** By place only, for lists of refused candidates. */
    static final Comparator<RankedTarget> BY_PLACE = Comparator.comparing(RankedTarget::candidate, PLACE);

    private TargetOrder() {
    }
}
