package org.vfiocompat.rules;

import java.util.Map;

/**
 * The fields of a {@link DeviceProfile} as a rule sees them. Rules never match this class
 * directly: they match {@link Source} or {@link Target}, which say which side a profile is on.
 */
public abstract class ProfileFact {

    private final DeviceProfile profile;

    ProfileFact(DeviceProfile profile) {
        this.profile = java.util.Objects.requireNonNull(profile, "profile");
    }

    public DeviceProfile getProfile() {
        return profile;
    }

    public DeviceKind getKind() {
        return profile.getKind();
    }

    public boolean isMdev() {
        return profile.getKind() == DeviceKind.MDEV;
    }

    public boolean isPhys() {
        return profile.getKind() == DeviceKind.PHYS;
    }

    public String getDeviceApi() {
        return profile.getDeviceApi();
    }

    public String getMigrationType() {
        return profile.getMigrationType();
    }

    public String getMigrationVersion() {
        return profile.getMigrationVersion();
    }

    public Map<String, String> getAttributes() {
        return profile.getAttributes();
    }

    public String getParentModel() {
        return profile.getParentModel();
    }

    /**
     * The software facts of the device's host that the pack reads ({@code reads}:
     * {@code "host"} or {@code "host.kernel"} ...); every other fact is {@code ""}.
     *
     * @since rules API 1.2
     */
    public HostSoftware getHost() {
        return profile.getHost();
    }

    /** The host's kernel release ({@code uname -r}), or {@code ""}: {@code Source( $k : hostKernel )}. @since rules API 1.2 */
    public String getHostKernel() {
        return profile.getHost().getKernel();
    }

    /** The host's QEMU version, or {@code ""}. @since rules API 1.2 */
    public String getHostQemu() {
        return profile.getHost().getQemu();
    }

    /** The host's libvirt version, or {@code ""}. @since rules API 1.2 */
    public String getHostLibvirt() {
        return profile.getHost().getLibvirt();
    }

    /** The host's os-release {@code ID}, or {@code ""}. @since rules API 1.2 */
    public String getHostOsId() {
        return profile.getHost().getOsId();
    }

    /** The host's os-release {@code VERSION_ID}, or {@code ""}. @since rules API 1.2 */
    public String getHostOsVersion() {
        return profile.getHost().getOsVersion();
    }

    /** The attribute's value, or {@code ""} when the profile has no such attribute. */
    public String attr(String key) {
        return key == null ? "" : profile.getAttributes().getOrDefault(key, "");
    }

    /** Whether the profile has the attribute at all. */
    public boolean hasAttr(String key) {
        return key != null && profile.getAttributes().containsKey(key);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && profile.equals(((ProfileFact) o).profile);
    }

    @Override
    public int hashCode() {
        return getClass().hashCode() * 31 + profile.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + profile + ")";
    }
}
