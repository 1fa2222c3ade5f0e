package org.vfiocompat.engine.importer;

import static org.vfiocompat.engine.importer.SafeXml.attr;
import static org.vfiocompat.engine.importer.SafeXml.child;
import static org.vfiocompat.engine.importer.SafeXml.children;
import static org.vfiocompat.engine.importer.SafeXml.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.ProblemCodes;
import org.w3c.dom.Element;

/**
 * Reads libvirt node devices ({@code virsh nodedev-dumpxml}): one {@code <device>} per file, or
 * many concatenated in one file.
 * <ul>
 *   <li>A device with a nested {@code <capability type='mdev_types'>} (inside a
 *       {@code pci}, {@code css} or {@code ap_matrix} capability) is an mdev parent.</li>
 *   <li>A device with {@code <capability type='mdev'>} is an mdev; its {@code <parent>} names the
 *       parent node device ({@code pci_0000_00_02_0}).</li>
 *   <li>A PCI device whose {@code <driver><name>} is vfio-pci or a variant driver is a PHYS
 *       device; a VF's {@code <capability type='phys_function'>} gives its PF.</li>
 * </ul>
 * libvirt shows no subsystem ids, no type descriptions and no migration versions.
 */
final class NodedevReader {

    private final Warnings warnings;

    NodedevReader(Warnings warnings) {
        this.warnings = warnings;
    }

    void read(Path path, HostFacts facts) {
        for (Path file : SafeXml.files(path, warnings)) {
            List<Element> roots = SafeXml.roots(file, warnings);
            for (int i = 0; i < roots.size(); i++) {
                Element device = roots.get(i);
                String name = text(device, "name");
                Place place = new Place(Location.part(file.toString(), "device " + (name == null ? "#" + (i + 1) : name)));
                if (!device.getTagName().equals("device")) {
                    warnings.add(ProblemCodes.IMPORT_LEFT_OUT, place, "<" + device.getTagName() + "> is no node device; skipped");
                    continue;
                }
                device(device, name, place, facts);
            }
        }
    }

    private void device(Element device, String name, Place place, HostFacts facts) {
        String driver = child(device, "driver") == null ? null : text(child(device, "driver"), "name");
        for (Element cap : children(device, "capability")) {
            String type = attr(cap, "type");
            if ("mdev".equals(type)) {
                mdev(cap, device, name, place, facts);
                continue;
            }
            PciFacts pci = "pci".equals(type) ? pci(cap, driver, place) : null;
            Element types = capability(cap, "mdev_types");
            if (types != null) {
                String id = pci != null ? pci.address() : parentId(cap, type, name);
                facts.addParent(new ParentFacts(id, driver, pci, types(types, place), place));
            } else if (pci != null && PciFacts.vfioDriver(driver)) {
                facts.addFunction(new PhysFacts(pci, null, place));
            }
        }
    }

    private void mdev(Element cap, Element device, String name, Place place, HostFacts facts) {
        String type = attr(child(cap, "type"), "id");
        String uuid = text(cap, "uuid");
        if (uuid == null && name != null && name.startsWith("mdev_")) {
            uuid = name.substring(5).replace('_', '-');
        }
        String parent = text(device, "parent");
        if (type == null || uuid == null || parent == null) {
            warnings.error(ProblemCodes.IMPORT_MALFORMED, place, "an mdev needs <capability type='mdev'><type id=.../>, a uuid and a <parent>");
            return;
        }
        facts.addMdev(new MdevFacts(uuid, idOfNodeName(parent), type, null, place), warnings);
    }

    private List<TypeFacts> types(Element mdevTypes, Place place) {
        List<TypeFacts> out = new ArrayList<>();
        for (Element t : children(mdevTypes, "type")) {
            String id = attr(t, "id");
            Place at = place.within(" type " + id);
            String api = text(t, "deviceAPI");
            if (id == null || api == null) {
                warnings.add(ProblemCodes.IMPORT_LEFT_OUT, at, "type left out: it needs an id and a <deviceAPI>");
                continue;
            }
            if (!SysfsScanner.KNOWN_DEVICE_APIS.contains(api)) {
                warnings.add(ProblemCodes.IMPORT_UNKNOWN_DEVICE_API, at, "unknown device API '" + api + "'; kept as it is");
            }
            String count = text(t, "availableInstances");
            int available = 0;
            if (count == null) {
                warnings.add(ProblemCodes.IMPORT_MISSING, at, "no <availableInstances>; taken as 0 (listed, but no candidate)");
            } else {
                try {
                    available = Integer.parseInt(count);
                } catch (NumberFormatException e) {
                    available = -1;
                }
                if (available < 0) {
                    warnings.error(ProblemCodes.IMPORT_MALFORMED, at.at("/availableInstances"), "not a count of 0 or more: '" + count + "'");
                    continue;
                }
            }
            out.add(new TypeFacts(id, api, available, text(t, "name"), null, null, at));
        }
        return out;
    }

    private PciFacts pci(Element cap, String driver, Place place) {
        String address = address(text(cap, "domain"), text(cap, "bus"), text(cap, "slot"), text(cap, "function"));
        if (address == null) {
            warnings.error(ProblemCodes.IMPORT_MALFORMED, place, "a PCI device needs numeric <domain>, <bus>, <slot> and <function>");
            return null;
        }
        String vendor = PciFacts.hexId(attr(child(cap, "vendor"), "id"));
        String product = PciFacts.hexId(attr(child(cap, "product"), "id"));
        if (vendor == null || product == null) {
            warnings.error(ProblemCodes.IMPORT_MALFORMED, place, "a PCI device needs <vendor id='0x....'> and <product id='0x....'>");
            return null;
        }
        String physfn = null;
        Element pf = capability(cap, "phys_function");
        if (pf != null && child(pf, "address") != null) {
            Element a = child(pf, "address");
            physfn = address(attr(a, "domain"), attr(a, "bus"), attr(a, "slot"), attr(a, "function"));
        }
        return new PciFacts(address, vendor, product, null, null, driver, physfn);
    }

    private static Element capability(Element cap, String type) {
        return children(cap, "capability").stream().filter(c -> type.equals(attr(c, "type"))).findFirst().orElse(null);
    }

    /** A non-PCI parent's id as sysfs names it: {@code 0.0.0313} for a subchannel, {@code matrix} for AP. */
    private static String parentId(Element cap, String type, String name) {
        if ("css".equals(type)) {
            try {
                return Integer.decode(text(cap, "cssid")) + "." + Integer.decode(text(cap, "ssid")) + "."
                        + String.format("%04x", Integer.decode(text(cap, "devno")));
            } catch (RuntimeException e) {
                return idOfNodeName(name);
            }
        }
        return idOfNodeName(name);
    }

    /** {@code pci_0000_00_02_0} as {@code 0000:00:02.0}, {@code css_0_0_0313} as {@code 0.0.0313}, {@code ap_matrix} as {@code matrix}. */
    static String idOfNodeName(String name) {
        if (name == null) {
            return "unknown";
        }
        String[] p = name.split("_");
        if (name.startsWith("pci_") && p.length == 5) {
            return p[1] + ":" + p[2] + ":" + p[3] + "." + p[4];
        }
        if (name.startsWith("css_") && p.length == 4) {
            return p[1] + "." + p[2] + "." + p[3];
        }
        if (name.equals("ap_matrix")) {
            return "matrix";
        }
        return name;
    }

    /** {@code DDDD:BB:DD.F} from decimal or {@code 0x} hex parts; null when one is missing or not a number. */
    static String address(String domain, String bus, String slot, String function) {
        try {
            return String.format("%04x:%02x:%02x.%x", Integer.decode(domain), Integer.decode(bus), Integer.decode(slot),
                    Integer.decode(function));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
