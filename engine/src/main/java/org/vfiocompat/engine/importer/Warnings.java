package org.vfiocompat.engine.importer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Problem;

/**
 * What an import noticed on its way: warnings (a missing optional file, a dangling link; the
 * import goes on) and errors (a malformed required value; the import fails, with every error
 * found). Each names its place. The same warning is kept once, and after {@link #MAX} warnings
 * only a count is kept, so a broken host cannot flood the terminal.
 */
final class Warnings {

    static final int MAX = 1000;

    private final Set<Problem> warnings = new LinkedHashSet<>();
    private final List<Problem> errors = new ArrayList<>();
    private int dropped;

    void add(Place place, String message) {
        add(place.problem(message));
    }

    void add(Problem warning) {
        if (warnings.size() < MAX) {
            warnings.add(warning);
        } else if (!warnings.contains(warning)) {
            dropped++;
        }
    }

    void error(Place place, String message) {
        errors.add(place.problem(message));
    }

    /** Throws the errors found, if any. */
    void throwErrors() {
        if (!errors.isEmpty()) {
            throw new InvalidInventoryException(errors);
        }
    }

    List<Problem> list() {
        List<Problem> out = new ArrayList<>(warnings);
        if (dropped > 0) {
            out.add(new Problem("vfio-compat", "", dropped + " more warnings not shown"));
        }
        return out;
    }
}
