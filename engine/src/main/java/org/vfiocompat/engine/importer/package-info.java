/**
 * Inventories from what hosts expose: sysfs, mdevctl JSON and libvirt node-device XML, assignments from domain XML; merging host inventories into a fleet.
 */
package org.vfiocompat.engine.importer;
