package org.vfiocompat.engine.pack;

import java.util.List;
import org.vfiocompat.engine.Problem;

/** Carries the problems of one pack out of the loading steps, to be gathered across packs. */
final class PackProblems extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    PackProblems(List<Problem> problems) {
        super(problems.isEmpty() ? "" : problems.get(0).toString(), null, false, false);
        this.problems = List.copyOf(problems);
    }

    List<Problem> problems() {
        return problems;
    }
}
