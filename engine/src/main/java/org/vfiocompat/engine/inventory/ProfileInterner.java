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

    /**
     * A profile's fields as the inventory holds them (attributes unsorted). Written out, not a
     * record: a record's {@code equals} and {@code hashCode} go through method handles, which the
     * launcher's C1 code calls slowly, and this key is hashed and compared for every device read.
     * The strings are mostly the reader's repeated instances, so {@code equals} is mostly
     * identity checks.
     */
    private static final class Fields {
        final DeviceKind kind;
        final String deviceApi;
        final String migrationType;
        final String migrationVersion;
        final Map<String, String> attributes;
        final String parentModel;
        final HostSoftware host;
        private final int hash;

        Fields(DeviceKind kind, String deviceApi, String migrationType, String migrationVersion,
               Map<String, String> attributes, String parentModel, HostSoftware host) {
            this.kind = kind;
            this.deviceApi = deviceApi;
            this.migrationType = migrationType;
            this.migrationVersion = migrationVersion;
            this.attributes = attributes;
            this.parentModel = parentModel;
            this.host = host;
            int h = kind.ordinal();
            h = 31 * h + deviceApi.hashCode();
            h = 31 * h + migrationType.hashCode();
            h = 31 * h + migrationVersion.hashCode();
            h = 31 * h + attributes.hashCode();
            h = 31 * h + parentModel.hashCode();
            this.hash = 31 * h + host.hashCode();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fields f && hash == f.hash && kind == f.kind
                    && deviceApi.equals(f.deviceApi) && migrationType.equals(f.migrationType)
                    && migrationVersion.equals(f.migrationVersion) && parentModel.equals(f.parentModel)
                    && host.equals(f.host) && (attributes == f.attributes || attributes.equals(f.attributes));
        }
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
