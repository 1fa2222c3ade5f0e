package org.vfiocompat.engine;

import java.util.List;

/**
 * What verifying one pack folder found: each layer it passed with what that layer checked, and
 * the problems of the layer that refused it.
 *
 * @param folder   the pack folder
 * @param passed   one line per layer passed, in order
 * @param problems empty when the pack passed every layer
 */
public record PackVerification(String folder, List<String> passed, List<Problem> problems) {

    public PackVerification {
        passed = List.copyOf(passed);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
