package org.vfiocompat.engine.derive;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.rules.DeviceKind;

/**
 * One entry of a pack manifest's optional {@code derive} section: how a collector builds the
 * profile of a device this pack owns when the driver exposes no {@code migration_version}.
 * Declarative on purpose: a collector reads manifests only, never compiles or runs pack code.
 *
 * <p>An entry applies to a device when every condition it states holds:
 * <ul>
 *   <li>{@code kind}: {@code MDEV} (an mdev type or an existing mdev) or {@code PHYS} (a PCI
 *       function bound to vfio-pci or a variant driver);</li>
 *   <li>{@code typePrefix} (MDEV, required): the mdev type starts with it; it must lie inside
 *       one of the pack's namespaces;</li>
 *   <li>{@code drivers}: the driver is one of these (for an mdev, the parent's driver);</li>
 *   <li>{@code ids}: {@code vendor:device} in lower-case hex is one of these (for an mdev, the
 *       parent's ids);</li>
 *   <li>{@code vendors}: the PCI vendor ID (4 lower-case hex digits) is one of these.</li>
 * </ul>
 * A PHYS entry must name its hardware: {@code ids}, {@code vendors}, or a driver other than the
 * generic {@code vfio-pci} (issue 13, class 9: an entry without IDs and with its own type template
 * retyped every PCI function into the attacker's namespace). Which PCI vendors a pack may claim at
 * all is bound to its signing key or its vendor name ({@link PciVendors}), and a collector applies
 * an entry to a function only when the function's vendor is one of those.
 * What it produces:
 * <ul>
 *   <li>{@code migrationType} (PHYS, required): a {@link DeriveTemplate} for the type;</li>
 *   <li>{@code migrationVersion}: a template for the version string;</li>
 *   <li>{@code description}: how to split the mdev type's description, {@code lines}
 *       ({@code key: value} per line, GVT-g) or {@code commas} ({@code key=value, ...}, NVIDIA),
 *       which makes the {@code description.KEY} placeholders available;</li>
 *   <li>{@code attributes}: the description keys copied into the profile's attributes.</li>
 * </ul>
 */
public record DeriveRule(
        @JsonProperty(value = "kind", required = true) DeviceKind kind,
        @JsonProperty("typePrefix") String typePrefix,
        @JsonProperty("drivers") List<String> drivers,
        @JsonProperty("ids") List<String> ids,
        @JsonProperty("vendors") List<String> vendors,
        @JsonProperty("migrationType") String migrationType,
        @JsonProperty("migrationVersion") String migrationVersion,
        @JsonProperty("description") String description,
        @JsonProperty("attributes") List<String> attributes) {

    /** Most entries one manifest may hold. */
    static final int MAX_RULES = 64;
    /** Most drivers, ids or attribute keys one entry may list. */
    static final int MAX_LIST = 64;
    /** Longest driver name, type prefix or attribute key. */
    static final int MAX_NAME = 64;

    public DeriveRule {
        drivers = drivers == null ? List.of() : drivers;
        ids = ids == null ? List.of() : ids;
        vendors = vendors == null ? List.of() : vendors;
        attributes = attributes == null ? List.of() : attributes;
    }

    /** Whether this entry speaks for a device with these facts ({@code null} facts never match a condition). */
    public boolean matches(DeviceKind deviceKind, String type, String driver, String vendor, String device) {
        if (kind != deviceKind) {
            return false;
        }
        if (kind == DeviceKind.MDEV && (type == null || !type.startsWith(typePrefix))) {
            return false;
        }
        if (!drivers.isEmpty() && !drivers.contains(driver)) {
            return false;
        }
        if (!vendors.isEmpty() && !vendors.contains(vendor)) {
            return false;
        }
        return ids.isEmpty() || vendor != null && device != null && ids.contains(vendor + ":" + device);
    }

    /** The generic driver, which binds any vendor's function: naming it alone names no hardware. */
    static final String GENERIC_DRIVER = "vfio-pci";

    /** The PCI vendor IDs this entry names, in {@code vendors} and as the vendor part of {@code ids}. */
    public List<String> namedVendors() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        vendors.stream().filter(java.util.Objects::nonNull).forEach(out::add);
        ids.stream().filter(id -> id != null && id.length() >= 4).forEach(id -> out.add(id.substring(0, 4)));
        return List.copyOf(out);
    }

    /** The {@code migrationType} template (PHYS entries), or null. */
    public DeriveTemplate typeTemplate() {
        return migrationType == null ? null : DeriveTemplate.parse(migrationType);
    }

    /** The {@code migrationVersion} template, or null when the entry derives no version. */
    public DeriveTemplate versionTemplate() {
        return migrationVersion == null ? null : DeriveTemplate.parse(migrationVersion);
    }

    /** Every problem of a manifest's {@code derive} section, located by JSON pointer in {@code file}. */
    public static List<Problem> checkAll(String file, List<DeriveRule> rules, List<String> namespaces) {
        List<Problem> problems = new ArrayList<>();
        if (rules.size() > MAX_RULES) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.pointer(file, "/derive"), "at most " + MAX_RULES + " entries, got " + rules.size()));
            return problems;
        }
        for (int i = 0; i < rules.size(); i++) {
            DeriveRule rule = rules.get(i);
            String at = "/derive/" + i;
            if (rule == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at), "an entry must be an object, not null"));
            } else {
                rule.check(file, at, namespaces, problems);
            }
        }
        return problems;
    }

    private void check(String file, String at, List<String> namespaces, List<Problem> problems) {
        if (kind == null) {
            problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at + "/kind"), "must be MDEV or PHYS, not null"));
            return;
        }
        if (kind == DeviceKind.MDEV) {
            if (typePrefix == null || typePrefix.length() < 3 || typePrefix.length() > MAX_NAME) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/typePrefix"), "an MDEV entry needs a type prefix of 3 to "
                        + MAX_NAME + " characters"));
            } else if (namespaces.stream().noneMatch(ns -> ns != null && typePrefix.startsWith(ns))) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/typePrefix"), "'" + typePrefix
                        + "' lies outside the pack's namespaces; a pack derives profiles only for types it owns"));
            }
            if (migrationType != null) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/migrationType"),
                        "an mdev's migration type is its type folder's name; only PHYS entries derive one"));
            }
        } else {
            if (typePrefix != null) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/typePrefix"), "only MDEV entries match a type prefix"));
            }
            if (migrationType == null) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/migrationType"), "a PHYS entry needs a migrationType template"));
            }
            if (ids.isEmpty() && vendors.isEmpty() && drivers.stream().allMatch(GENERIC_DRIVER::equals)) {
                problems.add(new Problem(ProblemCodes.PACK_DERIVE_UNBOUND, Location.pointer(file, at), "a PHYS entry must name its hardware:"
                        + " PCI 'ids' or 'vendors', or a driver other than the generic " + GENERIC_DRIVER
                        + " (an entry matching every function would retype every PCI function into this pack's namespace)"));
            }
        }
        checkTemplate(file, at + "/migrationType", migrationType, problems);
        checkTemplate(file, at + "/migrationVersion", migrationVersion, problems);
        checkNames(file, at + "/drivers", drivers, problems);
        checkNames(file, at + "/attributes", attributes, problems);
        if (vendors.size() > MAX_LIST) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.pointer(file, at + "/vendors"), "at most " + MAX_LIST + " entries, got " + vendors.size()));
        }
        for (int i = 0; i < vendors.size() && vendors.size() <= MAX_LIST; i++) {
            String v = vendors.get(i);
            if (v == null || !pciIds(v + ":0000")) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/vendors/" + i), "must be a PCI vendor ID in 4 lower-case hex digits, like 8086"));
            }
        }
        for (int i = 0; i < ids.size() && ids.size() <= MAX_LIST; i++) {
            if (!pciIds(ids.get(i))) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/ids/" + i), "must be vendor:device in lower-case hex, like 8086:3e92"));
            }
        }
        if (description != null && !description.equals("lines") && !description.equals("commas")) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/description"), "must be 'lines' (key: value per line) or 'commas' "
                    + "(key=value, ...), got '" + description + "'"));
        }
        if (description == null && !attributes.isEmpty()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/attributes"), "attributes come from the type description: "
                    + "say how to split it in 'description'"));
        }
        boolean usesDescription = (migrationType + "" + migrationVersion).contains("description.");
        if (description == null && usesDescription) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/description"), "the templates use description.KEY: "
                    + "say how to split the description ('lines' or 'commas')"));
        }
        if (kind == DeviceKind.PHYS && (description != null || !attributes.isEmpty())) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/description"), "only mdev types have a description"));
        }
    }

    private static void checkTemplate(String file, String at, String template, List<Problem> problems) {
        if (template == null) {
            return;
        }
        try {
            DeriveTemplate.parse(template);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at), e.getMessage()));
        }
    }

    private static void checkNames(String file, String at, List<String> names, List<Problem> problems) {
        if (names.size() > MAX_LIST) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.pointer(file, at), "at most " + MAX_LIST + " entries, got " + names.size()));
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isBlank() || n.length() > MAX_NAME) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/" + i), "must be a name of 1 to " + MAX_NAME + " characters"));
            }
        }
    }

    private static boolean pciIds(String s) {
        if (s == null || s.length() != 9 || s.charAt(4) != ':') {
            return false;
        }
        for (int i = 0; i < 9; i++) {
            char c = s.charAt(i);
            if (i != 4 && !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
