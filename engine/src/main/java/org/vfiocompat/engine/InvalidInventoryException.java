package org.vfiocompat.engine;

import java.util.List;

/** An inventory (or test-vector file) that cannot be read: the problems name file and JSON pointer. */
public final class InvalidInventoryException extends InputException {

    private static final long serialVersionUID = 1L;

    public InvalidInventoryException(List<Problem> problems) {
        super(problems, null);
    }

    public InvalidInventoryException(List<Problem> problems, Throwable cause) {
        super(problems, cause);
    }
}
