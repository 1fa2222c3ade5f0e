package org.vfiocompat.engine.inventory;

import java.nio.file.Path;
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
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.HostSoftware;

/**
 * Reads an inventory file and checks what the JSON shape cannot: unique host, device and
 * parent ids, mdevs naming a parent that exists, non-empty profile fields. Every problem is
 * reported with its JSON pointer, all of them at once.
 */
public final class InventoryReader {

    private static final Pattern PACK_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{4}");

    private InventoryReader() {
    }

    /** Reads {@code file}; errors name it as {@code displayName}. */
    public static InventoryContent read(Path file, String displayName) {
        return check(readJson(file, displayName), displayName);
    }

    /** Reads the inventory {@code bytes}; errors name it as {@code displayName}. */
    public static InventoryContent read(byte[] bytes, String displayName) {
        return check(JsonInput.read(bytes, displayName, InventoryJson.class, InvalidInventoryException::new), displayName);
    }

    /** Reads {@code file} strictly as JSON, without the content checks of {@link #check}. */
    public static InventoryJson readJson(Path file, String displayName) {
        return JsonInput.read(file, displayName, InventoryJson.class, InvalidInventoryException::new);
    }

    /**
     * Checks an inventory read from (or about to be written to) {@code displayName}.
     *
     * @throws InvalidInventoryException with every problem found
     */
    public static InventoryContent check(InventoryJson json, String displayName) {
        List<Problem> problems = new ArrayList<>();
        if (json.version() != InventoryJson.CURRENT_VERSION) {
            problems.add(new Problem(ProblemCodes.INVENTORY_UNSUPPORTED_VERSION, Location.pointer(displayName, "/version"), "inventory version " + json.version()
                    + " is not supported; this tool reads version " + InventoryJson.CURRENT_VERSION));
        }
        List<String> hosts = new ArrayList<>();
        List<FleetDevice> devices = new ArrayList<>();
        List<Candidate> creatable = new ArrayList<>();
        Set<String> hostNames = new HashSet<>();
        List<InventoryJson.HostJson> hostList = json.hosts() == null ? List.of() : json.hosts();
        for (int h = 0; h < hostList.size(); h++) {
            InventoryJson.HostJson host = hostList.get(h);
            String at = "/hosts/" + h;
            if (host == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(displayName, at), "a host must be an object, not null"));
                continue;
            }
            if (!validName(host.name())) {
                problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer(displayName, at + "/name"), "host name must be non-empty and contain no '/' or spaces"));
                continue;
            }
            if (!hostNames.add(host.name())) {
                problems.add(new Problem(ProblemCodes.INVENTORY_DUPLICATE, Location.pointer(displayName, at + "/name"), "host '" + host.name() + "' appears twice"));
                continue;
            }
            hosts.add(host.name());
            checkSoftware(problems, displayName, at, host.software());
            HostSoftware software = hostSoftware(host.software());
            Map<String, InventoryJson.ParentJson> parents = readParents(displayName, at, host, software, creatable, problems);
            readDevices(displayName, at, host, software, parents, devices, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInventoryException(problems);
        }
        hosts.sort(Comparator.naturalOrder());
        devices.sort(Comparator.comparing(FleetDevice::host).thenComparing(FleetDevice::id));
        creatable.sort(Comparator.comparing(Candidate::host).thenComparing(Candidate::id));
        ProfileInterner interner = new ProfileInterner();
        return new InventoryContent(hosts, interner.devices(devices), interner.candidates(creatable));
    }

    /** The host facts every profile of the host carries (packs see those they read). */
    private static HostSoftware hostSoftware(InventoryJson.SoftwareJson s) {
        return s == null ? HostSoftware.NONE : HostSoftware.of(s.kernel(), s.qemu(), s.libvirt(), s.osId(), s.osVersion());
    }

    private static Map<String, InventoryJson.ParentJson> readParents(String file, String hostAt, InventoryJson.HostJson host,
                                                                    HostSoftware software, List<Candidate> creatable,
                                                                    List<Problem> problems) {
        Map<String, InventoryJson.ParentJson> parents = new HashMap<>();
        for (int p = 0; p < host.mdevParents().size(); p++) {
            InventoryJson.ParentJson parent = host.mdevParents().get(p);
            String at = hostAt + "/mdevParents/" + p;
            if (parent == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at), "a parent must be an object, not null"));
                continue;
            }
            if (!validName(parent.id())) {
                problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer(file, at + "/id"), "parent id must be non-empty and contain no '/' or spaces"));
                continue;
            }
            if (parents.putIfAbsent(parent.id(), parent) != null) {
                problems.add(new Problem(ProblemCodes.INVENTORY_DUPLICATE, Location.pointer(file, at + "/id"), "parent '" + parent.id() + "' appears twice on host " + host.name()));
                continue;
            }
            checkPci(problems, file, at, parent.pci());
            Set<String> types = new HashSet<>();
            for (int t = 0; t < parent.types().size(); t++) {
                InventoryJson.TypeJson type = parent.types().get(t);
                String tAt = at + "/types/" + t;
                if (type == null) {
                    problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, tAt), "a type must be an object, not null"));
                    continue;
                }
                int before = problems.size();
                requireText(problems, file, tAt + "/migrationType", type.migrationType());
                requireText(problems, file, tAt + "/deviceApi", type.deviceApi());
                requireString(problems, file, tAt + "/migrationVersion", type.migrationVersion());
                checkAttributes(problems, file, tAt, type.attributes());
                checkOwner(problems, file, tAt, type.owner());
                if (type.availableInstances() < 0) {
                    problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer(file, tAt + "/availableInstances"), "must be 0 or more"));
                }
                if (problems.size() > before) {
                    continue;
                }
                if (!types.add(type.migrationType())) {
                    problems.add(new Problem(ProblemCodes.INVENTORY_DUPLICATE, Location.pointer(file, tAt + "/migrationType"), "type '" + type.migrationType()
                            + "' appears twice on parent " + parent.id()));
                    continue;
                }
                if (type.availableInstances() > 0) {
                    DeviceProfile profile = DeviceProfile.builder(DeviceKind.MDEV)
                            .deviceApi(type.deviceApi())
                            .migrationType(type.migrationType())
                            .migrationVersion(type.migrationVersion())
                            .attributes(type.attributes() == null ? Map.of() : type.attributes())
                            .parentModel(parent.model())
                            .host(software)
                            .build();
                    creatable.add(Candidate.creatable(host.name(), parent.id(), profile, type.availableInstances()));
                }
            }
        }
        return parents;
    }

    private static void readDevices(String file, String hostAt, InventoryJson.HostJson host, HostSoftware software,
                                    Map<String, InventoryJson.ParentJson> parents, List<FleetDevice> devices,
                                    List<Problem> problems) {
        Set<String> ids = new HashSet<>();
        for (int d = 0; d < host.devices().size(); d++) {
            InventoryJson.DeviceJson device = host.devices().get(d);
            String at = hostAt + "/devices/" + d;
            if (device == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at), "a device must be an object, not null"));
                continue;
            }
            int before = problems.size();
            if (!validName(device.id())) {
                problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer(file, at + "/id"), "device id must be non-empty and contain no '/' or spaces"));
            } else if (!ids.add(device.id())) {
                problems.add(new Problem(ProblemCodes.INVENTORY_DUPLICATE, Location.pointer(file, at + "/id"), "device '" + device.id() + "' appears twice on host " + host.name()));
            }
            requireText(problems, file, at + "/deviceApi", device.deviceApi());
            requireText(problems, file, at + "/migrationType", device.migrationType());
            requireString(problems, file, at + "/migrationVersion", device.migrationVersion());
            if (device.kind() == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at + "/kind"), "must be one of MDEV, PHYS, not null"));
            }
            checkAttributes(problems, file, at, device.attributes());
            checkOwner(problems, file, at, device.owner());
            checkPci(problems, file, at, device.pci());
            if (device.assignedTo() != null && device.assignedTo().isBlank()) {
                problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer(file, at + "/assignedTo"), "must name a VM, or be left out"));
            }
            String parentModel = "";
            if (device.kind() == DeviceKind.MDEV) {
                InventoryJson.ParentJson parent = device.parent() == null ? null : parents.get(device.parent());
                if (device.parent() == null) {
                    problems.add(new Problem(ProblemCodes.INVENTORY_BAD_PARENT, Location.pointer(file, at), "an MDEV device needs 'parent', the id of one of the host's mdevParents"));
                } else if (parent == null) {
                    problems.add(new Problem(ProblemCodes.INVENTORY_BAD_PARENT, Location.pointer(file, at + "/parent"), "parent '" + device.parent()
                            + "' is not among the mdevParents of host " + host.name()));
                } else {
                    parentModel = parent.model();
                }
            } else if (device.kind() == DeviceKind.PHYS && device.parent() != null) {
                problems.add(new Problem(ProblemCodes.INVENTORY_BAD_PARENT, Location.pointer(file, at + "/parent"), "a PHYS device has no mdev parent"));
            }
            if (problems.size() > before) {
                continue;
            }
            DeviceProfile profile = DeviceProfile.builder(device.kind())
                    .deviceApi(device.deviceApi())
                    .migrationType(device.migrationType())
                    .migrationVersion(device.migrationVersion())
                    .attributes(device.attributes() == null ? Map.of() : device.attributes())
                    .parentModel(parentModel)
                    .host(software)
                    .build();
            devices.add(new FleetDevice(host.name(), device.id(), profile,
                    device.parent() == null ? "" : device.parent(), device.assignedTo() == null ? "" : device.assignedTo()));
        }
    }

    private static void checkSoftware(List<Problem> problems, String file, String hostAt, InventoryJson.SoftwareJson software) {
        if (software == null) {
            return;
        }
        Map<String, String> fields = new java.util.TreeMap<>();
        fields.put("kernel", software.kernel());
        fields.put("qemu", software.qemu());
        fields.put("libvirt", software.libvirt());
        fields.put("osId", software.osId());
        fields.put("osVersion", software.osVersion());
        fields.forEach((k, v) -> {
            if (v != null && v.isBlank()) {
                problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer(file, hostAt + "/software/" + k),
                        "must not be blank when present"));
            }
        });
    }

    private static void checkAttributes(List<Problem> problems, String file, String at, Map<String, String> attributes) {
        if (attributes == null) {
            return;
        }
        attributes.forEach((k, v) -> {
            if (v == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at + "/attributes/" + k.replace("~", "~0").replace("/", "~1")),
                        "attribute values are strings, not null"));
            }
        });
    }

    /** {@code owner} is left out, {@code ""} (no pack owned the type), or a pack id. */
    private static void checkOwner(List<Problem> problems, String file, String at, String owner) {
        if (owner != null && !owner.isEmpty() && !PACK_ID.matcher(owner).matches()) {
            problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer(file, at + "/owner"), "must be a pack id, or \"\" when no pack owns the type"));
        }
    }

    private static void checkPci(List<Problem> problems, String file, String at, InventoryJson.PciJson pci) {
        if (pci == null) {
            return;
        }
        String[] names = {"vendor", "device", "subsystemVendor", "subsystemDevice"};
        String[] values = {pci.vendor(), pci.device(), pci.subsystemVendor(), pci.subsystemDevice()};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null && !HEX_ID.matcher(values[i]).matches()) {
                problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer(file, at + "/pci/" + names[i]), "must be 4 lower-case hex digits, got '" + values[i] + "'"));
            }
        }
        if (pci.driver() != null && !validName(pci.driver())) {
            problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer(file, at + "/pci/driver"), "must be a driver name: non-empty, no '/' or spaces"));
        }
        if (pci.physfn() != null && !validName(pci.physfn())) {
            problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer(file, at + "/pci/physfn"), "must be a PCI address: non-empty, no '/' or spaces"));
        }
    }

    private static void requireText(List<Problem> problems, String file, String at, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, Location.pointer(file, at), "must be a non-empty string"));
        }
    }

    private static void requireString(List<Problem> problems, String file, String at, String value) {
        if (value == null) {
            problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at), "must be a string, not null"));
        }
    }

    private static boolean validName(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }
}
