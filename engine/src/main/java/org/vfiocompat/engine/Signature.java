package org.vfiocompat.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * Who signed a loaded pack, as far as the engine could tell.
 *
 * @param status whether the pack is unsigned, signed but not checked (no trust store is
 *               configured), or signed by a key the trust store trusts for its namespaces
 * @param signer the trusted key that signed it, as the trust store names it
 *               ({@code acme (ed25519:...)}); present exactly when {@code status} is VERIFIED
 */
public record Signature(Status status, Optional<String> signer) {

    /** The three things the engine can know of a pack's signature. */
    public enum Status {
        /** The pack has no signature (and signatures are not required, or it would not have loaded). */
        UNSIGNED,
        /** The pack has a signature, but no trust store is configured to check it against. */
        NOT_VERIFIED,
        /** The signature was checked against the trust store, with every file as signed. */
        VERIFIED
    }

    /** An unsigned pack. */
    public static final Signature UNSIGNED = new Signature(Status.UNSIGNED, Optional.empty());

    /** A signed pack whose signature no trust store checked. */
    public static final Signature NOT_VERIFIED = new Signature(Status.NOT_VERIFIED, Optional.empty());

    public Signature {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(signer, "signer");
        if (signer.isPresent() != (status == Status.VERIFIED)) {
            throw new IllegalArgumentException("a signer is named exactly for a VERIFIED signature, not for " + status);
        }
    }

    /** A pack signed by {@code signer}, checked against the trust store. */
    public static Signature verified(String signer) {
        return new Signature(Status.VERIFIED, Optional.of(signer));
    }

    /** {@code unsigned}, {@code not verified (no trust store)}, or the signer: how status shows it. */
    public String describe() {
        return switch (status) {
            case UNSIGNED -> "unsigned";
            case NOT_VERIFIED -> "not verified (no trust store)";
            case VERIFIED -> signer.orElseThrow();
        };
    }
}
