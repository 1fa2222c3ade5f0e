package org.vfiocompat.engine.importer;

import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;

/**
 * Where a fact was read: a sysfs path, or a file and a place inside it (a JSON pointer, a node
 * device's name, a line). Warnings and errors name it, so a user can look at the source.
 */
record Place(Location location) {

    static Place of(java.nio.file.Path path) {
        return of(path.toString());
    }

    /** The whole of {@code file}. */
    static Place of(String file) {
        return new Place(Location.file(file));
    }

    String file() {
        return location.file();
    }

    Problem problem(String code, String message) {
        return new Problem(code, location, message);
    }

    /** {@code file} or {@code file at location}. */
    String describe() {
        return location.describe();
    }

    /** This place, deeper by a JSON pointer suffix: {@code /mdev_type}. */
    Place at(String pointerSuffix) {
        return new Place(location.child(pointerSuffix));
    }

    /** This place with more words naming the part: {@code device X} becomes {@code device X type Y}. */
    Place within(String partSuffix) {
        return new Place(location.withPart(location.part().orElse("") + partSuffix));
    }
}
