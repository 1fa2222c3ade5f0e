package org.vfiocompat.engine.pack;

import java.util.List;
import org.vfiocompat.engine.LayerCheck;
import org.vfiocompat.engine.Problem;

/**
 * The layers one pack passed, in order, each with what it checked, and the problems of the
 * layer that refused it (empty when the pack passed every layer).
 */
public record PackCheckReport(List<LayerCheck> passed, List<Problem> problems) {

    public PackCheckReport {
        passed = List.copyOf(passed);
        problems = List.copyOf(problems);
    }
}
