package org.vfiocompat.engine.importer;

import static org.vfiocompat.engine.importer.SafeXml.attr;
import static org.vfiocompat.engine.importer.SafeXml.child;
import static org.vfiocompat.engine.importer.SafeXml.children;
import static org.vfiocompat.engine.importer.SafeXml.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.ProblemCodes;
import org.w3c.dom.Element;

/**
 * Which device each VM uses. sysfs, mdevctl and libvirt node devices cannot tell (a vfio-pci
 * binding or an mdev says nothing about the VM that opened it), so it comes from libvirt domain
 * XML ({@code <hostdev>} with an mdev UUID or a PCI address) or from a plain list, one
 * {@code DEVICE VM} pair per line.
 */
final class AssignmentReader {

    private final Warnings warnings;
    /** Device id (mdev UUID or PCI address) to VM name. */
    private final Map<String, String> vmByDevice = new LinkedHashMap<>();
    private final Map<String, Place> placeByDevice = new LinkedHashMap<>();

    AssignmentReader(Warnings warnings) {
        this.warnings = warnings;
    }

    Map<String, String> map() {
        return vmByDevice;
    }

    /** A list: {@code <device id> <vm>} per line; blank lines and lines starting with # are skipped. */
    void readList(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            warnings.error(ProblemCodes.FILE_UNREADABLE, Place.of(file), "cannot be read: " + e.getMessage());
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            Place at = new Place(Location.line(file.toString(), i + 1));
            if (parts.length != 2) {
                warnings.error(ProblemCodes.IMPORT_MALFORMED, at, "expected '<device id> <vm>', got '" + line + "'");
                continue;
            }
            put(parts[0].toLowerCase(java.util.Locale.ROOT), parts[1], at);
        }
    }

    /** libvirt domain XML: a file or folder of {@code virsh dumpxml} output, one or many domains per file. */
    void readDomains(Path path) {
        for (Path file : SafeXml.files(path, warnings)) {
            for (Element domain : SafeXml.roots(file, warnings)) {
                String vm = text(domain, "name");
                Place at = new Place(Location.part(file.toString(), "domain " + vm));
                if (!domain.getTagName().equals("domain") || vm == null) {
                    warnings.error(ProblemCodes.IMPORT_MALFORMED, at, "expected <domain> with a <name>");
                    continue;
                }
                Element devices = child(domain, "devices");
                for (Element hostdev : devices == null ? List.<Element>of() : children(devices, "hostdev")) {
                    Element address = child(child(hostdev, "source") == null ? hostdev : child(hostdev, "source"), "address");
                    String type = attr(hostdev, "type");
                    if ("mdev".equals(type) && attr(address, "uuid") != null) {
                        put(attr(address, "uuid").toLowerCase(java.util.Locale.ROOT), vm, at);
                    } else if ("pci".equals(type) && address != null) {
                        String pci = NodedevReader.address(attr(address, "domain"), attr(address, "bus"),
                                attr(address, "slot"), attr(address, "function"));
                        if (pci == null) {
                            warnings.error(ProblemCodes.IMPORT_MALFORMED, at, "a PCI <hostdev> needs an <address> with domain, bus, slot and function");
                        } else {
                            put(pci, vm, at);
                        }
                    }
                }
            }
        }
    }

    private void put(String device, String vm, Place at) {
        String other = vmByDevice.putIfAbsent(device, vm);
        if (other != null && !other.equals(vm)) {
            warnings.error(ProblemCodes.IMPORT_CONFLICT, at, "device " + device + " is assigned to " + vm + " here and to " + other + " at "
                    + placeByDevice.get(device).describe());
        }
        placeByDevice.putIfAbsent(device, at);
    }
}
