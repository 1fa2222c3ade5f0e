package org.vfiocompat.engine.trust;

import java.util.List;

/**
 * What an operator's trust store grants the packs one key signed, beyond the namespaces they may
 * claim (issue 13, class 9): the PCI hardware their {@code derive} entries may claim, and the
 * namespaces of other packs whose targets they may judge without those packs' consent.
 *
 * @param hardwareListed     whether the key's entry lists {@code hardware}: then {@code pciVendors}
 *                           replaces what the pack's vendor name would allow
 * @param pciVendors         the PCI vendor IDs (4 lower-case hex digits) the key's packs may claim
 * @param acceptsTargetsFrom namespace prefixes whose targets the key's packs may judge, as the
 *                           operator granted them
 */
public record TrustGrants(boolean hardwareListed, List<String> pciVendors, List<String> acceptsTargetsFrom) {

    /** An unsigned pack's, or a key's that lists nothing beyond its namespaces. */
    public static final TrustGrants NONE = new TrustGrants(false, List.of(), List.of());

    public TrustGrants {
        pciVendors = List.copyOf(pciVendors);
        acceptsTargetsFrom = List.copyOf(acceptsTargetsFrom);
    }

    /** Whether the operator granted judging targets of {@code namespace} (it lies under a granted prefix). */
    public boolean grantsTargets(String namespace) {
        return acceptsTargetsFrom.stream().anyMatch(namespace::startsWith);
    }
}
