package org.vfiocompat.cli;

import java.util.List;

/** Checks a {@code --format} value against the formats a command offers. */
final class Formats {

    private Formats() {
    }

    static void require(String format, String... allowed) {
        if (!List.of(allowed).contains(format)) {
            throw new UsageProblem("unknown --format '" + format + "': use one of " + String.join(", ", allowed));
        }
    }
}
