package org.vfiocompat.engine.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.derive.DeriveRule;
import org.vfiocompat.engine.derive.PackDerivation;
import org.vfiocompat.engine.inventory.InventoryJson.VersionSource;
import org.vfiocompat.engine.inventory.InventoryJson;
import org.vfiocompat.engine.inventory.InventoryWriter;
import org.vfiocompat.rules.DeviceKind;

/**
 * Turns a host's facts into its inventory entry. The order of precedence for a version string:
 * the driver's own {@code migration_version}, then the owning pack's {@code derive} template,
 * else {@code ""} with {@code versionFrom: NONE}. Devices no pack owns stay in, with
 * {@code owner: ""}.
 */
final class InventoryBuilder {

    private final Derivations derivations;
    private final Warnings warnings;
    private final java.util.Set<String> warnedNoVersion = new java.util.HashSet<>();
    /** Derivation warnings said so far (see {@link Derivations#expand}). */
    private final java.util.Set<String> warnedDerive = new java.util.HashSet<>();
    /** Where each parent, type and device written was read from: what an error about it names. */
    private final Map<Object, Place> places = new java.util.IdentityHashMap<>();

    InventoryBuilder(Derivations derivations, Warnings warnings) {
        this.derivations = derivations;
        this.warnings = warnings;
    }

    /** The profile-relevant part a type and its mdevs share. */
    private record Derived(String owner, String version, VersionSource from, Map<String, String> attributes) {
    }

    InventoryJson.HostJson host(String name, HostFacts facts, Map<String, String> assigned) {
        Set<String> used = new HashSet<>();
        List<InventoryJson.ParentJson> parents = new ArrayList<>();
        Map<String, Map<String, TypeFacts>> typesByParent = new HashMap<>();
        // What a type derived holds for each of its mdevs that has no version of its own:
        // derived once per type, not once per mdev.
        Map<String, Derived> derivedByType = new HashMap<>();
        for (ParentFacts p : facts.parentList()) {
            Map<String, TypeFacts> types = new TreeMap<>();
            List<InventoryJson.TypeJson> typeJson = new ArrayList<>();
            for (TypeFacts t : p.types()) {
                types.put(t.id(), t);
                Derived d = mdev(p, t, t.migrationVersion(), t.place(), facts);
                derivedByType.put(p.id() + "/" + t.id(), t.migrationVersion() == null ? d : null);
                typeJson.add(placed(new InventoryJson.TypeJson(t.id(), t.deviceApi(), t.availableInstances(), d.version,
                        attributes(facts, p.id(), null, d.attributes), t.name(), t.description(), d.owner, d.from), t.place()));
            }
            typesByParent.put(p.id(), types);
            parents.add(placed(new InventoryJson.ParentJson(p.id(), p.model(), typeJson, pciJson(p.pci(), p.driverOrFromTypes(), null)),
                    p.place()));
        }
        List<InventoryJson.DeviceJson> devices = new ArrayList<>();
        for (MdevFacts m : facts.mdevs.values()) {
            ParentFacts p = facts.parents.get(m.parent());
            TypeFacts t = typesByParent.getOrDefault(m.parent(), Map.of()).get(m.type());
            if (p == null || t == null) {
                warnings.add(ProblemCodes.IMPORT_LEFT_OUT, m.place(), "mdev left out: " + (p == null ? "its parent " + m.parent() + " is not an mdev parent"
                        : "type " + m.type() + " is not among the types of parent " + m.parent()));
                continue;
            }
            Derived shared = m.migrationVersion() == null ? derivedByType.get(p.id() + "/" + t.id()) : null;
            Derived d = shared != null ? shared : mdev(p, t, m.migrationVersion(), m.place(), facts);
            String vm = assigned.get(m.uuid());
            if (vm != null) {
                used.add(m.uuid());
            }
            devices.add(placed(new InventoryJson.DeviceJson(m.uuid(), DeviceKind.MDEV, m.parent(), t.deviceApi(), m.type(),
                    d.version, attributes(facts, p.id(), m.uuid(), d.attributes), vm, d.owner, d.from, null), m.place()));
        }
        for (PhysFacts f : facts.functions.values()) {
            devices.add(placed(phys(f, facts, assigned), f.place()));
            if (assigned.containsKey(f.pci().address())) {
                used.add(f.pci().address());
            }
        }
        for (String id : new TreeMap<>(assigned).keySet()) {
            if (!used.contains(id)) {
                warnings.add(ProblemCodes.IMPORT_UNKNOWN_ASSIGNMENT, Place.of("assignments"), "device " + id + " (assigned to " + assigned.get(id)
                        + ") is not a VFIO device of host " + name + "; ignored");
            }
        }
        return new InventoryJson.HostJson(name, devices, parents,
                facts.software == null || facts.software.isEmpty() ? null : facts.software);
    }

    /**
     * Where the parent, type or device {@code written} (one this builder made) was read from, or
     * null: lets an error about what is written name the input it came from instead.
     */
    Place placeOf(Object written) {
        return places.get(written);
    }

    private <T> T placed(T written, Place from) {
        places.put(written, from);
        return written;
    }

    private Derived mdev(ParentFacts p, TypeFacts t, String driverVersion, Place place, HostFacts facts) {
        PackDerivation owner = derivations.owner(t.id()).orElse(null);
        String driver = p.driverOrFromTypes();
        PciFacts pci = p.pci();
        DeriveRule rule = owner == null ? null : derivations.rule(owner, DeviceKind.MDEV, t.id(), driver,
                pci == null ? null : pci.vendor(), pci == null ? null : pci.device()).orElse(null);
        Map<String, String> description = Derivations.description(rule, t.description());
        Map<String, String> attributes = new TreeMap<>();
        if (rule != null) {
            rule.attributes().forEach(k -> {
                String v = description.get(k);
                if (v != null) {
                    attributes.put(k, v);
                }
            });
        }
        String ownerId = owner == null ? "" : owner.packId();
        if (driverVersion != null) {
            return new Derived(ownerId, driverVersion, VersionSource.DRIVER, attributes);
        }
        if (rule == null || rule.versionTemplate() == null) {
            if (owner != null) {
                warnNoVersion(place, "type " + t.id() + " of parent " + p.id(), owner.packId(), t.id());
            }
            return new Derived(ownerId, "", VersionSource.NONE, attributes);
        }
        String version = Derivations.expand(rule.versionTemplate(),
                Derivations.facts(pci, driver, t.id(), t.name(), description, raw(facts, p.id(), null), facts), owner.packId(),
                "migration version of type " + t.id(), place, facts, warnings, warnedDerive);
        return version == null ? new Derived(ownerId, "", VersionSource.NONE, attributes)
                : new Derived(ownerId, version, VersionSource.PACK, attributes);
    }

    private InventoryJson.DeviceJson phys(PhysFacts f, HostFacts facts, Map<String, String> assigned) {
        PciFacts pci = f.pci();
        String defaultType = pci.driver() + ":" + pci.vendor() + ":" + pci.device();
        String type = defaultType;
        // A pack derives types only inside its own namespaces: an entry whose type would land in
        // another pack's namespace (or none) is passed over, whatever order the packs load in.
        for (Derivations.TypeRule candidate : derivations.physTypeRules(pci)) {
            String derived = Derivations.expand(candidate.rule().typeTemplate(),
                    Derivations.facts(pci, pci.driver(), null, null, Map.of(), raw(facts, null, pci.address()), facts),
                    "(a PHYS derive entry)", "migration type",
                    f.place(), facts, warnings, warnedDerive);
            if (derived != null && !derived.isBlank() && candidate.pack().owns(derived)) {
                type = derived;
                break;
            }
        }
        PackDerivation owner = derivations.owner(type).orElse(null);
        String ownerId = owner == null ? "" : owner.packId();
        if (owner == null && facts.warnUnowned) {
            warnings.add(ProblemCodes.IMPORT_NO_VERSION, f.place(), "device " + pci.address() + " (driver " + pci.driver() + "): no loaded pack owns type "
                    + type + "; owner \"\", migrationVersion left empty, so packs will answer UNKNOWN for it");
        }
        String version = "";
        VersionSource from = VersionSource.NONE;
        if (f.migrationVersion() != null) {
            version = f.migrationVersion();
            from = VersionSource.DRIVER;
        } else if (owner != null) {
            DeriveRule rule = derivations.rule(owner, DeviceKind.PHYS, type, pci.driver(), pci.vendor(), pci.device())
                    .orElse(null);
            String derived = rule == null || rule.versionTemplate() == null ? null
                    : Derivations.expand(rule.versionTemplate(),
                            Derivations.facts(pci, pci.driver(), type, null, Map.of(), raw(facts, null, pci.address()), facts),
                            owner.packId(),
                            "migration version of " + type, f.place(), facts, warnings, warnedDerive);
            if (derived != null) {
                version = derived;
                from = VersionSource.PACK;
            } else if (rule == null || rule.versionTemplate() == null) {
                warnNoVersion(f.place(), "device " + pci.address(), owner.packId(), type);
            }
        }
        return new InventoryJson.DeviceJson(pci.address(), DeviceKind.PHYS, null, "vfio-pci", type, version,
                attributes(facts, null, pci.address(), null),
                assigned.get(pci.address()), ownerId, from, pciJson(pci, pci.driver(), pci.physfn()));
    }

    /**
     * Once per type, not per device: a host with 64 VFs of a type whose pack derives nothing
     * would otherwise print 64 identical warnings. The first device's path is named.
     */
    private void warnNoVersion(Place place, String what, String packId, String type) {
        if (warnedNoVersion.add(type)) {
            warnings.add(ProblemCodes.IMPORT_NO_VERSION, place, what + ": pack " + packId + " owns type " + type + " but derives no version for it here;"
                    + " migrationVersion left empty (said once for every device of this type)");
        }
    }

    /** Tool facts of the parent, then of the device: what {@code attr.KEY} placeholders read. */
    private static Map<String, String> raw(HostFacts facts, String parentId, String deviceId) {
        Map<String, String> all = new TreeMap<>();
        if (parentId != null) {
            all.putAll(facts.attributes.getOrDefault(parentId, Map.of()));
        }
        if (deviceId != null) {
            all.putAll(facts.attributes.getOrDefault(deviceId, Map.of()));
        }
        return all;
    }

    /** Tool facts of the parent, then of the device, then what the pack's derive entry read; null when none. */
    private static Map<String, String> attributes(HostFacts facts, String parentId, String deviceId, Map<String, String> derived) {
        Map<String, String> all = new TreeMap<>();
        if (parentId != null) {
            all.putAll(facts.attributes.getOrDefault(parentId, Map.of()));
        }
        if (deviceId != null) {
            all.putAll(facts.attributes.getOrDefault(deviceId, Map.of()));
        }
        if (derived != null) {
            all.putAll(derived);
        }
        return InventoryWriter.attributes(all);
    }

    private static InventoryJson.PciJson pciJson(PciFacts pci, String driver, String physfn) {
        if (pci == null) {
            return driver == null ? null : new InventoryJson.PciJson(null, null, null, null, driver, null);
        }
        return new InventoryJson.PciJson(pci.vendor(), pci.device(), pci.subsystemVendor(), pci.subsystemDevice(),
                driver, physfn);
    }
}
