package org.vfiocompat.cli;

import java.nio.file.Path;
import org.vfiocompat.engine.CompatibilityEngine;
import picocli.CommandLine.Option;

/** {@code --pack-cache}, {@code --no-pack-cache}: where compiled packs are kept; for every command that compiles packs. */
final class PackCacheOptions implements EngineConfig {

    @Option(names = "--pack-cache", paramLabel = "DIR",
            description = "Where compiled packs are kept between runs (default: $XDG_CACHE_HOME/vfio-compat/packs, "
                    + "or ~/.cache/vfio-compat/packs).")
    Path packCache;

    @Option(names = "--no-pack-cache", description = "Compile every pack from source; keep nothing on disk.")
    boolean noPackCache;

    /** The compiled-pack cache folder, or null when it is turned off. */
    Path dir() {
        if (noPackCache) {
            return null;
        }
        if (packCache != null) {
            return packCache;
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vfio-compat").resolve("packs");
    }

    @Override
    public void applyTo(CompatibilityEngine.Builder builder) {
        Path dir = dir();
        if (dir != null) {
            builder.compiledPackCache(dir);
        }
    }
}
