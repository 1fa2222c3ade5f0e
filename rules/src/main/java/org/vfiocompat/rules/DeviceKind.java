package org.vfiocompat.rules;

/** How a device is handed to a VM. */
public enum DeviceKind {
    /** A mediated device carved from a parent (GPU, accelerator, AP matrix, CCW subchannel). */
    MDEV,
    /** A physical function or VF bound to vfio-pci or a vfio-pci variant driver. */
    PHYS
}
