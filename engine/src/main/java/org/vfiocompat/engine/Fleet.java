package org.vfiocompat.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A fleet inventory, read and checked: hosts, their devices, and the mdevs their parents can
 * still create. Immutable. Read from a file or a stream ({@link #load(Path)}, {@link #read}), or
 * made from values ({@link #of}).
 */
public final class Fleet {

    private static final Comparator<FleetDevice> DEVICE_ORDER = Comparator.comparing(FleetDevice::host)
            .thenComparing(FleetDevice::id);
    private static final Comparator<Candidate> CANDIDATE_ORDER = Comparator.comparing(Candidate::host)
            .thenComparing(Candidate::id);

    private final String name;
    private final List<String> hosts;
    private final List<FleetDevice> devices;
    private final List<FleetDevice> assigned;
    private final List<Candidate> creatable;
    private final Map<String, FleetDevice> deviceByRef = new HashMap<>();
    private final Map<String, Candidate> creatableByRef = new HashMap<>();

    private Fleet(String name, List<String> hosts, List<FleetDevice> devices, List<Candidate> creatable) {
        this.name = name;
        this.hosts = hosts;
        this.devices = devices;
        this.creatable = creatable;
        this.assigned = devices.stream().filter(FleetDevice::assigned).toList();
        devices.forEach(d -> deviceByRef.put(d.ref(), d));
        creatable.forEach(c -> creatableByRef.put(c.ref(), c));
    }

    /**
     * A fleet of the given values, sorted by host and id. Every host of a device or creatable
     * type is one of the fleet's hosts (hosts without devices may be named too).
     *
     * @param name      how outputs and errors name the fleet (a file name, a data-lake path, ...)
     * @param hosts     host names; those of the devices and creatable types are added
     * @param devices   existing devices, each {@code host/id} once
     * @param creatable types parents can still create, each of kind {@link CandidateKind#CREATABLE}
     *                  and each {@code host/id} once
     * @throws IllegalArgumentException for a device or creatable type named twice, or a
     *                                  creatable entry that is an existing device
     */
    public static Fleet of(String name, Collection<String> hosts, Collection<FleetDevice> devices,
                           Collection<Candidate> creatable) {
        Objects.requireNonNull(name, "name");
        TreeSet<String> allHosts = new TreeSet<>();
        for (String h : hosts) {
            allHosts.add(Objects.requireNonNull(h, "host"));
        }
        List<FleetDevice> ds = new ArrayList<>(devices);
        ds.sort(DEVICE_ORDER);
        List<Candidate> cs = new ArrayList<>(creatable);
        cs.sort(CANDIDATE_ORDER);
        java.util.Set<String> refs = new java.util.HashSet<>();
        for (FleetDevice d : ds) {
            if (!refs.add(d.ref())) {
                throw new IllegalArgumentException("device " + d.ref() + " is in the fleet twice");
            }
            allHosts.add(d.host());
        }
        for (Candidate c : cs) {
            if (c.kind() != CandidateKind.CREATABLE) {
                throw new IllegalArgumentException(c.ref() + " is not a creatable type: existing devices are FleetDevices");
            }
            if (!refs.add(c.ref())) {
                throw new IllegalArgumentException("creatable type " + c.ref() + " is in the fleet twice");
            }
            allHosts.add(c.host());
        }
        return new Fleet(name, List.copyOf(allHosts), List.copyOf(ds), List.copyOf(cs));
    }

    /**
     * Reads an inventory file.
     *
     * @throws InvalidInventoryException naming the file and the JSON pointer of every problem
     */
    public static Fleet load(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInventoryException(List.of(new Problem(ProblemCodes.FILE_NOT_FOUND, Location.file(file.toString()), "no such file")));
        } catch (IOException e) {
            throw new InvalidInventoryException(List.of(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(file.toString()),
                    "cannot be read: " + (e.getMessage() == null ? e.toString() : e.getMessage()))));
        }
    }

    /**
     * Reads an inventory from {@code in} (not closed), naming it {@code name} in errors.
     *
     * @throws InvalidInventoryException naming {@code name} and the JSON pointer of every problem
     * @throws UncheckedIOException      when the stream fails
     */
    public static Fleet read(InputStream in, String name) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(name, "name");
        return Implementation.provider().readFleet(in, name);
    }

    /** The name the fleet was read or made under (for a file, the file as given). */
    public String name() {
        return name;
    }

    /** Host names, sorted. */
    public List<String> hosts() {
        return hosts;
    }

    /** Every existing device, sorted by host and id. */
    public List<FleetDevice> devices() {
        return devices;
    }

    /** Devices assigned to a VM: the sources a batch evaluates, sorted by host and id. */
    public List<FleetDevice> assigned() {
        return assigned;
    }

    /** mdev types parents can still create, sorted by host and id. */
    public List<Candidate> creatable() {
        return creatable;
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
        for (FleetDevice d : devices) {
            if (!d.assigned() && !d.host().equals(sourceHost)) {
                out.add(d.asCandidate());
            }
        }
        for (Candidate c : creatable) {
            if (!c.host().equals(sourceHost)) {
                out.add(c);
            }
        }
        return out;
    }
}
