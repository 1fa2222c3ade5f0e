package org.vfiocompat.engine.pack;

import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Keeps what a pack's problems echo bounded: a list of problems is cut to its first few plus one
 * that counts the rest, and echoed input is shortened (issue 13, class 8: a table of 200,000 bad
 * lines gave 22 MB of problems, and a 4 MB header was echoed whole).
 */
final class ProblemList {

    /** The most characters of input a problem echoes. */
    static final int MAX_ECHO = 200;

    private ProblemList() {
    }

    /** The first {@code max} of {@code problems}, and one more that says how many were left out. */
    static List<Problem> capped(List<Problem> problems, int max) {
        if (problems.size() <= max) {
            return problems;
        }
        List<Problem> out = new ArrayList<>(problems.subList(0, max));
        Problem first = problems.get(max);
        out.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.file(first.file()), "and " + (problems.size() - max)
                + " more problems, not listed"));
        return out;
    }

    /** {@code text} cut to {@link #MAX_ECHO} characters, saying how long it was. */
    static String shortened(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "... (" + text.length() + " characters)";
    }
}
