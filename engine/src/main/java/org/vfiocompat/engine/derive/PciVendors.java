package org.vfiocompat.engine.derive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Which PCI vendor IDs a pack may claim in its {@code derive} entries (issue 13, class 9: a pack
 * retyped a Mellanox VF into its own namespace and judged it LIVE). A signed pack may claim what
 * its key's trust-store entry lists under {@code hardware}; a pack whose key lists none, or an
 * unsigned one, may claim the IDs of its vendor name in the table below, taken from the PCI ID
 * registry (pci-ids.ucw.cz). A vendor name the table does not hold claims no PCI hardware: such a
 * pack can still own mdev types and types a driver reports, and derive versions for them.
 */
public final class PciVendors {

    /** Vendor name (as manifests spell it) to the PCI vendor IDs it may claim. */
    static final Map<String, List<String>> BY_VENDOR_NAME = Map.of(
            "Intel", List.of("8086"),
            "NVIDIA", List.of("10de"),
            "NVIDIA Networking", List.of("15b3"), // Mellanox Technologies
            "HiSilicon", List.of("19e5"), // Huawei Technologies
            "AMD", List.of("1022", "1002", "1dd8"), // AMD, ATI, Pensando Systems
            "virtio", List.of("1af4")); // Red Hat, Inc. (virtio devices)

    private PciVendors() {
    }

    /** The PCI vendor IDs a pack of {@code vendorName} may claim, as the key's {@code hardware} or the table says. */
    public static List<String> allowed(String vendorName, boolean hardwareListed, List<String> granted) {
        return hardwareListed ? List.copyOf(granted) : BY_VENDOR_NAME.getOrDefault(vendorName, List.of());
    }

    /**
     * A problem for every PCI vendor ID an entry of {@code rules} names that is not in
     * {@code allowed}, located at the entry in {@code file}; {@code whose} says where {@code allowed}
     * came from, for the message.
     */
    public static List<Problem> check(String file, List<DeriveRule> rules, List<String> allowed, String whose) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            DeriveRule rule = rules.get(i);
            if (rule == null) {
                continue;
            }
            for (String vendor : rule.namedVendors()) {
                if (!allowed.contains(vendor)) {
                    problems.add(new Problem(ProblemCodes.TRUST_HARDWARE_NOT_ALLOWED, Location.pointer(file, "/derive/" + i),
                            "PCI vendor " + vendor + " is not this pack's to claim: " + whose + " allows "
                                    + (allowed.isEmpty() ? "no PCI vendor" : "only " + String.join(", ", allowed))));
                }
            }
        }
        return problems;
    }
}
