package org.vfiocompat.engine.fleet;

import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;

/**
 * A fleet's hosts, devices and creatable types as tables over one host list and one numbering
 * of profiles: what the inventory reader makes, and what a batch walks.
 */
public record FleetTables(List<String> hosts, DeviceTable devices, CreatableTable creatable) {

    /**
     * The tables of {@code fleet}: those it holds when it was read (then nothing is copied), or
     * made from its values (a fleet made by {@code Fleet.of}).
     */
    public static FleetTables of(Fleet fleet) {
        if (fleet.devices() instanceof DeviceTable d && fleet.creatable() instanceof CreatableTable c
                && d.hosts().equals(fleet.hosts()) && c.hosts().equals(fleet.hosts())) {
            return new FleetTables(fleet.hosts(), d, c);
        }
        // Both lists are sorted by host and id, over the fleet's sorted hosts: one walk groups them by host.
        FleetTableBuilder b = new FleetTableBuilder();
        List<FleetDevice> devices = fleet.devices();
        List<Candidate> creatable = fleet.creatable();
        int d = 0;
        int c = 0;
        for (String host : fleet.hosts()) {
            List<FleetDevice> hostDevices = new ArrayList<>();
            while (d < devices.size() && devices.get(d).host().equals(host)) {
                hostDevices.add(devices.get(d++));
            }
            List<Candidate> hostCreatable = new ArrayList<>();
            while (c < creatable.size() && creatable.get(c).host().equals(host)) {
                hostCreatable.add(creatable.get(c++));
            }
            b.addHost(host, hostDevices, hostCreatable);
        }
        return b.build();
    }
}
