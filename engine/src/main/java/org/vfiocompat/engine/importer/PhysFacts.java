package org.vfiocompat.engine.importer;

/**
 * A PCI function bound to vfio-pci or a vfio-pci variant driver.
 *
 * @param pci              its PCI facts
 * @param migrationVersion its driver's {@code migration_version}, or null
 * @param place            where it was read
 */
record PhysFacts(PciFacts pci, String migrationVersion, Place place) {
}
