package org.vfiocompat.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.CompatibilityEngine;
import picocli.CommandLine.Option;

/** Options every command takes: where the packs are, and how much to say on errors. */
final class CommonOptions {

    /** Set by the launcher script to the repository's vendor-packs/ folder. */
    static final String PACKS_PROPERTY = "vfiocompat.packs";

    @Option(names = "--packs", paramLabel = "PACKS",
            description = "Pack folder, folder of pack folders, pack .zip file, or classpath:path/to/pack; repeatable. "
                    + "Default: the bundled vendor-packs/.")
    List<String> packs = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "On errors, list every problem and the stack trace.")
    boolean verbose;

    @Option(names = "--pack-cache", paramLabel = "DIR",
            description = "Where compiled packs are kept between runs (default: $XDG_CACHE_HOME/vfio-compat/packs, "
                    + "or ~/.cache/vfio-compat/packs).")
    Path packCache;

    @Option(names = "--no-pack-cache", description = "Compile every pack from source; keep nothing on disk.")
    boolean noPackCache;

    @Option(names = "--trust-store", paramLabel = "PATH",
            description = "Public keys trusted to sign packs, each bound to namespaces: a JSON file or a folder of them.")
    Path trustStore;

    @Option(names = "--require-signatures",
            description = "Refuse every pack not signed by a key of --trust-store trusted for all its namespaces.")
    boolean requireSignatures;

    @Option(names = "--decision-log", paramLabel = "FILE",
            description = "Append one NDJSON line per decision (id, time, pack and digest, profiles, verdict, rules, cache hit).")
    Path decisionLog;

    @Option(names = "--decision-log-mask", paramLabel = "FIELD", split = ",",
            description = "Decision-log fields written as \"***\" (e.g. source,target,reason); repeatable or comma-separated.")
    List<String> decisionLogMask = new ArrayList<>();

    @Option(names = "--cache-size", paramLabel = "N", defaultValue = "100000",
            description = "Verdicts the cache may hold; 0 turns it off (default: ${DEFAULT-VALUE}).")
    long cacheSize;

    /** The engine {@link #engine()} built, closed by {@link #close()} (Main calls it after every command). */
    private CompatibilityEngine built;

    /** Flushes and closes the decision log of the engine built, if any. */
    void close() {
        if (built != null) {
            built.close();
        }
    }

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

    CompatibilityEngine engine() {
        return engine(b -> { });
    }

    /** The engine of these options, with {@code configure} adding what the command itself sets. */
    CompatibilityEngine engine(java.util.function.Consumer<CompatibilityEngine.Builder> configure) {
        List<String> roots = packRoots();
        if (roots.isEmpty()) {
            throw new UsageProblem("no packs: give --packs DIR (no vendor-packs/ folder here)");
        }
        if (cacheSize < 0) {
            throw new UsageProblem("--cache-size must be 0 (off) or more, got " + cacheSize);
        }
        if (requireSignatures && trustStore == null) {
            throw new UsageProblem("--require-signatures needs --trust-store PATH");
        }
        if (!decisionLogMask.isEmpty() && decisionLog == null) {
            throw new UsageProblem("--decision-log-mask needs --decision-log FILE");
        }
        CompatibilityEngine.Builder b = CompatibilityEngine.builder().packLocations(roots).cacheSize(cacheSize)
                .compiledPackCache(packCacheDir()).requireSignatures(requireSignatures);
        if (trustStore != null) {
            b.trustStore(trustStore);
        }
        if (decisionLog != null) {
            b.decisionLog(decisionLog).decisionLogMask(decisionLogMask);
        }
        configure.accept(b);
        try {
            built = b.build();
            return built;
        } catch (IllegalArgumentException e) {
            throw new UsageProblem("--decision-log-mask: " + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new UsageProblem(e.getMessage());
        }
    }

    /** The compiled-pack cache folder, or null when it is turned off. */
    Path packCacheDir() {
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
}
