package org.vfiocompat.cli;

import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.CompatibilityEngine;
import picocli.CommandLine.Option;

/**
 * {@code --enable-platform}: which platform packs judge. A platform pack judges every pair of its
 * scope besides the owning pack, so it never does unless named here (docs/security.md). For the
 * commands that build an engine; {@code pack verify} and {@code pack test} judge a pack on its own.
 */
final class PlatformOptions implements EngineConfig {

    @Option(names = "--enable-platform", paramLabel = "PACK", split = ",",
            description = "Let this platform pack (e.g. linux-qemu) judge every pair in its scope besides the owning pack; "
                    + "repeatable or comma-separated. Without it a platform pack is loaded and judges nothing.")
    List<String> enablePlatform = new ArrayList<>();

    @Override
    public void applyTo(CompatibilityEngine.Builder builder) {
        if (!enablePlatform.isEmpty()) {
            builder.enablePlatformPacks(enablePlatform);
        }
    }
}
