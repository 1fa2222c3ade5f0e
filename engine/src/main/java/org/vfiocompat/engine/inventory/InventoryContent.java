package org.vfiocompat.engine.inventory;

import java.util.List;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.fleet.CreatableTable;
import org.vfiocompat.engine.fleet.DeviceTable;

/**
 * A checked inventory: its hosts, every existing device, and every mdev type a parent can still
 * create, all sorted by host and id. A read inventory's lists are immutable tables (one object per
 * device would not fit ten million of them in a small heap), kept as they are.
 */
public record InventoryContent(List<String> hosts, List<FleetDevice> devices, List<Candidate> creatable) {

    public InventoryContent {
        hosts = List.copyOf(hosts);
        devices = devices instanceof DeviceTable ? devices : List.copyOf(devices);
        creatable = creatable instanceof CreatableTable ? creatable : List.copyOf(creatable);
    }
}
