package org.vfiocompat.engine.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Everything one or more sources said about one host, before any pack has a say. Sources that
 * describe the same host (mdevctl and libvirt, say) are merged: a parent both mention keeps the
 * facts of both.
 */
final class HostFacts {

    final Map<String, ParentFacts> parents = new LinkedHashMap<>();
    final Map<String, MdevFacts> mdevs = new LinkedHashMap<>();
    final Map<String, PhysFacts> functions = new LinkedHashMap<>();
    /** The version of a kernel module ({@code module.NAME} placeholders), or null when unknown. */
    Function<String, String> moduleVersion = name -> null;
    /** Where module versions are looked up, for warnings; null when the source has none. */
    String modulesPlace;
    /** The host's software (kernel, QEMU, libvirt, OS), or null when no source told. */
    org.vfiocompat.engine.inventory.InventoryJson.SoftwareJson software;
    /**
     * Tool facts for profiles' attributes, by device id (an mdev UUID, a PCI address) or parent id;
     * a parent's go to its types and its mdevs too.
     */
    final Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
    /** Whether a device no loaded pack owns is worth a warning (collecting from tools' output). */
    boolean warnUnowned;

    void addParent(ParentFacts parent) {
        parents.merge(parent.id(), parent, ParentFacts::merge);
    }

    void addMdev(MdevFacts mdev, Warnings warnings) {
        MdevFacts old = mdevs.putIfAbsent(mdev.uuid(), mdev);
        if (old != null && !old.equals(mdev) && !(old.parent().equals(mdev.parent()) && old.type().equals(mdev.type()))) {
            warnings.add(ProblemCodes.IMPORT_CONFLICT, mdev.place(), "mdev " + mdev.uuid() + " is also described at " + old.place().describe() + " with another parent or type; the first description is kept");
        }
    }

    void addFunction(PhysFacts f) {
        functions.merge(f.pci().address(), f, (a, b) -> new PhysFacts(a.pci().merge(b.pci()),
                PciFacts.first(a.migrationVersion(), b.migrationVersion()), a.place(),
                a.sysfs().isEmpty() ? b.sysfs() : a.sysfs()));
        f.sysfs().forEach((k, v) -> attribute(f.pci().address(), k, v));
    }

    /** Adds tool fact {@code key} to device or parent {@code id}; a null value is no fact. */
    void attribute(String id, String key, String value) {
        if (value != null) {
            attributes.computeIfAbsent(id, k -> new java.util.TreeMap<>()).putIfAbsent(key, value);
        }
    }

    List<ParentFacts> parentList() {
        return new ArrayList<>(parents.values());
    }
}
