package org.vfiocompat.engine;

import java.util.List;

/** A pack, or a set of packs, that cannot be loaded: the problems name pack, file and line. */
public final class InvalidPackException extends InputException {

    private static final long serialVersionUID = 1L;

    public InvalidPackException(List<Problem> problems) {
        super(problems, null);
    }

    public InvalidPackException(List<Problem> problems, Throwable cause) {
        super(problems, cause);
    }
}
