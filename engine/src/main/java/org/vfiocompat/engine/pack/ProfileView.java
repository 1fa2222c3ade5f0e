package org.vfiocompat.engine.pack;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.HostSoftware;

/**
 * The parts of a device profile a pack's rules see, from the manifest's {@code reads} list.
 *
 * <p>Kind, device API, migration type and migration version are always seen. The parent model
 * and attributes are seen only when the manifest names them ({@code "parentModel"},
 * {@code "attributes"} for all of them, {@code "attributes.weight"} for one). Everything else is
 * removed before the rules run, so the declaration cannot be wrong: a rule cannot depend on what
 * it never receives. That makes profiles that differ only in unread parts one profile for this
 * pack — one evaluation, one cache entry, one batch group — which is most of what makes fleets
 * cheap to evaluate (a GVT-g fleet's many resolutions collapse, as the GVT-g pack reads none).
 *
 * <p>A manifest without {@code reads} sees every profile part (nothing is removed) and whether a
 * target is creatable; it still sees no host fact.
 *
 * <p>Two more parts since rules API 1.2, seen only when named (even by a manifest without
 * {@code reads}, for they did not exist when such manifests were written):
 * <ul>
 *   <li>host software facts ({@code "host"} for all of them, {@code "host.kernel"},
 *       {@code "host.qemu"}, {@code "host.libvirt"}, {@code "host.osId"}, {@code "host.osVersion"});
 *       an unread fact is {@code ""};</li>
 *   <li>whether a target is creatable ({@code "creatable"}); unread, every target is an existing
 *       one, as rules API 1.0 packs were always told. A manifest with {@code reads} that states
 *       {@code "rulesApi": "1.1"} keeps seeing it, as it did when written.</li>
 * </ul>
 * Projecting the target kind away is what makes an existing device and a creatable type with
 * equal profiles one pair for a pack that cannot tell them apart.
 */
public final class ProfileView {

    static final ProfileView EVERYTHING = new ProfileView(true, true, Set.of(), Set.of(), true);
    private static final int MAX_KEY = 64;

    private static final int MAX_REMEMBERED = 65_536;

    /** The host facts a manifest may read, by their name after {@code host.}. */
    static final List<String> HOST_FACTS = List.of("kernel", "qemu", "libvirt", "osId", "osVersion");

    private final Map<DeviceProfile, DeviceProfile> projected = new ConcurrentHashMap<>();
    private final boolean parentModel;
    private final boolean allAttributes;
    private final Set<String> attributes;
    private final Set<String> hostFacts;
    private final boolean targetKind;

    private ProfileView(boolean parentModel, boolean allAttributes, Set<String> attributes, Set<String> hostFacts,
                        boolean targetKind) {
        this.parentModel = parentModel;
        this.allAttributes = allAttributes;
        this.attributes = Set.copyOf(attributes);
        this.hostFacts = Set.copyOf(hostFacts);
        this.targetKind = targetKind;
    }

    /**
     * The view the manifest's {@code reads} declares, or problems located by JSON pointer.
     *
     * @param rulesApi the manifest's {@code rulesApi} (null: absent), which decides what a
     *                 manifest written before 1.2 keeps seeing, and whether it may read 1.2 parts
     */
    static ProfileView of(List<String> reads, String rulesApi, String file, List<Problem> problems) {
        boolean since12 = atLeast12(rulesApi);
        if (reads == null) {
            return EVERYTHING;
        }
        boolean model = false;
        boolean all = false;
        boolean kind = "1.1".equals(rulesApi);
        Set<String> keys = new TreeSet<>();
        Set<String> host = new TreeSet<>();
        for (int i = 0; i < reads.size(); i++) {
            String r = reads.get(i);
            String at = "/reads/" + i;
            if (r == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at), "must be a string, not null"));
            } else if (r.equals("parentModel")) {
                model = true;
            } else if (r.equals("attributes")) {
                all = true;
            } else if (r.startsWith("attributes.") && r.length() > "attributes.".length()
                    && r.length() - "attributes.".length() <= MAX_KEY) {
                keys.add(r.substring("attributes.".length()));
            } else if (r.equals("host") || r.equals("creatable")
                    || (r.startsWith("host.") && HOST_FACTS.contains(r.substring("host.".length())))) {
                if (!since12) {
                    problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at), "'" + r
                            + "' is part of rules API 1.2; state \"rulesApi\": \"1.2\" to read it"));
                } else if (r.equals("creatable")) {
                    kind = true;
                } else if (r.equals("host")) {
                    host.addAll(HOST_FACTS);
                } else {
                    host.add(r.substring("host.".length()));
                }
            } else if (List.of("kind", "deviceApi", "migrationType", "migrationVersion").contains(r)) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at), "'" + r + "' is always seen; leave it out of reads"));
            } else {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at), "'" + r + "' is not a profile part: use parentModel, attributes,"
                        + " attributes.KEY (a key of at most " + MAX_KEY + " characters), host, host.FACT (FACT one of "
                        + String.join(", ", HOST_FACTS) + ") or creatable"));
            }
        }
        return new ProfileView(model, all, keys, host, kind);
    }

    private static boolean atLeast12(String rulesApi) {
        if (rulesApi == null) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,4})\\.([0-9]{1,4})").matcher(rulesApi);
        return m.matches() && Integer.parseInt(m.group(1)) == 1 && Integer.parseInt(m.group(2)) >= 2;
    }

    /** Whether this view removes nothing but host facts. */
    private boolean seesEveryDevicePart() {
        return parentModel && allAttributes;
    }

    /** Whether the pack sees whether a target is creatable; when not, every target is existing to it. */
    public boolean seesTargetKind() {
        return targetKind;
    }

    /** Whether the pack reads any host software fact. */
    public boolean readsHostFacts() {
        return !hostFacts.isEmpty();
    }

    /** The host facts the pack reads, by name ({@code kernel}, {@code qemu}, ...), sorted. */
    public Set<String> hostFacts() {
        return new TreeSet<>(hostFacts);
    }

    /** Whether a target of this kind is creatable as the pack sees it: false when it cannot see the kind. */
    public boolean projectCreatable(boolean creatable) {
        return targetKind && creatable;
    }

    /** {@code profile} as the pack sees it: the same instance when nothing is removed from it. */
    public DeviceProfile project(DeviceProfile profile) {
        if (!removesAnythingFrom(profile)) {
            return profile;
        }
        // Remembered, because a cached check must cost well under a microsecond and building a
        // profile (attribute map, hash) costs more than the whole cache lookup. Bounded: emptied
        // when full, which costs only rebuilding.
        DeviceProfile known = projected.get(profile);
        if (known != null) {
            return known;
        }
        if (projected.size() >= MAX_REMEMBERED) {
            projected.clear();
        }
        DeviceProfile built = build(profile);
        projected.put(profile, built);
        return built;
    }

    private DeviceProfile build(DeviceProfile profile) {
        DeviceProfile.Builder b = DeviceProfile.builder(profile.getKind())
                .deviceApi(profile.getDeviceApi())
                .migrationType(profile.getMigrationType())
                .migrationVersion(profile.getMigrationVersion())
                .parentModel(parentModel ? profile.getParentModel() : "")
                .host(host(profile.getHost()));
        for (Map.Entry<String, String> a : profile.getAttributes().entrySet()) {
            if (allAttributes || attributes.contains(a.getKey())) {
                b.attribute(a.getKey(), a.getValue());
            }
        }
        return b.build();
    }

    private HostSoftware host(HostSoftware h) {
        return h.keep(hostFacts.contains("kernel"), hostFacts.contains("qemu"), hostFacts.contains("libvirt"),
                hostFacts.contains("osId"), hostFacts.contains("osVersion"));
    }

    private boolean removesHostFacts(HostSoftware h) {
        if (h.isEmpty() || hostFacts.size() == HOST_FACTS.size()) {
            return false;
        }
        return hostFacts.isEmpty()
                || (!hostFacts.contains("kernel") && !h.getKernel().isEmpty())
                || (!hostFacts.contains("qemu") && !h.getQemu().isEmpty())
                || (!hostFacts.contains("libvirt") && !h.getLibvirt().isEmpty())
                || (!hostFacts.contains("osId") && !h.getOsId().isEmpty())
                || (!hostFacts.contains("osVersion") && !h.getOsVersion().isEmpty());
    }

    private boolean removesAnythingFrom(DeviceProfile p) {
        if (removesHostFacts(p.getHost())) {
            return true;
        }
        if (seesEveryDevicePart()) {
            return false;
        }
        if (!parentModel && !p.getParentModel().isEmpty()) {
            return true;
        }
        if (allAttributes) {
            return false;
        }
        for (String key : p.getAttributes().keySet()) {
            if (!attributes.contains(key)) {
                return true;
            }
        }
        return false;
    }
}
