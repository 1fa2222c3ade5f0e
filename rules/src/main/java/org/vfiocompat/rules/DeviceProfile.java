package org.vfiocompat.rules;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a pack may know about one device: what it is, never where it is.
 *
 * <p>A profile carries no device id and no host identity on purpose (its {@link #getHost() host
 * software facts} name no host). A verdict therefore depends only on
 * (pack, source profile, target profile), which is what makes caching verdicts correct by
 * construction and lets a fleet of thousands of devices collapse to a few hundred distinct
 * profiles. Instances are immutable; equal profiles are interchangeable.
 */
public final class DeviceProfile {

    private final DeviceKind kind;
    private final String deviceApi;
    private final String migrationType;
    private final String migrationVersion;
    private final SortedMap<String, String> attributes;
    private final String parentModel;
    private final HostSoftware host;
    private final int hash;

    private DeviceProfile(Builder b) {
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.deviceApi = requireText(b.deviceApi, "deviceApi");
        this.migrationType = requireText(b.migrationType, "migrationType");
        this.migrationVersion = Objects.requireNonNull(b.migrationVersion, "migrationVersion");
        this.attributes = Collections.unmodifiableSortedMap(new TreeMap<>(b.attributes));
        this.parentModel = Objects.requireNonNull(b.parentModel, "parentModel");
        this.host = Objects.requireNonNull(b.host, "host");
        this.hash = Objects.hash(kind, deviceApi, migrationType, migrationVersion, attributes, parentModel, host);
    }

    public static Builder builder(DeviceKind kind) {
        return new Builder(kind);
    }

    /** MDEV or PHYS. */
    public DeviceKind getKind() {
        return kind;
    }

    /** The device API the guest sees: {@code vfio-pci}, {@code vfio-ccw}, {@code vfio-ap}, ... */
    public String getDeviceApi() {
        return deviceApi;
    }

    /**
     * The transparent first-level filter: the mdev type-id ({@code i915-GVTg_V5_4}) or, for a
     * physical device, a type its pack defines from driver and IDs ({@code mlx5_vfio_pci:15b3:101e}).
     * The pack that owns the type's namespace decides every pair whose source has it.
     */
    public String getMigrationType() {
        return migrationType;
    }

    /** The vendor's opaque migration version string; only the owning pack interprets it. */
    public String getMigrationVersion() {
        return migrationVersion;
    }

    /** Transparent attributes, sorted by key, never {@code null}. */
    public SortedMap<String, String> getAttributes() {
        return attributes;
    }

    /** The parent device's model for an mdev ({@code ""} when unknown or for a PHYS device). */
    public String getParentModel() {
        return parentModel;
    }

    /**
     * The software of the device's host, {@link HostSoftware#NONE} when unknown: facts, never
     * the host's identity. A pack sees only the facts its manifest reads.
     *
     * @since rules API 1.2
     */
    public HostSoftware getHost() {
        return host;
    }

    /** A copy of this profile to change some fields. */
    public Builder toBuilder() {
        Builder b = new Builder(kind);
        b.deviceApi = deviceApi;
        b.migrationType = migrationType;
        b.migrationVersion = migrationVersion;
        b.attributes.putAll(attributes);
        b.parentModel = parentModel;
        b.host = host;
        return b;
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceProfile p
                && hash == p.hash
                && kind == p.kind
                && deviceApi.equals(p.deviceApi)
                && migrationType.equals(p.migrationType)
                && migrationVersion.equals(p.migrationVersion)
                && attributes.equals(p.attributes)
                && parentModel.equals(p.parentModel)
                && host.equals(p.host);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return kind + " " + migrationType + " [" + migrationVersion + "] api=" + deviceApi
                + (parentModel.isEmpty() ? "" : " parent=" + parentModel)
                + (attributes.isEmpty() ? "" : " " + attributes)
                + (host.isEmpty() ? "" : " " + host);
    }

    /** Collects the fields of a profile; {@code attributes}, {@code parentModel} and {@code host} are optional. */
    public static final class Builder {
        private final DeviceKind kind;
        private String deviceApi;
        private String migrationType;
        private String migrationVersion = "";
        private final Map<String, String> attributes = new TreeMap<>();
        private String parentModel = "";
        private HostSoftware host = HostSoftware.NONE;

        private Builder(DeviceKind kind) {
            this.kind = kind;
        }

        public Builder deviceApi(String deviceApi) {
            this.deviceApi = deviceApi;
            return this;
        }

        public Builder migrationType(String migrationType) {
            this.migrationType = migrationType;
            return this;
        }

        public Builder migrationVersion(String migrationVersion) {
            this.migrationVersion = migrationVersion;
            return this;
        }

        public Builder attribute(String key, String value) {
            this.attributes.put(Objects.requireNonNull(key, "attribute key"),
                    Objects.requireNonNull(value, "attribute value"));
            return this;
        }

        public Builder attributes(Map<String, String> attributes) {
            attributes.forEach(this::attribute);
            return this;
        }

        public Builder parentModel(String parentModel) {
            this.parentModel = parentModel == null ? "" : parentModel;
            return this;
        }

        /** The host's software facts; {@code null} for none. @since rules API 1.2 */
        public Builder host(HostSoftware host) {
            this.host = host == null ? HostSoftware.NONE : host;
            return this;
        }

        public DeviceProfile build() {
            return new DeviceProfile(this);
        }
    }
}
