package org.vfiocompat.engine.trust;

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

    public TrustPolicy {
        if (required) {
            Objects.requireNonNull(store, "requiring signatures needs a trust store");
        }
    }
}
