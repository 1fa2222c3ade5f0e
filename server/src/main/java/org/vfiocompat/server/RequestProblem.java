package org.vfiocompat.server;

import java.util.List;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * A request the server refuses, with the HTTP status to answer and every problem found, each
 * located in the request body ({@code (request)} at a JSON pointer, or a line and column).
 */
final class RequestProblem extends RuntimeException {

    /** What {@link Location#file()} says for a problem in the request body. */
    static final String BODY = "(request)";

    static final String UNKNOWN_REFERENCE = ProblemCodes.REQUEST_UNKNOWN_REFERENCE;
    static final String TOO_MANY_REFERENCES = ProblemCodes.REQUEST_TOO_MANY_REFERENCES;
    static final String INVALID_VALUE = ProblemCodes.REQUEST_INVALID_VALUE;
    static final String BODY_TOO_LARGE = ProblemCodes.REQUEST_TOO_LARGE;

    private final int status;
    private final transient List<Problem> problems;

    RequestProblem(int status, List<Problem> problems) {
        super(problems.isEmpty() ? "bad request" : problems.get(0).toString());
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    static RequestProblem at(int status, String code, String pointer, String message) {
        return new RequestProblem(status, List.of(new Problem(code, Location.pointer(BODY, pointer), message)));
    }

    int status() {
        return status;
    }

    List<Problem> problems() {
        return problems;
    }
}
