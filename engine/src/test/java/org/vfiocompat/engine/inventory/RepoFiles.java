package org.vfiocompat.engine.inventory;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository itself, found whether tests run from the root or from engine/. */
final class RepoFiles {

    private RepoFiles() {
    }

    /** The repository root: the nearest folder above the working directory with pom.xml and examples/. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("examples"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no folder with pom.xml and examples/ above " + Path.of("").toAbsolutePath());
    }

    /** {@code examples/fleet.json}. */
    static Path exampleFleet() {
        return root().resolve("examples").resolve("fleet.json");
    }

    /** {@code examples/mixed-fleet.json}, the fleet with a device of every reference pack. */
    static Path mixedFleet() {
        return root().resolve("examples").resolve("mixed-fleet.json");
    }

    /** {@code docs/inventory.schema.json}. */
    static Path schema() {
        return root().resolve("docs").resolve("inventory.schema.json");
    }
}
