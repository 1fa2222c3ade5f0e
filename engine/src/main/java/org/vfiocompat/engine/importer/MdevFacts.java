package org.vfiocompat.engine.importer;

/**
 * An existing mdev.
 *
 * @param uuid             its UUID
 * @param parent           its parent's id
 * @param type             its type id
 * @param migrationVersion its driver's {@code migration_version}, or null
 * @param place            where it was read
 */
record MdevFacts(String uuid, String parent, String type, String migrationVersion, Place place) {
}
