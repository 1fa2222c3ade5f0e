package org.vfiocompat.engine.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device that creates mdevs: a PCI GPU, or a non-PCI parent such as the s390 AP matrix or a
 * CCW subchannel.
 *
 * @param id     its id on the host: a PCI address, {@code matrix}, {@code 0.0.0313}
 * @param driver its driver, or null when the source does not tell
 * @param pci    its PCI facts, or null for a non-PCI parent or a source that does not tell
 * @param types  its mdev types
 * @param place  where it was read
 */
record ParentFacts(String id, String driver, PciFacts pci, List<TypeFacts> types, Place place) {

    ParentFacts {
        types = List.copyOf(types);
    }

    /** The parent's driver: as read, else the part of its type ids before the first dash (the mdev ABI's rule). */
    String driverOrFromTypes() {
        if (driver != null) {
            return driver;
        }
        return types.stream().map(TypeFacts::id).filter(t -> t.indexOf('-') > 0)
                .map(t -> t.substring(0, t.indexOf('-'))).findFirst().orElse(null);
    }

    /** The parent's model, the same from every source: {@code 8086:3e92} for PCI, else the driver. */
    String model() {
        if (pci != null && pci.vendor() != null && pci.device() != null) {
            return pci.vendor() + ":" + pci.device();
        }
        String d = driverOrFromTypes();
        return d == null ? "unknown" : d;
    }

    /** This parent with what {@code other} (the same parent read from another source) adds. */
    ParentFacts merge(ParentFacts other) {
        Map<String, TypeFacts> byId = new LinkedHashMap<>();
        types.forEach(t -> byId.put(t.id(), t));
        other.types.forEach(t -> byId.merge(t.id(), t, TypeFacts::merge));
        PciFacts mergedPci = pci == null ? other.pci : pci.merge(other.pci);
        return new ParentFacts(id, PciFacts.first(driver, other.driver), mergedPci, new ArrayList<>(byId.values()), place);
    }
}
