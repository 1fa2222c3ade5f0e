package org.vfiocompat.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.CompatibilityEngine;
import picocli.CommandLine.Option;

/**
 * {@code --packs}: where the packs are. For the commands that load packs into an engine, and for
 * inventory collect/import, which read the packs' manifests (their derive sections) without compiling them.
 */
final class PackSourceOptions implements EngineConfig {

    /** Set by the launcher script to the repository's vendor-packs/ folder. */
    static final String PACKS_PROPERTY = "vfiocompat.packs";

    @Option(names = "--packs", paramLabel = "PACKS",
            description = "Pack folder, folder of pack folders, pack .zip file, or classpath:path/to/pack; repeatable. "
                    + "Default: the bundled vendor-packs/.")
    List<String> packs = new ArrayList<>();

    @Option(names = "--strict-packs",
            description = "Exit 2 when any pack is refused, by the engine or by the worker JVM that loads it (--isolation "
                    + "process: every such worker then loads its pack before anything is judged). Without it a refused pack is "
                    + "a warning and the others are used: "
                    + "its devices are answered UNKNOWN, and a collector leaves its derive entries out (with no pack loaded "
                    + "at all, a command that judges devices exits 2 either way).")
    boolean strictPacks;

    /** The packs given, else the launcher's, else ./vendor-packs if there is one; may be empty. */
    List<String> packRoots() {
        if (!packs.isEmpty()) {
            return packs;
        }
        String fromLauncher = System.getProperty(PACKS_PROPERTY);
        if (fromLauncher != null && !fromLauncher.isBlank()) {
            return List.of(fromLauncher);
        }
        Path here = Path.of("vendor-packs");
        return Files.isDirectory(here) ? List.of(here.toString()) : List.of();
    }

    @Override
    public void applyTo(CompatibilityEngine.Builder builder) {
        List<String> roots = packRoots();
        if (roots.isEmpty()) {
            throw new UsageProblem("no packs: give --packs DIR (no vendor-packs/ folder here)");
        }
        builder.packLocations(roots);
    }
}
