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
 * <p>A manifest without {@code reads} sees every part: nothing is removed.
 */
public final class ProfileView {

    static final ProfileView EVERYTHING = new ProfileView(true, true, Set.of());
    private static final int MAX_KEY = 64;

    private static final int MAX_REMEMBERED = 65_536;

    private final Map<DeviceProfile, DeviceProfile> projected = new ConcurrentHashMap<>();
    private final boolean parentModel;
    private final boolean allAttributes;
    private final Set<String> attributes;

    private ProfileView(boolean parentModel, boolean allAttributes, Set<String> attributes) {
        this.parentModel = parentModel;
        this.allAttributes = allAttributes;
        this.attributes = Set.copyOf(attributes);
    }

    /** The view the manifest's {@code reads} declares, or problems located by JSON pointer. */
    static ProfileView of(List<String> reads, String file, List<Problem> problems) {
        if (reads == null) {
            return EVERYTHING;
        }
        boolean model = false;
        boolean all = false;
        Set<String> keys = new TreeSet<>();
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
            } else if (List.of("kind", "deviceApi", "migrationType", "migrationVersion").contains(r)) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at), "'" + r + "' is always seen; leave it out of reads"));
            } else {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at), "'" + r + "' is not a profile part: use parentModel, attributes,"
                        + " or attributes.KEY (a key of at most " + MAX_KEY + " characters)"));
            }
        }
        return new ProfileView(model, all, keys);
    }

    /** Whether this view removes nothing. */
    private boolean seesEverything() {
        return parentModel && allAttributes;
    }

    /** {@code profile} as the pack sees it: the same instance when nothing is removed from it. */
    public DeviceProfile project(DeviceProfile profile) {
        if (seesEverything() || !removesAnythingFrom(profile)) {
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
                .parentModel(parentModel ? profile.getParentModel() : "");
        for (Map.Entry<String, String> a : profile.getAttributes().entrySet()) {
            if (allAttributes || attributes.contains(a.getKey())) {
                b.attribute(a.getKey(), a.getValue());
            }
        }
        return b.build();
    }

    private boolean removesAnythingFrom(DeviceProfile p) {
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
