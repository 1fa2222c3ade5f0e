package org.vfiocompat.engine;

import java.util.List;

/**
 * Bad input: a pack that does not load or an inventory that does not read. Carries every
 * {@link Problem} found, each naming its file and place, so a user can fix them all at once.
 */
public abstract class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    protected InputException(List<Problem> problems, Throwable cause) {
        super(summary(problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, at least one. */
    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InputException needs at least one problem");
        }
        String first = problems.get(0).toString();
        return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
    }
}
