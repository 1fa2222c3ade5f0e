package org.vfiocompat.engine.importer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * What an import noticed on its way: warnings (a missing optional file, a dangling link; the
 * import goes on) and errors (a malformed required value; the import fails, with every error
 * found). Each names its place. The same warning is kept once, and after {@link #MAX} warnings
 * only a count is kept, so a broken host cannot flood the terminal.
 */
final class Warnings {

    static final int MAX = 1000;
    private static final java.util.Comparator<Problem> ORDER = java.util.Comparator.comparing(Problem::file)
            .thenComparing((Problem p) -> p.location().where()).thenComparing(Problem::message);

    private final Set<Problem> warnings = new LinkedHashSet<>();
    private final List<Problem> errors = new ArrayList<>();
    private int dropped;

    void add(String code, Place place, String message) {
        add(place.problem(code, message));
    }

    synchronized void add(Problem warning) {
        if (warnings.size() < MAX) {
            warnings.add(warning);
        } else if (!warnings.contains(warning)) {
            dropped++;
        }
    }

    synchronized void error(String code, Place place, String message) {
        errors.add(place.problem(code, message));
    }

    /** Throws the errors found, if any. */
    synchronized void throwErrors() {
        if (!errors.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(errors);
            sorted.sort(ORDER);
            throw new InvalidInventoryException(sorted);
        }
    }

    /** The warnings, sorted by file, place and message (parallel reading finds them in any order). */
    synchronized List<Problem> list() {
        List<Problem> out = new ArrayList<>(warnings);
        out.sort(ORDER);
        if (dropped > 0) {
            out.add(new Problem(ProblemCodes.IMPORT_WARNINGS_DROPPED, Location.file("vfio-compat"), dropped + " more warnings not shown"));
        }
        return out;
    }
}
