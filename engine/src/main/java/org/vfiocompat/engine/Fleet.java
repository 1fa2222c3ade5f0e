package org.vfiocompat.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vfiocompat.engine.inventory.InventoryContent;
import org.vfiocompat.engine.inventory.InventoryReader;

/**
 * A fleet inventory, read and checked: hosts, their devices, and the mdevs their parents can
 * still create. Immutable.
 */
public final class Fleet {

    private final String name;
    private final InventoryContent content;
    private final Map<String, FleetDevice> deviceByRef = new HashMap<>();
    private final Map<String, Candidate> creatableByRef = new HashMap<>();

    private Fleet(String name, InventoryContent content) {
        this.name = name;
        this.content = content;
        content.devices().forEach(d -> deviceByRef.put(d.ref(), d));
        content.creatable().forEach(c -> creatableByRef.put(c.ref(), c));
    }

    /**
     * Reads an inventory file.
     *
     * @throws InvalidInventoryException naming the file and the JSON pointer of every problem
     */
    public static Fleet load(Path file) {
        return new Fleet(file.toString(), InventoryReader.read(file, file.toString()));
    }

    /** The file the fleet was read from. */
    public String name() {
        return name;
    }

    /** Host names, sorted. */
    public List<String> hosts() {
        return content.hosts();
    }

    /** Every existing device, sorted by host and id. */
    public List<FleetDevice> devices() {
        return content.devices();
    }

    /** Devices assigned to a VM: the sources a batch evaluates. */
    public List<FleetDevice> assigned() {
        return content.devices().stream().filter(FleetDevice::assigned).toList();
    }

    /** mdev types parents can still create, sorted by host and id. */
    public List<Candidate> creatable() {
        return content.creatable();
    }

    /** The device {@code host/id}, if the fleet has it. */
    public Optional<FleetDevice> device(String ref) {
        return Optional.ofNullable(deviceByRef.get(ref));
    }

    /** An existing device ({@code host/id}) or creatable type ({@code host/parent/type}) as a candidate. */
    public Optional<Candidate> candidate(String ref) {
        FleetDevice d = deviceByRef.get(ref);
        return d != null ? Optional.of(d.asCandidate()) : Optional.ofNullable(creatableByRef.get(ref));
    }

    /**
     * Every place a device on {@code sourceHost} could move to: free devices and creatable mdev
     * types on the other hosts.
     */
    public List<Candidate> candidatesElsewhere(String sourceHost) {
        List<Candidate> out = new ArrayList<>();
        for (FleetDevice d : content.devices()) {
            if (!d.assigned() && !d.host().equals(sourceHost)) {
                out.add(d.asCandidate());
            }
        }
        for (Candidate c : content.creatable()) {
            if (!c.host().equals(sourceHost)) {
                out.add(c);
            }
        }
        return out;
    }
}
