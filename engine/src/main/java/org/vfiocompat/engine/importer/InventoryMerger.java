package org.vfiocompat.engine.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.inventory.InventoryJson;
import org.vfiocompat.engine.inventory.InventoryReader;
import org.vfiocompat.rules.DeviceKind;

/**
 * Many hosts' inventories into one fleet inventory. Each file must read on its own. A host
 * that appears in two files, or an mdev UUID that appears in two files (UUIDs are unique by
 * construction, so a repeat means two collections of the same host or a copied file), is an
 * error naming both files. PCI addresses repeat across hosts by nature and are fine.
 */
final class InventoryMerger {

    private InventoryMerger() {
    }

    static InventoryJson merge(List<Path> files) {
        List<Problem> problems = new ArrayList<>();
        List<InventoryJson.HostJson> hosts = new ArrayList<>();
        Map<String, String> fileOfHost = new HashMap<>();
        Map<String, String> fileOfMdev = new HashMap<>();
        for (Path file : files) {
            String name = file.toString();
            InventoryJson json;
            try {
                json = InventoryReader.readJson(file, name);
                InventoryReader.check(json, name);
            } catch (InvalidInventoryException e) {
                problems.addAll(e.problems());
                continue;
            }
            for (int h = 0; h < json.hosts().size(); h++) {
                InventoryJson.HostJson host = json.hosts().get(h);
                String other = fileOfHost.putIfAbsent(host.name(), name);
                if (other != null) {
                    problems.add(new Problem(ProblemCodes.INVENTORY_MERGE_CONFLICT, Location.pointer(name, "/hosts/" + h + "/name"), "host '" + host.name()
                            + "' is also in " + other));
                    continue;
                }
                hosts.add(host);
                for (int d = 0; d < host.devices().size(); d++) {
                    InventoryJson.DeviceJson device = host.devices().get(d);
                    if (device.kind() != DeviceKind.MDEV) {
                        continue;
                    }
                    String key = device.id().toLowerCase(java.util.Locale.ROOT);
                    String where = name + " (host " + host.name() + ")";
                    String first = fileOfMdev.putIfAbsent(key, where);
                    if (first != null) {
                        problems.add(new Problem(ProblemCodes.INVENTORY_MERGE_CONFLICT, Location.pointer(name, "/hosts/" + h + "/devices/" + d + "/id"), "mdev " + device.id()
                                + " on host " + host.name() + " is also in " + first));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInventoryException(problems);
        }
        return new InventoryJson(InventoryJson.CURRENT_VERSION, hosts);
    }
}
