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
 * @param signature          who signed the pack, as far as the engine could tell
 * @param platformScope      for a platform pack, the pairs it judges besides their owning pack
 *                           ({@code every pair}, {@code every PHYS pair}); empty for a vendor pack
 * @param platformEnabled    whether that platform pack judges: only when the engine was built
 *                           to enable it by id; false for a vendor pack
 */
public record PackInfo(String id, String version, String vendor, String description, List<String> namespaces,
                       List<String> acceptsTargetsFrom, String digest, String location, Optional<String> quarantineReason,
                       Signature signature, Optional<String> platformScope, boolean platformEnabled) {

    public PackInfo {
        namespaces = List.copyOf(namespaces);
        acceptsTargetsFrom = List.copyOf(acceptsTargetsFrom);
        Objects.requireNonNull(quarantineReason, "quarantineReason");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(platformScope, "platformScope");
    }

    /** Whether this is a platform pack. */
    public boolean platform() {
        return platformScope.isPresent();
    }

    /** Whether the pack has been quarantined for breaking its bounds. */
    public boolean quarantined() {
        return quarantineReason.isPresent();
    }
}
