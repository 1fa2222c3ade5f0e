package org.vfiocompat.cli;

/** Bad input that is not a file's content: an unknown device, a missing option value. Exit 2. */
final class UsageProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageProblem(String message) {
        super(message, null, false, false);
    }
}
