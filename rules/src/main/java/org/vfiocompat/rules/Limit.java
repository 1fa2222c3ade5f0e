package org.vfiocompat.rules;

/** What stands in the way when a verdict is not {@link Level#LIVE}. */
public enum Limit {
    /** The target's migration type does not accept the source's device state. */
    TYPE,
    /** The physical device or board differs in a way the state cannot cross. */
    DEVICE,
    /** The host driver or firmware on the target is too old or otherwise incompatible. */
    HOST_DRIVER,
    /** The guest's driver would not work with the target device. */
    GUEST_DRIVER,
    /** The target has no room for another instance. */
    CAPACITY,
    /** Anything else; the reason says what. */
    OTHER,
    /**
     * The host software on either side (kernel, QEMU, libvirt, OS) cannot migrate the device,
     * whatever the device: what platform packs such as {@code linux-qemu} find.
     *
     * @since rules API 1.2
     */
    PLATFORM
}
