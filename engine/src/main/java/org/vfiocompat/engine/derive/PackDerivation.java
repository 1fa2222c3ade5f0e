package org.vfiocompat.engine.derive;

import org.vfiocompat.engine.derive.DeriveRule;
import java.util.List;

/**
 * What a collector needs of one pack, read from its manifest alone: the namespaces that make it
 * the owner of a migration type, and its {@code derive} entries.
 *
 * @param packId     the pack's id
 * @param namespaces migration-type prefixes the pack owns
 * @param rules      the manifest's {@code derive} entries, in manifest order
 * @param pciVendors the PCI vendor IDs the pack may claim ({@link PciVendors}): a PHYS entry
 *                   applies only to a function of one of these vendors
 */
public record PackDerivation(String packId, List<String> namespaces, List<DeriveRule> rules, List<String> pciVendors) {

    public PackDerivation {
        namespaces = List.copyOf(namespaces);
        rules = List.copyOf(rules);
        pciVendors = List.copyOf(pciVendors);
    }

    /** Whether the pack may speak for a PCI function of {@code vendor}. */
    public boolean mayClaim(String vendor) {
        return vendor != null && pciVendors.contains(vendor);
    }

    /** Whether {@code migrationType} lies in one of this pack's namespaces. */
    public boolean owns(String migrationType) {
        return namespaces.stream().anyMatch(migrationType::startsWith);
    }
}
