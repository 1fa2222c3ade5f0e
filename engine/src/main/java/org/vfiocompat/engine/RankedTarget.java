package org.vfiocompat.engine;

/** A candidate with the verdict on moving a given source to it. */
public record RankedTarget(Candidate candidate, Verdict verdict) {
}
