package org.vfiocompat.engine.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;

/**
 * What a platform pack claims: it judges every pair whose source is of one of {@code kinds}, in
 * addition to the pack that owns the source's type (from the manifest's {@code platform}
 * object). A platform pack owns no namespace; its findings are combined with the owner's, the
 * most severe winning. Such a claim covers every pair, so the engine lets a platform pack judge
 * only when the operator enables it by id, and a signed one only under a key trusted for
 * {@code platform:} (see {@code trust/PackTrustCheck}; docs/security.md).
 *
 * @param kinds the source kinds whose pairs the pack judges, never empty
 */
public record PlatformScope(Set<DeviceKind> kinds) {

    public PlatformScope {
        kinds = Set.copyOf(kinds);
    }

    /** The manifest's {@code platform} object: {@code {"kinds": ["PHYS"]}}; no kinds: every pair. */
    record Json(@JsonProperty("kinds") List<DeviceKind> kinds) {
    }

    /** The scope {@code json} declares, problems located under {@code /platform}; null for no platform object. */
    static PlatformScope of(Json json, String file, List<Problem> problems) {
        if (json == null) {
            return null;
        }
        if (json.kinds() == null || json.kinds().isEmpty()) {
            return new PlatformScope(EnumSet.allOf(DeviceKind.class));
        }
        Set<DeviceKind> kinds = EnumSet.noneOf(DeviceKind.class);
        for (int i = 0; i < json.kinds().size(); i++) {
            DeviceKind k = json.kinds().get(i);
            if (k == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, "/platform/kinds/" + i), "must be MDEV or PHYS, not null"));
            } else if (!kinds.add(k)) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_DUPLICATE, Location.pointer(file, "/platform/kinds/" + i), k + " is listed twice"));
            }
        }
        return new PlatformScope(kinds.isEmpty() ? EnumSet.allOf(DeviceKind.class) : kinds);
    }

    /** Whether the pack judges pairs whose source is {@code source}. */
    public boolean judges(DeviceProfile source) {
        return kinds.contains(source.getKind());
    }

    /** For people: {@code every pair}, {@code every PHYS pair}. */
    public String describe() {
        if (kinds.size() == DeviceKind.values().length) {
            return "every pair";
        }
        List<String> names = new ArrayList<>();
        for (DeviceKind k : DeviceKind.values()) {
            if (kinds.contains(k)) {
                names.add(k.name());
            }
        }
        return "every " + String.join(" or ", names) + " pair";
    }
}
