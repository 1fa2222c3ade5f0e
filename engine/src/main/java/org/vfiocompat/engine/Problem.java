package org.vfiocompat.engine;

import java.util.Objects;

/**
 * One thing wrong with an input, with the place it is wrong: the file, and inside it a JSON
 * pointer ({@code /hosts/3/devices/0/kind}) or a line and column ({@code line 12:5}).
 *
 * @param file     the file as the user named it, or a pack-relative path
 * @param location where in the file, or {@code ""} when the whole file is meant
 * @param message  what is wrong, in words a user can act on
 */
public record Problem(String file, String location, String message) {

    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file at location: message}, the one-line form the CLI prints. */
    @Override
    public String toString() {
        return file + (location.isEmpty() ? "" : " at " + location) + ": " + message;
    }
}
