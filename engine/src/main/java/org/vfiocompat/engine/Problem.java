package org.vfiocompat.engine;

import java.util.Objects;

/**
 * One thing wrong with an input, as a value: what kind of problem it is (a stable code from
 * {@link ProblemCodes}, listed in {@code docs/errors.md}), where it is, and what is wrong.
 *
 * @param code     the kind of problem, such as {@code json.syntax} or {@code pack.drl.refused};
 *                 stable across releases, for programs to match on
 * @param location the file, and where in it
 * @param message  what is wrong, in words a user can act on
 */
public record Problem(String code, Location location, String message) {

    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
        if (code.isBlank()) {
            throw new IllegalArgumentException("a problem needs a code");
        }
    }

    /** The file the problem is in: {@code location().file()}. */
    public String file() {
        return location.file();
    }

    /** {@code file at location: message}, the one-line form the CLI prints. */
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
