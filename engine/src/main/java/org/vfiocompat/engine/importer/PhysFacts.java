package org.vfiocompat.engine.importer;

/**
 * A PCI function bound to vfio-pci or a vfio-pci variant driver.
 *
 * @param pci              its PCI facts
 * @param migrationVersion its driver's {@code migration_version}, or null
 * @param place            where it was read
 * @param sysfs            facts a pack's derive step may read as {@code attr.sysfs.*}: the
 *                         function's revision, its physical function's device, revision, driver,
 *                         VF count and configuration ({@code sysfs.physfn.qat.cfg_services},
 *                         {@code sysfs.physfn.pf_q_num}), an NVIDIA VF's configured vGPU type
 */
record PhysFacts(PciFacts pci, String migrationVersion, Place place, java.util.Map<String, String> sysfs) {

    PhysFacts {
        sysfs = sysfs == null ? java.util.Map.of() : java.util.Map.copyOf(sysfs);
    }

    /** A function with no sysfs facts beyond its PCI ones (a source other than sysfs). */
    PhysFacts(PciFacts pci, String migrationVersion, Place place) {
        this(pci, migrationVersion, place, null);
    }
}
