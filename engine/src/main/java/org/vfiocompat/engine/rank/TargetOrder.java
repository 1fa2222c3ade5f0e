package org.vfiocompat.engine.rank;

import java.util.Comparator;
import org.vfiocompat.engine.RankedTarget;

/**
 * The one order of candidate lists: level (LIVE, COLD, NONE, UNKNOWN), then the pack's score
 * (highest first), then host and id. Host and id are unique in a fleet, so the order is total
 * and output is the same byte for byte on every run.
 */
final class TargetOrder {

    /** Best first. */
    static final Comparator<RankedTarget> BEST_FIRST = Comparator
            .comparing((RankedTarget r) -> r.verdict().level())
            .thenComparing(Comparator.comparingInt((RankedTarget r) -> r.verdict().score()).reversed())
            .thenComparing(r -> r.candidate().host())
            .thenComparing(r -> r.candidate().id());

    /** By place only, for lists of refused candidates. */
    static final Comparator<RankedTarget> BY_PLACE = Comparator
            .comparing((RankedTarget r) -> r.candidate().host())
            .thenComparing(r -> r.candidate().id());

    private TargetOrder() {
    }
}
