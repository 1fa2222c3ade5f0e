package org.vfiocompat.engine.rank;

import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Pairs as the packs that judge them see them: what a batch groups by. Two sources with equal
 * {@link #source} keys get equal verdicts against every target, and two targets with equal
 * {@link #target} keys get equal verdicts for a source, because each key holds exactly the parts
 * of a profile (and the target's kind) that the deciding packs read. Keys compare by
 * {@code equals}; what they hold is the router's business.
 */
public interface PairViews {

    /** {@code source} as the packs that would judge it see it. */
    Object source(DeviceProfile source);

    /** {@code target} of {@code kind} as the packs that would judge it for {@code source} see it. */
    Object target(DeviceProfile source, DeviceProfile target, CandidateKind kind);
}
