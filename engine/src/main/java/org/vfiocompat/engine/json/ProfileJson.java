package org.vfiocompat.engine.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.HostSoftware;

/**
 * A device profile as written in test vectors: the same field names as in inventories, so a
 * profile can be copied from one to the other.
 */
public record ProfileJson(
        @JsonProperty(value = "kind", required = true) DeviceKind kind,
        @JsonProperty(value = "deviceApi", required = true) String deviceApi,
        @JsonProperty(value = "migrationType", required = true) String migrationType,
        @JsonProperty(value = "migrationVersion", required = true) String migrationVersion,
        @JsonProperty("attributes") Map<String, String> attributes,
        @JsonProperty("parentModel") String parentModel,
        @JsonProperty("software") HostJson host) {

    /**
     * The device's host software facts (rules API 1.2), as the inventory's host {@code software}
     * object spells them: a profile names no host, it only carries these facts.
     */
    public record HostJson(
            @JsonProperty("kernel") String kernel,
            @JsonProperty("qemu") String qemu,
            @JsonProperty("libvirt") String libvirt,
            @JsonProperty("osId") String osId,
            @JsonProperty("osVersion") String osVersion) {
    }

    /** Checks the values Jackson cannot, adding a problem per bad field under {@code pointer}. */
    public List<Problem> check(String file, String pointer) {
        List<Problem> problems = new ArrayList<>();
        if (kind == null) {
            problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, pointer + "/kind"), "must be MDEV or PHYS, not null"));
        }
        if (migrationVersion == null) {
            problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, pointer + "/migrationVersion"), "must be a string, not null"));
        }
        requireText(problems, file, pointer + "/deviceApi", deviceApi);
        requireText(problems, file, pointer + "/migrationType", migrationType);
        if (attributes != null) {
            attributes.forEach((k, v) -> {
                if (v == null) {
                    problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, pointer + "/attributes/" + k), "attribute values are strings, not null"));
                }
            });
        }
        if (host != null) {
            String[] names = {"kernel", "qemu", "libvirt", "osId", "osVersion"};
            String[] values = {host.kernel(), host.qemu(), host.libvirt(), host.osId(), host.osVersion()};
            for (int i = 0; i < names.length; i++) {
                if (values[i] != null && values[i].isBlank()) {
                    problems.add(new Problem(ProblemCodes.PROFILE_INVALID_VALUE, Location.pointer(file, pointer + "/software/" + names[i]),
                            "must not be blank when present"));
                }
            }
        }
        return problems;
    }

    public DeviceProfile toProfile() {
        return DeviceProfile.builder(kind)
                .deviceApi(deviceApi)
                .migrationType(migrationType)
                .migrationVersion(migrationVersion)
                .attributes(attributes == null ? Map.of() : attributes)
                .parentModel(parentModel)
                .host(host == null ? null
                        : HostSoftware.of(host.kernel(), host.qemu(), host.libvirt(), host.osId(), host.osVersion()))
                .build();
    }

    static void requireText(List<Problem> problems, String file, String pointer, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem(ProblemCodes.PROFILE_INVALID_VALUE, Location.pointer(file, pointer), "must be a non-empty string"));
        }
    }
}
