package org.vfiocompat.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine tells about a loaded pack.
 *
 * @param id                 the pack id
 * @param version            the pack version
 * @param vendor             the vendor name reasons start with
 * @param description        what the pack covers
 * @param namespaces         migration-type prefixes it owns
 * @param acceptsTargetsFrom other namespaces whose targets it judges
 * @param digest             {@code sha256:...} over its manifest and files
 * @param location           where it was loaded from
 * @param quarantineReason   why the pack is quarantined (it then gets UNKNOWN for every pair
 *                           without running); empty while it is active
 * @param signer             the trusted key that signed the pack ({@code name (ed25519:...)}),
 *                           {@code unsigned}, or {@code not verified (no trust store)}
 */
public record PackInfo(String id, String version, String vendor, String description, List<String> namespaces,
                       List<String> acceptsTargetsFrom, String digest, String location, Optional<String> quarantineReason,
                       String signer) {

    public PackInfo {
        namespaces = List.copyOf(namespaces);
        acceptsTargetsFrom = List.copyOf(acceptsTargetsFrom);
        Objects.requireNonNull(quarantineReason, "quarantineReason");
    }

    /** Whether the pack has been quarantined for breaking its bounds. */
    public boolean quarantined() {
        return quarantineReason.isPresent();
    }
}
