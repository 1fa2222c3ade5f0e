/**
 * Inventories from what hosts expose: sysfs, mdevctl JSON and libvirt node-device XML, assignments from domain XML, and recorded
 * tool output (nvidia-smi, devlink, lspci, uname, os-release, virsh version); merging host inventories into a fleet.
 */
package org.vfiocompat.engine.importer;
