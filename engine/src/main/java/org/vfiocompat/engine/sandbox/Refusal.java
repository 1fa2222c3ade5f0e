package org.vfiocompat.engine.sandbox;

import org.vfiocompat.engine.Problem;

/**
 * One refusal of {@link BytecodeVerifier}: the check that refused and the problem reported for
 * it. The public {@link VerificationReport} carries only the problems, which is all a loader
 * needs; the check is kept alongside so that the verifier's own tests can say which check fired.
 */
record Refusal(Check check, Problem problem) {
}
