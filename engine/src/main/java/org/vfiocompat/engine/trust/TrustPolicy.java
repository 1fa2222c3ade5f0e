package org.vfiocompat.engine.trust;

import java.util.List;
import java.util.Objects;

/**
 * What the engine's configuration (never a pack) says about signatures.
 *
 * @param store    the trusted keys, or null when none are configured
 * @param required whether an unsigned pack, or one whose signature cannot be checked, is refused
 */
public record TrustPolicy(TrustStore store, boolean required) {

    /** No trust store, signatures not required: every pack loads unsigned (the sandbox still applies). */
    public static final TrustPolicy OFF = new TrustPolicy(null, false);

    /**
     * The policy of an engine's configuration: the trust store read from {@code trustStore}
     * (null: none), and whether signatures are required.
     *
     * @throws org.vfiocompat.engine.InvalidPackException when signatures are required without a
     *                                                    trust store, or the store does not read
     */
    public static TrustPolicy of(java.nio.file.Path trustStore, boolean requireSignatures) {
        if (trustStore == null) {
            if (requireSignatures) {
                throw new org.vfiocompat.engine.InvalidPackException(List.of(new org.vfiocompat.engine.Problem(
                        org.vfiocompat.engine.ProblemCodes.ENGINE_CONFIGURATION,
                        org.vfiocompat.engine.Location.file("(configuration)"), "signatures are required but no trust store is configured")));
            }
            return OFF;
        }
        return new TrustPolicy(TrustStore.load(trustStore), requireSignatures);
    }

    public TrustPolicy {
        if (required) {
            Objects.requireNonNull(store, "requiring signatures needs a trust store");
        }
    }
}
