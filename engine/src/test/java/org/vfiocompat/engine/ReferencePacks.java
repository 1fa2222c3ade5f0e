package org.vfiocompat.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The engine with every reference pack of {@code vendor-packs/}, built once per test JVM:
 * compiling packs costs seconds, and the engine is immutable, so tests share it.
 */
final class ReferencePacks {

    /** The repository's {@code vendor-packs/} folder, found from the module's working directory. */
    static final Path DIR = locate("vendor-packs");

    private static CompatibilityEngine engine;

    private ReferencePacks() {
    }

    static synchronized CompatibilityEngine engine() {
        if (engine == null) {
            engine = CompatibilityEngine.builder().packs(DIR).build();
        }
        return engine;
    }

    /** A folder of the repository root, whether tests run from the root or from engine/. */
    static Path locate(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(name)) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve(name);
            }
        }
        throw new IllegalStateException("cannot find " + name + "/ above " + Path.of("").toAbsolutePath());
    }
}
