package org.vfiocompat.engine;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vfiocompat.rules.DeviceProfile;

/**
 * A fleet inventory, read and checked: hosts, their devices, and the mdevs their parents can
 * still create. Immutable. Read from a file or a stream ({@link #load(Path)}, {@link #read}), or
 * made from values ({@link #of}).
 */
public final class Fleet {

    /** By host, then id; a host's devices share one String, so most comparisons skip comparing hosts. */
    private static final Comparator<FleetDevice> DEVICE_ORDER = (a, b) -> {
        int byHost = a.host() == b.host() ? 0 : a.host().compareTo(b.host());
        return byHost != 0 ? byHost : a.id().compareTo(b.id());
    };
    private static final Comparator<Candidate> CANDIDATE_ORDER = (a, b) -> {
        int byHost = a.host() == b.host() ? 0 : a.host().compareTo(b.host());
        return byHost != 0 ? byHost : a.id().compareTo(b.id());
    };

    private final String name;
    private final List<String> hosts;
    private final List<FleetDevice> devices;
    private final List<FleetDevice> assigned;
    private final List<Candidate> creatable;

    private Fleet(String name, List<String> hosts, List<FleetDevice> devices, List<Candidate> creatable) {
        this.name = name;
        this.hosts = hosts;
        this.devices = devices;
        this.creatable = creatable;
        this.assigned = Implementation.provider().assigned(devices);
    }

    /**
     * The entry of {@code sorted} (in host and id order) whose reference is {@code ref}, or null,
     * found by binary search: no map of a million references (and a million strings) made for a
     * look-up or two. A reference is {@code host/id}; where names may hold slashes (a fleet made
     * by {@link #of}), each split is tried, the longest host first, which is the entry a map
     * filled in order would hold for a reference two entries share.
     */
    private static <T> T byRef(List<T> sorted, String ref, java.util.function.Function<T, String> host,
                               java.util.function.Function<T, String> id) {
        for (int slash = ref.lastIndexOf('/'); slash >= 0; slash = ref.lastIndexOf('/', slash - 1)) {
            String h = ref.substring(0, slash);
            String i = ref.substring(slash + 1);
            int low = 0;
            int high = sorted.size() - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                T entry = sorted.get(mid);
                int c = host.apply(entry).compareTo(h);
                if (c == 0) {
                    c = id.apply(entry).compareTo(i);
                }
                if (c < 0) {
                    low = mid + 1;
                } else if (c > 0) {
                    high = mid - 1;
                } else {
                    return entry;
                }
            }
        }
        return null;
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
        if (Implementation.provider().readTogether(hosts, devices, creatable)) {
            // An inventory as read: checked and sorted already, and held as columns, which a
            // copy would turn into an object per device.
            return new Fleet(name, List.copyOf(hosts), (List<FleetDevice>) devices, (List<Candidate>) creatable);
        }
        List<String> hs = new ArrayList<>(hosts);
        hs.forEach(h -> Objects.requireNonNull(h, "host"));
        List<FleetDevice> ds = new ArrayList<>(devices);
        List<Candidate> cs = new ArrayList<>(creatable);
        // A read inventory comes sorted already: then one pass that finds each neighbour
        // strictly greater proves the order and that no reference is named twice, and the sort
        // (another pass of comparisons, and a copy) is skipped.
        if (!strictlyAscending(ds, DEVICE_ORDER)) {
            ds.sort(DEVICE_ORDER);
            // Sorted by host and id, a reference named twice is two neighbours: no set of a
            // million reference strings.
            for (int i = 1; i < ds.size(); i++) {
                if (DEVICE_ORDER.compare(ds.get(i - 1), ds.get(i)) == 0) {
                    throw new IllegalArgumentException("device " + ds.get(i).ref() + " is in the fleet twice");
                }
            }
        }
        boolean candidatesSorted = strictlyAscending(cs, CANDIDATE_ORDER);
        if (!candidatesSorted) {
            cs.sort(CANDIDATE_ORDER);
        }
        // A creatable type that is also a device is found by walking both sorted lists side by side.
        int walk = 0;
        for (int i = 0; i < cs.size(); i++) {
            Candidate c = cs.get(i);
            if (c.kind() != CandidateKind.CREATABLE) {
                throw new IllegalArgumentException(c.ref() + " is not a creatable type: existing devices are FleetDevices");
            }
            if (!candidatesSorted && i > 0 && CANDIDATE_ORDER.compare(cs.get(i - 1), c) == 0) {
                throw new IllegalArgumentException("creatable type " + c.ref() + " is in the fleet twice");
            }
            while (walk < ds.size() && compare(ds.get(walk), c) < 0) {
                walk++;
            }
            if (walk < ds.size() && compare(ds.get(walk), c) == 0) {
                throw new IllegalArgumentException("creatable type " + c.ref() + " is in the fleet twice");
            }
        }
        return new Fleet(name, allHosts(hs, ds, cs), List.copyOf(ds), List.copyOf(cs));
    }

    /** Whether each element of {@code list} is greater than the one before it. */
    private static <T> boolean strictlyAscending(List<T> list, Comparator<? super T> order) {
        for (int i = 1; i < list.size(); i++) {
            if (order.compare(list.get(i - 1), list.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The sorted union of {@code hosts} and the hosts of the (sorted) devices and creatable
     * types. A read inventory names every host in order: then walking the lists side by side
     * proves it, without a tree of a hundred thousand names; anything else goes through one.
     */
    private static List<String> allHosts(List<String> hosts, List<FleetDevice> ds, List<Candidate> cs) {
        boolean covered = strictlyAscending(hosts, Comparator.naturalOrder())
                && covers(hosts, ds, FleetDevice::host) && covers(hosts, cs, Candidate::host);
        if (covered) {
            return List.copyOf(hosts);
        }
        java.util.TreeSet<String> all = new java.util.TreeSet<>(hosts);
        ds.forEach(d -> all.add(d.host()));
        cs.forEach(c -> all.add(c.host()));
        return List.copyOf(all);
    }

    /** Whether every host of {@code sorted} (in host order) is one of {@code hosts} (strictly ascending). */
    private static <T> boolean covers(List<String> hosts, List<T> sorted, java.util.function.Function<T, String> host) {
        int h = 0;
        String last = null;
        for (T t : sorted) {
            String name = host.apply(t);
            if (name == last) {
                continue; // one String per host in a read inventory: the common case costs no comparison
            }
            while (h < hosts.size() && hosts.get(h).compareTo(name) < 0) {
                h++;
            }
            if (h == hosts.size() || !hosts.get(h).equals(name)) {
                return false;
            }
            last = name;
        }
        return true;
    }

    private static int compare(FleetDevice d, Candidate c) {
        int byHost = d.host().compareTo(c.host());
        return byHost != 0 ? byHost : d.id().compareTo(c.id());
    }

    /**
     * Reads an inventory file, streaming: an inventory document, several concatenated, NDJSON
     * (one host object per line), or gzip of any of them, told apart by content, not by name
     * (docs/inventory.md). Memory holds the fleet, not the file.
     *
     * @throws InvalidInventoryException naming the file and the JSON pointer of every problem
     */
    public static Fleet load(Path file) {
        return load(file, profile -> { });
    }

    /**
     * {@link #load(Path)}, telling {@code seen} each distinct device profile once, as it is first
     * read, on one of the reading threads (so {@code seen} must be thread-safe), so that work
     * the fleet will need can start before the read ends ({@link CompatibilityEngine#expect}: a
     * batch's pack workers start while it reads).
     */
    public static Fleet load(Path file, java.util.function.Consumer<DeviceProfile> seen) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(seen, "seen");
        // NDJSON is read on every core (the result is the sequential read's, errors included).
        return Implementation.provider().loadFleet(file, file.toString(), seen);
    }

    /**
     * Reads an inventory from {@code in} (not closed), naming it {@code name} in errors; streamed,
     * in any of the forms {@link #load} reads.
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
        return Optional.ofNullable(byRef(devices, ref, FleetDevice::host, FleetDevice::id));
    }

    /** An existing device ({@code host/id}) or creatable type ({@code host/parent/type}) as a candidate. */
    public Optional<Candidate> candidate(String ref) {
        FleetDevice d = byRef(devices, ref, FleetDevice::host, FleetDevice::id);
        return d != null ? Optional.of(d.asCandidate()) : Optional.ofNullable(byRef(creatable, ref, Candidate::host, Candidate::id));
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
