package org.vfiocompat.engine;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;

/**
 * The pack author's tools, apart from the runtime: every load-time check of a pack layer by
 * layer ({@code vfio-compat pack verify}), every load-time problem of a set of packs without
 * evaluating anything ({@code pack lint}), and a pack's test vectors with rule coverage
 * ({@code pack test}). Each returns a structured result; none throws for a pack's fault.
 */
public final class PackTools {

    private PackTools() {
    }

    /**
     * Runs every load-time check on one pack folder without building an engine, and says what
     * each layer checked. Signatures are checked when the pack has one and {@code trustStore}
     * is given; {@code requireSignatures} refuses an unsigned pack.
     *
     * @param trustStore a trust-store file or folder, or null
     * @throws InvalidPackException when the trust store itself does not read, or signatures are
     *                              required without a trust store
     */
    public static PackVerification verify(Path folder, Path trustStore, boolean requireSignatures) {
        Objects.requireNonNull(folder, "folder");
        return Implementation.provider().verify(folder, trustStore, requireSignatures);
    }

    /** As {@link #verify(Path, Path, boolean)} without a trust store. */
    public static PackVerification verify(Path folder) {
        return verify(folder, null, false);
    }

    /**
     * Every load-time check on the packs at {@code locations}, evaluating nothing: each pack's
     * manifest, DRL checks, build and sandbox verification, its test-vector files read and
     * checked (not run), and across the packs duplicate ids and overlapping namespaces.
     */
    public static PackLint lint(Collection<String> locations) {
        Objects.requireNonNull(locations, "locations");
        return Implementation.provider().lint(locations);
    }

    /**
     * Runs the test vectors of every pack {@code engine} has loaded through that engine, routing
     * included, and counts which rules of which pack fired for them.
     *
     * @throws InvalidPackException when a vector file cannot be read
     */
    public static PackTestReport test(CompatibilityEngine engine) {
        Objects.requireNonNull(engine, "engine");
        return Implementation.provider().test(engine);
    }
}
