package org.vfiocompat.engine.rank;

import java.util.List;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The verdict on one pair, as ranking and the batch ask for it: the two profiles and whether the
 * target exists or is a configuration to create. Since rules API 1.1 a pack sees the target's
 * kind ({@code Target( creatable )}), so a verdict depends on it as well as on the profiles.
 */
@FunctionalInterface
public interface PairCheck {

    Verdict check(DeviceProfile source, DeviceProfile target, CandidateKind targetKind);

    /** A pair that a batch or a ranking is going to ask {@link #check} about. */
    record Ahead(DeviceProfile source, DeviceProfile target, CandidateKind targetKind) {
    }

    /**
     * Whether {@link #prepare} is worth calling: true when some pairs are judged behind a
     * boundary that one message per pair would make slow (a worker process). Without it, a
     * batch or ranking does not collect its pairs ahead.
     */
    default boolean wantsPairsAhead() {
        return false;
    }

    /**
     * Told the distinct pairs a batch or ranking is about to {@link #check}, before it checks
     * them, so that they can be judged in bulk; the checks that follow give the same verdicts.
     */
    default void prepare(List<Ahead> pairs) {
        // asked one at a time
    }
}
