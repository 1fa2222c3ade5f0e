package org.vfiocompat.cli;

import java.nio.file.Path;
import org.vfiocompat.engine.CompatibilityEngine;
import picocli.CommandLine.Option;

/** {@code --trust-store}, {@code --require-signatures}: which pack signatures are trusted, and whether they are required. */
final class TrustOptions implements EngineConfig {

    @Option(names = "--trust-store", paramLabel = "PATH",
            description = "Public keys trusted to sign packs, each bound to namespaces: a JSON file or a folder of them. "
                    + "A pack's signature is checked against it.")
    Path trustStore;

    @Option(names = "--require-signatures",
            description = "Refuse every pack not signed by a key of --trust-store trusted for all its namespaces.")
    boolean requireSignatures;

    /** Refuses --require-signatures without a trust store. */
    void check() {
        if (requireSignatures && trustStore == null) {
            throw new UsageProblem("--require-signatures needs --trust-store PATH");
        }
    }

    /**
     * The trust a collector checks the packs' derive sections with; {@code strictPacks}: a pack
     * it cannot use fails the command (else it is a warning, as for the commands that load packs).
     */
    org.vfiocompat.engine.Inventories.PackTrust packTrust(boolean strictPacks) {
        check();
        return new org.vfiocompat.engine.Inventories.PackTrust(trustStore, requireSignatures, strictPacks);
    }

    @Override
    public void applyTo(CompatibilityEngine.Builder builder) {
        check();
        builder.requireSignatures(requireSignatures);
        if (trustStore != null) {
            builder.trustStore(trustStore);
        }
    }
}
