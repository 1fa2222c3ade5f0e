package org.vfiocompat.engine.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.fleet.FleetTableBuilder;
import org.vfiocompat.engine.fleet.FleetTables;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.HostSoftware;

/**
 * An inventory as it is read, one host at a time: what a fleet keeps of each host (its devices
 * and creatable types, with equal profiles one instance), the host names seen, and every
 * problem found. It checks what the JSON shape cannot: unique host, device and parent ids, mdevs
 * naming a parent that exists, non-empty profile fields. Nothing of a host's JSON is kept once
 * it is added, so memory holds the fleet, not its file.
 */
final class FleetIndex {

    /** Problems past this many are not collected: the reading stops, the first ones say enough. */
    static final int MAX_PROBLEMS = 1000;
    /** Devices and creatable types held at most: endless input of valid hosts fails instead of filling memory. */
    static final int MAX_ENTRIES = 50_000_000;

    private static final Pattern PACK_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{4}");

    /** Within one host (all of its entries share the host's name), the order is the ids'. */
    private static final Comparator<FleetDevice> DEVICE_ID_ORDER = (a, b) -> a.id().compareTo(b.id());
    private static final Comparator<Candidate> CREATABLE_ID_ORDER = (a, b) -> a.id().compareTo(b.id());
    /** Hosts with at most this many devices check their ids for duplicates pairwise, without a set. */
    private static final int PAIRWISE_IDS = 16;

    private final String displayName;
    private final List<String> hosts = new ArrayList<>();
    /** The names of {@link #hosts}, made only once they are out of order (see {@link #add}). */
    private final Set<String> hostNames = new HashSet<>();
    /** The devices and creatable types of the hosts added, as columns, one run per host. */
    private final FleetTableBuilder table = new FleetTableBuilder();
    private final ProfileInterner interner;
    private final List<Problem> problems = new ArrayList<>();
    /** Whether the hosts came in strictly ascending order, so that the entries are sorted as added. */
    private boolean ascending = true;

    FleetIndex(String displayName) {
        this(displayName, new ProfileInterner(profile -> { }));
    }

    /** An index whose profiles are {@code interner}'s (shared by the parts of one fleet read in parallel). */
    FleetIndex(String displayName, ProfileInterner interner) {
        this.displayName = displayName;
        this.interner = interner;
    }

    /** Records {@code problem}; reading goes on while there are not too many. */
    void problem(Problem problem) {
        problems.add(problem);
    }

    /** Whether reading should stop: enough problems to report, or more entries than a fleet may hold. */
    boolean full() {
        return problems.size() >= MAX_PROBLEMS || table.entries() > MAX_ENTRIES;
    }

    /**
     * Adds {@code part}, the hosts of the next lines of an NDJSON file read on another thread
     * (parts come in file order). Returns false, adding nothing, when the part found a problem,
     * names a host already added, or would make the fleet too large: then this index is not the
     * sequential reader's, and the file is read again sequentially, which reports the problems
     * exactly.
     */
    boolean absorb(FleetIndex part) {
        if (!part.problems.isEmpty() || table.entries() + part.table.entries() > MAX_ENTRIES) {
            return false;
        }
        if (part.hosts.isEmpty()) {
            return true;
        }
        // Hosts in order across the parts (as generated or collected fleets are) cannot repeat:
        // the set of names is made only when they are not.
        boolean inOrder = ascending && part.ascending
                && (hosts.isEmpty() || hosts.get(hosts.size() - 1).compareTo(part.hosts.get(0)) < 0);
        if (!inOrder) {
            if (hostNames.size() < hosts.size()) {
                hostNames.addAll(hosts);
            }
            for (String h : part.hosts) {
                if (hostNames.contains(h)) {
                    return false;
                }
            }
            hostNames.addAll(part.hosts);
            ascending = false;
        }
        hosts.addAll(part.hosts);
        table.absorb(part.table);
        return true;
    }

    /** An empty index for a part of this fleet read on another thread: its own problems, the same profiles. */
    FleetIndex part() {
        return new FleetIndex(displayName, interner.sharing());
    }

    /** Checks an inventory document's version. */
    void version(int version, Location at) {
        if (version != InventoryJson.CURRENT_VERSION) {
            problems.add(new Problem(ProblemCodes.INVENTORY_UNSUPPORTED_VERSION, at, "inventory version " + version
                    + " is not supported; this tool reads version " + InventoryJson.CURRENT_VERSION));
        }
    }

    /** Checks and adds one host, {@code null} when the input has null there. */
    void add(InventoryJson.HostJson host, HostPlace place) {
        if (host == null) {
            problems.add(new Problem(ProblemCodes.JSON_NULL, place.at(""), "a host must be an object, not null"));
            return;
        }
        if (!validName(host.name())) {
            problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, place.at("/name"), "host name must be non-empty and contain no '/' or spaces"));
            return;
        }
        // Hosts in strictly ascending order (as generated, merged and collected fleets come)
        // cannot repeat: the set of names is made only at the first host out of order, and
        // from then on finds the repeated ones.
        boolean afterLast = hosts.isEmpty() || hosts.get(hosts.size() - 1).compareTo(host.name()) < 0;
        if (!ascending || !afterLast) {
            if (hostNames.size() < hosts.size()) {
                hostNames.addAll(hosts);
            }
            if (!hostNames.add(host.name())) {
                problems.add(new Problem(ProblemCodes.INVENTORY_DUPLICATE, place.at("/name"), "host '" + host.name() + "' appears twice"));
                return;
            }
            ascending = false;
        }
        hosts.add(host.name());
        checkSoftware(problems, place, "", host.software());
        HostSoftware software = hostSoftware(host.software());
        // One host's entries are a handful of objects, sorted here and then kept as columns.
        List<Candidate> creatable = new ArrayList<>();
        List<FleetDevice> devices = new ArrayList<>();
        Map<String, InventoryJson.ParentJson> parents = readParents(place, "", host, software, creatable, problems);
        readDevices(place, "", host, software, parents, devices, problems);
        // Sorted host by host, a fleet whose hosts come in order (as generated, merged or
        // collected ones do) is sorted already: content() need not sort it again.
        sortById(devices, DEVICE_ID_ORDER);
        sortById(creatable, CREATABLE_ID_ORDER);
        table.addHost(host.name(), devices, creatable);
    }

    /** Sorts one host's entries by id, unless they are in order already (collected hosts are). */
    private static <T> void sortById(List<T> entries, Comparator<? super T> byId) {
        for (int i = 1; i < entries.size(); i++) {
            if (byId.compare(entries.get(i - 1), entries.get(i)) > 0) {
                entries.sort(byId);
                return;
            }
        }
    }

    /** The host facts every profile of the host carries (packs see those they read). */
    private static HostSoftware hostSoftware(InventoryJson.SoftwareJson s) {
        return s == null ? HostSoftware.NONE : HostSoftware.of(s.kernel(), s.qemu(), s.libvirt(), s.osId(), s.osVersion());
    }

    /**
     * The checked inventory, sorted by host and id.
     *
     * @throws InvalidInventoryException with every problem found
     */
    InventoryContent content() {
        if (table.entries() > MAX_ENTRIES) {
            problems.add(new Problem(ProblemCodes.FILE_TOO_LARGE, Location.file(displayName), "more than " + MAX_ENTRIES
                    + " devices and creatable types; split the fleet, or run the batch on Spark (docs/spark.md)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInventoryException(problems);
        }
        // Hosts out of order are sorted by moving each host's run of entries (its own are sorted by id).
        FleetTables tables = ascending ? table.build() : table.buildSorted();
        return new InventoryContent(tables.hosts(), tables.devices(), tables.creatable());
    }

    private Map<String, InventoryJson.ParentJson> readParents(HostPlace place, String hostAt, InventoryJson.HostJson host,
                                                                    HostSoftware software, List<Candidate> creatable, List<Problem> problems) {
        Map<String, InventoryJson.ParentJson> parents = new HashMap<>();
        for (int p = 0; p < host.mdevParents().size(); p++) {
            InventoryJson.ParentJson parent = host.mdevParents().get(p);
            Where at = Where.of(hostAt, "/mdevParents/", p);
            if (parent == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, place.at(at.to("")), "a parent must be an object, not null"));
                continue;
            }
            if (!validName(parent.id())) {
                problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, place.at(at.to("/id")), "parent id must be non-empty and contain no '/' or spaces"));
                continue;
            }
            if (parents.putIfAbsent(parent.id(), parent) != null) {
                problems.add(new Problem(ProblemCodes.INVENTORY_DUPLICATE, place.at(at.to("/id")), "parent '" + parent.id() + "' appears twice on host " + host.name()));
                continue;
            }
            checkPci(problems, place, at, parent.pci());
            Set<String> types = new HashSet<>();
            for (int t = 0; t < parent.types().size(); t++) {
                InventoryJson.TypeJson type = parent.types().get(t);
                Where tAt = at.child("/types/", t);
                if (type == null) {
                    problems.add(new Problem(ProblemCodes.JSON_NULL, place.at(tAt.to("")), "a type must be an object, not null"));
                    continue;
                }
                int before = problems.size();
                requireText(problems, place, tAt, "/migrationType", type.migrationType());
                requireText(problems, place, tAt, "/deviceApi", type.deviceApi());
                requireString(problems, place, tAt, "/migrationVersion", type.migrationVersion());
                checkAttributes(problems, place, tAt, type.attributes());
                checkOwner(problems, place, tAt, type.owner());
                if (type.availableInstances() < 0) {
                    problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, place.at(tAt.to("/availableInstances")), "must be 0 or more"));
                }
                if (problems.size() > before) {
                    continue;
                }
                if (!types.add(type.migrationType())) {
                    problems.add(new Problem(ProblemCodes.INVENTORY_DUPLICATE, place.at(tAt.to("/migrationType")), "type '" + type.migrationType()
                            + "' appears twice on parent " + parent.id()));
                    continue;
                }
                if (type.availableInstances() > 0) {
                    DeviceProfile profile = interner.profile(DeviceKind.MDEV, type.deviceApi(), type.migrationType(),
                            type.migrationVersion(), type.attributes(), parent.model(), software);
                    creatable.add(Candidate.creatable(host.name(), parent.id(), profile, type.availableInstances()));
                }
            }
        }
        return parents;
    }

    private void readDevices(HostPlace place, String hostAt, InventoryJson.HostJson host, HostSoftware software,
                                    Map<String, InventoryJson.ParentJson> parents, List<FleetDevice> devices,
                                    List<Problem> problems) {
        // Most hosts have a few devices, each id once: compared pairwise, no set is needed;
        // only a host with a repeated id (or many devices) gets the set that says which repeat.
        Set<String> ids = host.devices().size() > PAIRWISE_IDS || repeatsAnId(host.devices()) ? new HashSet<>() : null;
        for (int d = 0; d < host.devices().size(); d++) {
            InventoryJson.DeviceJson device = host.devices().get(d);
            Where at = Where.of(hostAt, "/devices/", d);
            if (device == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, place.at(at.to("")), "a device must be an object, not null"));
                continue;
            }
            int before = problems.size();
            if (!validName(device.id())) {
                problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, place.at(at.to("/id")), "device id must be non-empty and contain no '/' or spaces"));
            } else if (ids != null && !ids.add(device.id())) {
                problems.add(new Problem(ProblemCodes.INVENTORY_DUPLICATE, place.at(at.to("/id")), "device '" + device.id() + "' appears twice on host " + host.name()));
            }
            requireText(problems, place, at, "/deviceApi", device.deviceApi());
            requireText(problems, place, at, "/migrationType", device.migrationType());
            requireString(problems, place, at, "/migrationVersion", device.migrationVersion());
            if (device.kind() == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, place.at(at.to("/kind")), "must be one of MDEV, PHYS, not null"));
            }
            checkAttributes(problems, place, at, device.attributes());
            checkOwner(problems, place, at, device.owner());
            checkPci(problems, place, at, device.pci());
            if (device.assignedTo() != null && device.assignedTo().isBlank()) {
                problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, place.at(at.to("/assignedTo")), "must name a VM, or be left out"));
            }
            String parentModel = "";
            if (device.kind() == DeviceKind.MDEV) {
                InventoryJson.ParentJson parent = device.parent() == null ? null : parents.get(device.parent());
                if (device.parent() == null) {
                    problems.add(new Problem(ProblemCodes.INVENTORY_BAD_PARENT, place.at(at.to("")), "an MDEV device needs 'parent', the id of one of the host's mdevParents"));
                } else if (parent == null) {
                    problems.add(new Problem(ProblemCodes.INVENTORY_BAD_PARENT, place.at(at.to("/parent")), "parent '" + device.parent()
                            + "' is not among the mdevParents of host " + host.name()));
                } else {
                    parentModel = parent.model();
                }
            } else if (device.kind() == DeviceKind.PHYS && device.parent() != null) {
                problems.add(new Problem(ProblemCodes.INVENTORY_BAD_PARENT, place.at(at.to("/parent")), "a PHYS device has no mdev parent"));
            }
            if (problems.size() > before) {
                continue;
            }
            DeviceProfile profile = interner.profile(device.kind(), device.deviceApi(), device.migrationType(),
                    device.migrationVersion(), device.attributes(), parentModel, software);
            // The parent's id is one string per parent, not one per device.
            String parentId = device.parent() == null ? "" : parents.get(device.parent()).id();
            devices.add(new FleetDevice(host.name(), device.id(), profile, parentId, device.assignedTo() == null ? "" : device.assignedTo()));
        }
    }

    /** Whether two of {@code devices} (a handful) have equal ids. */
    private static boolean repeatsAnId(List<InventoryJson.DeviceJson> devices) {
        for (int i = 1; i < devices.size(); i++) {
            InventoryJson.DeviceJson a = devices.get(i);
            if (a == null || a.id() == null) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                InventoryJson.DeviceJson b = devices.get(j);
                if (b != null && a.id().equals(b.id())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The members of {@code software}, in the order their problems are reported (by name). */
    private static final String[] SOFTWARE_MEMBERS = {"kernel", "libvirt", "osId", "osVersion", "qemu"};

    private void checkSoftware(List<Problem> problems, HostPlace place, String hostAt, InventoryJson.SoftwareJson software) {
        if (software == null) {
            return;
        }
        // In SOFTWARE_MEMBERS' order; a loop over arrays, not a sorted map a host.
        String[] values = {software.kernel(), software.libvirt(), software.osId(), software.osVersion(), software.qemu()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && values[i].isBlank()) {
                problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, place.at(hostAt + "/software/" + SOFTWARE_MEMBERS[i]),
                        "must not be blank when present"));
            }
        }
    }

    private void checkAttributes(List<Problem> problems, HostPlace place, Where at, Map<String, String> attributes) {
        if (attributes == null) {
            return;
        }
        attributes.forEach((k, v) -> {
            if (v == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, place.at(at.to("/attributes/" + k.replace("~", "~0").replace("/", "~1"))),
                        "attribute values are strings, not null"));
            }
        });
    }

    /** {@code owner} is left out, {@code ""} (no pack owned the type), or a pack id. */
    private void checkOwner(List<Problem> problems, HostPlace place, Where at, String owner) {
        if (owner != null && !owner.isEmpty() && !PACK_ID.matcher(owner).matches()) {
            problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, place.at(at.to("/owner")), "must be a pack id, or \"\" when no pack owns the type"));
        }
    }

    private void checkPci(List<Problem> problems, HostPlace place, Where at, InventoryJson.PciJson pci) {
        if (pci == null) {
            return;
        }
        String[] names = {"vendor", "device", "subsystemVendor", "subsystemDevice"};
        String[] values = {pci.vendor(), pci.device(), pci.subsystemVendor(), pci.subsystemDevice()};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null && !HEX_ID.matcher(values[i]).matches()) {
                problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, place.at(at.to("/pci/" + names[i])), "must be 4 lower-case hex digits, got '" + values[i] + "'"));
            }
        }
        if (pci.driver() != null && !validName(pci.driver())) {
            problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, place.at(at.to("/pci/driver")), "must be a driver name: non-empty, no '/' or spaces"));
        }
        if (pci.physfn() != null && !validName(pci.physfn())) {
            problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, place.at(at.to("/pci/physfn")), "must be a PCI address: non-empty, no '/' or spaces"));
        }
    }

    private void requireText(List<Problem> problems, HostPlace place, Where at, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, place.at(at.to(field)), "must be a non-empty string"));
        }
    }

    private void requireString(List<Problem> problems, HostPlace place, Where at, String field, String value) {
        if (value == null) {
            problems.add(new Problem(ProblemCodes.JSON_NULL, place.at(at.to(field)), "must be a string, not null"));
        }
    }

    static boolean validName(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // Printable ASCII other than '/' (what names are) is valid without asking Character,
            // whose look-up was a call a character for every host, device and parent id.
            if (c > ' ' && c < 0x7F ? c == '/' : Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where a device, parent or type is in its host ({@code /devices/3}), made into a pointer
     * only when a problem needs one: a valid device or type costs no strings (a million of them
     * made one each, for nothing). {@code outer} is the element this one is inside, or null;
     * {@code list} names the array with its slashes ({@code "/devices/"}), after {@code outer}'s
     * pointer or, at the top, after {@code prefix}.
     */
    private record Where(Where outer, String prefix, String list, int index) {

        /** Element {@code index} of the array {@code list} of a host whose pointer is {@code hostAt}. */
        static Where of(String hostAt, String list, int index) {
            return new Where(null, hostAt, list, index);
        }

        /** The pointer of {@code member} ({@code "/id"}, or {@code ""} for the element itself). */
        String to(String member) {
            return (outer == null ? prefix : outer.to("")) + list + index + member;
        }

        /** The element {@code index} of the list {@code name} inside this element. */
        Where child(String name, int index) {
            return new Where(this, "", name, index);
        }
    }
}
