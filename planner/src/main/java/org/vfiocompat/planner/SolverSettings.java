package org.vfiocompat.planner;

/**
 * How CP-SAT runs: one worker and a fixed seed, and a limit in CP-SAT's deterministic time rather
 * than wall time, so that the same model gives the same plan byte for byte on every run and
 * machine; the wall limit is a backstop only (ten times the deterministic one).
 *
 * @param deterministicSeconds the search budget in CP-SAT deterministic seconds (about a second each)
 * @param seed                 CP-SAT's random seed
 */
record SolverSettings(double deterministicSeconds, int seed) {
}
