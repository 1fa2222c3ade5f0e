package org.vfiocompat.engine.importer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.derive.DeriveRule;
import org.vfiocompat.engine.derive.DeriveTemplate;
import org.vfiocompat.engine.derive.PackDerivation;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.Fields;

/**
 * The packs' say in a collected inventory, from their manifests alone: which pack owns a
 * migration type (a namespace prefix), and the {@code derive} entry that builds a PHYS type, a
 * version string and attributes from what the host exposes.
 */
final class Derivations {

    private final List<PackDerivation> packs;

    Derivations(List<PackDerivation> packs) {
        this.packs = List.copyOf(packs);
    }

    /** The pack owning {@code migrationType}; packs are tried in id order. */
    Optional<PackDerivation> owner(String migrationType) {
        return packs.stream().filter(p -> p.owns(migrationType)).findFirst();
    }

    /**
     * The first entry of {@code pack} that speaks for this device: for a PCI function, only when
     * the function's vendor is one the pack may claim ({@link PackDerivation#mayClaim}).
     */
    Optional<DeriveRule> rule(PackDerivation pack, DeviceKind kind, String type, String driver, String vendor, String device) {
        if (kind == DeviceKind.PHYS && !pack.mayClaim(vendor)) {
            return Optional.empty();
        }
        return pack.rules().stream().filter(r -> r.matches(kind, type, driver, vendor, device)).findFirst();
    }

    /** A PHYS entry that may derive a type for a function, and the pack it is of. */
    record TypeRule(PackDerivation pack, DeriveRule rule) {
    }

    /**
     * Every PHYS entry (packs in id order, entries in manifest order) that may derive a type for
     * this function: it matches the function, and the function's vendor is its pack's to claim.
     * The first whose type lies in its own pack's namespaces is used (see InventoryBuilder).
     */
    List<TypeRule> physTypeRules(PciFacts pci) {
        return packs.stream().filter(p -> p.mayClaim(pci.vendor())).flatMap(p -> p.rules().stream()
                        .filter(r -> r.matches(DeviceKind.PHYS, null, pci.driver(), pci.vendor(), pci.device()))
                        .map(r -> new TypeRule(p, r)))
                .toList();
    }

    /** The description split the way {@code rule} says; empty without a rule or description. */
    static Map<String, String> description(DeriveRule rule, String description) {
        if (rule == null || rule.description() == null || description == null) {
            return Map.of();
        }
        return rule.description().equals("lines") ? Fields.keyColonValues(description) : Fields.keyValues(description);
    }

    /**
     * The facts a template may use: {@code vendor}, {@code device}, the subsystem ids and
     * {@code driver} (of the function, or of an mdev's parent), {@code type}, {@code name},
     * {@code description.KEY}, {@code module.NAME}, {@code attr.KEY} (a tool's fact about the
     * device or its parent; {@code N/A} counts as no fact) and {@code host.NAME}.
     */
    static Function<String, String> facts(PciFacts pci, String driver, String type, String name,
                                          Map<String, String> description, Map<String, String> attributes, HostFacts host) {
        return key -> {
            if (key.startsWith("description.")) {
                return description.get(key.substring("description.".length()));
            }
            if (key.startsWith("attr.")) {
                String v = attributes.get(key.substring("attr.".length()));
                return v == null || v.isBlank() || v.equals("N/A") ? null : v;
            }
            if (key.startsWith("host.")) {
                return host.software == null ? null : switch (key.substring("host.".length())) {
                    case "kernel" -> host.software.kernel();
                    case "qemu" -> host.software.qemu();
                    case "libvirt" -> host.software.libvirt();
                    case "osId" -> host.software.osId();
                    case "osVersion" -> host.software.osVersion();
                    default -> null;
                };
            }
            if (key.startsWith("module.")) {
                return host.moduleVersion.apply(key.substring("module.".length()));
            }
            return switch (key) {
                case "vendor" -> pci == null ? null : pci.vendor();
                case "device" -> pci == null ? null : pci.device();
                case "subsystem_vendor" -> pci == null ? null : pci.subsystemVendor();
                case "subsystem_device" -> pci == null ? null : pci.subsystemDevice();
                case "driver" -> driver;
                case "type" -> type;
                case "name" -> name;
                default -> null;
            };
        };
    }

    /**
     * Expands {@code template}; warns when it cannot (naming what the host lacks) or when it fell
     * back to the pack's defaults. Null when it cannot. Each warning is said once per pack, what
     * and placeholders ({@code said} remembers): a host with 64 VFs of one type gets one line,
     * naming the first device's path, not 64.
     */
    static String expand(DeriveTemplate template, Function<String, String> facts, String packId, String what,
                         Place place, HostFacts host, Warnings warnings, java.util.Set<String> said) {
        DeriveTemplate.Expansion e = template.expand(facts);
        // A version that cannot be derived at all is one warning; its defaults would only add noise.
        for (String d : e.complete() ? e.defaulted() : List.<String>of()) {
            String where = d.contains("module.") && host.modulesPlace != null ? host.modulesPlace : place.file();
            if (said.add("default|" + packId + "|" + what + "|" + d)) {
                warnings.add(ProblemCodes.IMPORT_NO_VERSION, Place.of(where), "no value for {" + d + "}; pack " + packId
                        + "'s default used (said once for the " + what + ")");
            }
        }
        if (!e.complete()) {
            String missing = String.join(", ", e.missing().stream().map(m -> "{" + m + "}").toList());
            if (said.add("missing|" + packId + "|" + what + "|" + missing)) {
                warnings.add(ProblemCodes.IMPORT_NO_VERSION, place, "pack " + packId + " cannot derive the " + what + ": no value for "
                        + missing + " (said once for every device of this type)");
            }
            return null;
        }
        return e.value();
    }
}
