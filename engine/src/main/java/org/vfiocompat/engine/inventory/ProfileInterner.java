package org.vfiocompat.engine.inventory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.HostSoftware;

/**
 * Makes equal profiles of one inventory one instance, as the inventory is read. A fleet of a
 * million devices has a few hundred distinct profiles; keeping one copy of each (with its
 * attribute map) is most of the difference between a fleet that fits a small heap and one that
 * does not, and lets the batch compare profiles by identity first.
 */
final class ProfileInterner {

    /** Concurrent: the parts of a fleet read in parallel share it, so equal profiles stay one instance. */
    private final ConcurrentMap<DeviceProfile, DeviceProfile> seen;
    /** The profile of each distinct set of fields as read, so that a repeated one is never built again; one reader's own. */
    private final Map<Fields, DeviceProfile> byFields = new HashMap<>();
    /** Told each distinct profile as it is first read, on the thread that read it. */
    private final Consumer<DeviceProfile> told;

    ProfileInterner(Consumer<DeviceProfile> told) {
        this(new ConcurrentHashMap<>(), told);
    }

    private ProfileInterner(ConcurrentMap<DeviceProfile, DeviceProfile> seen, Consumer<DeviceProfile> told) {
        this.seen = seen;
        this.told = told;
    }

    /** An interner for another thread reading the same fleet: the same profiles, its own look-up of fields. */
    ProfileInterner sharing() {
        return new ProfileInterner(seen, told);
    }

    /** A profile's fields as the inventory holds them (attributes unsorted, maybe null). */
    private record Fields(DeviceKind kind, String deviceApi, String migrationType, String migrationVersion,
                          Map<String, String> attributes, String parentModel, HostSoftware host) {
    }

    /**
     * The one profile of these fields (checked by the caller: non-null, non-empty where the
     * profile needs it). Building a profile sorts and copies its attributes; looking its fields
     * up costs a hash of the strings, so each distinct profile is built once.
     */
    DeviceProfile profile(DeviceKind kind, String deviceApi, String migrationType, String migrationVersion,
                          Map<String, String> attributes, String parentModel, HostSoftware host) {
        Map<String, String> attrs = attributes == null ? Map.of() : attributes;
        String model = parentModel == null ? "" : parentModel;
        Fields fields = new Fields(kind, deviceApi, migrationType, migrationVersion, attrs, model, host);
        DeviceProfile known = byFields.get(fields);
        if (known != null) {
            return known;
        }
        DeviceProfile built = intern(DeviceProfile.builder(kind)
                .deviceApi(deviceApi)
                .migrationType(migrationType)
                .migrationVersion(migrationVersion)
                .attributes(attrs)
                .parentModel(model)
                .host(host)
                .build());
        byFields.put(fields, built);
        return built;
    }

    /** The first profile equal to {@code p}. */
    DeviceProfile intern(DeviceProfile p) {
        DeviceProfile first = seen.putIfAbsent(p, p);
        if (first == null) {
            told.accept(p);
        }
        return first == null ? p : first;
    }
}
