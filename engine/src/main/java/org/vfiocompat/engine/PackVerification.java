package org.vfiocompat.engine;

import java.util.List;
import java.util.Objects;

/**
 * What verifying one pack folder found: each layer it passed with what that layer checked, and
 * the problems of the layer that refused it.
 *
 * @param folder   the pack folder
 * @param passed   the layers passed, in order; when the pack passed them all, last the
 *                 {@link Layer#RUN_TIME} bounds its evaluations will be held to
 * @param limits   those bounds (the engine's defaults)
 * @param problems empty when the pack passed every layer
 */
public record PackVerification(String folder, List<LayerCheck> passed, EvaluationLimits limits, List<Problem> problems) {

    public PackVerification {
        Objects.requireNonNull(folder, "folder");
        passed = List.copyOf(passed);
        Objects.requireNonNull(limits, "limits");
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
