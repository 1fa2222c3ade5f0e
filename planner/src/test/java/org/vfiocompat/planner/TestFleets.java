package org.vfiocompat.planner;

import java.nio.file.Files;
import java.nio.file.Path;
import org.vfiocompat.engine.CompatibilityEngine;

/** The checkout's bundled packs and example fleets, and one engine over the packs for a test class. */
final class TestFleets {

    static final Path ROOT = locateRoot();
    static final Path PACKS = ROOT.resolve("vendor-packs");
    static final Path PLANNING = ROOT.resolve("examples/planning-fleet.json");
    static final Path MIXED = ROOT.resolve("examples/mixed-fleet.json");
    static final Path WAVES = ROOT.resolve("examples/planning-waves.txt");

    private TestFleets() {
    }

    static CompatibilityEngine engine() {
        // The compiled-pack cache makes every engine after the first cost milliseconds, not seconds.
        return CompatibilityEngine.builder().packs(PACKS).compiledPackCache(ROOT.resolve("planner/target/compiled-packs")).build();
    }

    private static Path locateRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("vendor-packs"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no vendor-packs/ above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
