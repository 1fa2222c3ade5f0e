package org.vfiocompat.engine;

import java.util.List;

/**
 * What a batch did.
 *
 * @param devicesEvaluated assigned devices evaluated
 * @param stranded         refs ({@code host/id}) of devices with no compatible target, sorted
 * @param candidatePairs   (source device, candidate) pairs judged
 * @param distinctPairsEvaluated distinct (source profile, target profile) pairs evaluated
 * @param elapsedNanos     wall time of the batch; not part of deterministic output
 */
public record BatchSummary(int devicesEvaluated, List<String> stranded, long candidatePairs, long distinctPairsEvaluated,
                           long elapsedNanos) {

    public BatchSummary {
        stranded = List.copyOf(stranded);
    }
}
