package org.vfiocompat.engine.rank;

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
}
