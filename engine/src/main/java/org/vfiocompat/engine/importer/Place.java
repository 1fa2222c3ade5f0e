package org.vfiocompat.engine.importer;

import org.vfiocompat.engine.Problem;

/**
 * Where a fact was read: a sysfs path, or a file and a place inside it (a JSON pointer, a node
 * device's name). Warnings and errors name it, so a user can look at the source.
 */
record Place(String file, String location) {

    static Place of(java.nio.file.Path path) {
        return new Place(path.toString(), "");
    }

    Problem problem(String message) {
        return new Problem(file, location, message);
    }

    /** {@code file} or {@code file at location}. */
    String describe() {
        return location.isEmpty() ? file : file + " at " + location;
    }

    Place at(String more) {
        return new Place(file, location + more);
    }
}
