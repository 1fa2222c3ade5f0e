package org.vfiocompat.rules;

/**
 * The device that would receive the state: match it as {@code Target(...)}. Either an existing
 * device (a free physical function, an mdev assigned to no VM) or a configuration a parent could
 * still create ({@code Target( creatable )}, since rules API 1.1). The engine sets which from the
 * candidate; the profile itself still carries no device id and no host.
 */
public final class Target extends ProfileFact {

    private final boolean creatable;

    /** An existing target device: what packs written for rules API 1.0 were always handed. */
    public Target(DeviceProfile profile) {
        this(profile, false);
    }

    /**
     * @param creatable true for a configuration a parent can still create, false for an
     *                  existing device
     * @since rules API 1.1
     */
    public Target(DeviceProfile profile, boolean creatable) {
        super(profile);
        this.creatable = creatable;
    }

    /** Whether the target is a configuration a parent can still create (no device exists yet). @since rules API 1.1 */
    public boolean isCreatable() {
        return creatable;
    }

    /** Whether the target is an existing device: {@code !creatable}. @since rules API 1.1 */
    public boolean isExisting() {
        return !creatable;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && creatable == ((Target) o).creatable;
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + Boolean.hashCode(creatable);
    }

    @Override
    public String toString() {
        return creatable ? "Target(creatable " + getProfile() + ")" : super.toString();
    }
}
