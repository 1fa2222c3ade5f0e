package org.vfiocompat.engine.inventory;

import java.util.List;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.FleetDevice;

/**
 * A checked inventory: its hosts, every existing device, and every mdev type a parent can still
 * create, all sorted by host and id.
 */
public record InventoryContent(List<String> hosts, List<FleetDevice> devices, List<Candidate> creatable) {

    public InventoryContent {
        hosts = List.copyOf(hosts);
        devices = List.copyOf(devices);
        creatable = List.copyOf(creatable);
    }
}
