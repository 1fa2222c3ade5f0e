package org.vfiocompat.cli;

/** The command's exit codes, the same for every sub-command. */
final class ExitCodes {

    /** Done; whatever was found is in the output. */
    static final int OK = 0;
    /** Done, and found what the user asked to fail on ({@code --fail-on-stranded}, a failing vector, coverage under {@code --fail-under}, a lint finding). */
    static final int FOUND_PROBLEMS = 1;
    /** Bad input: a file that does not read, a pack that does not load, an unknown device, bad options. */
    static final int BAD_INPUT = 2;
    /** A bug in vfio-compat itself. */
    static final int INTERNAL_ERROR = 3;

    private ExitCodes() {
    }
}
