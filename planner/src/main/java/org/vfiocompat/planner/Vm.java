package org.vfiocompat.planner;

import java.util.List;
import org.vfiocompat.engine.FleetDevice;

/**
 * A VM as the inventory shows it: the devices assigned to one VM name on one host, sorted by id.
 *
 * @param host    where it runs
 * @param name    its name ({@code assignedTo})
 * @param devices its VFIO devices, at least one
 */
record Vm(String host, String name, List<FleetDevice> devices) {

    Vm {
        devices = List.copyOf(devices);
    }

    /** {@code host/name}: how outputs and {@code --vm} name a VM. */
    String ref() {
        return host + "/" + name;
    }
}
