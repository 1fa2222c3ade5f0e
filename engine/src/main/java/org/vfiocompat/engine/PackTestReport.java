package org.vfiocompat.engine;

import java.util.List;

/**
 * What running the test vectors of the loaded packs found: every vector's outcome, and per pack
 * which of its rules the vectors fired.
 *
 * @param vectors  every vector, pack by pack in load order, each file's vectors in file order
 * @param coverage one entry per loaded pack, in load order
 */
public record PackTestReport(List<VectorResult> vectors, List<PackCoverage> coverage) {

    public PackTestReport {
        vectors = List.copyOf(vectors);
        coverage = List.copyOf(coverage);
    }

    /** How many vectors failed. */
    public int failed() {
        return (int) vectors.stream().filter(v -> !v.passed()).count();
    }

    /** The packs whose rule coverage is below {@code percent}. */
    public List<PackCoverage> coverageBelow(double percent) {
        return coverage.stream().filter(c -> c.percent() < percent).toList();
    }
}
