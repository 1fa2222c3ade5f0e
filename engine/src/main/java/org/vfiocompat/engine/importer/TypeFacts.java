package org.vfiocompat.engine.importer;

/**
 * One mdev type of a parent, as read from a source.
 *
 * @param id                 the type id, the folder name under {@code mdev_supported_types}
 * @param deviceApi          its {@code device_api}
 * @param availableInstances its {@code available_instances}
 * @param name               its {@code name}, or null
 * @param description        its {@code description}, or null
 * @param migrationVersion   its driver's {@code migration_version}, or null
 * @param place              where it was read
 */
record TypeFacts(String id, String deviceApi, int availableInstances, String name, String description,
                 String migrationVersion, Place place) {

    /** This type with the gaps filled from {@code other}, the same type read from another source. */
    TypeFacts merge(TypeFacts other) {
        return new TypeFacts(id, deviceApi, availableInstances, PciFacts.first(name, other.name),
                PciFacts.first(description, other.description),
                PciFacts.first(migrationVersion, other.migrationVersion), place);
    }
}
