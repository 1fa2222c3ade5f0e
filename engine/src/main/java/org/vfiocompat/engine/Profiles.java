package org.vfiocompat.engine;

import org.vfiocompat.rules.DeviceProfile;

/**
 * Reads one device profile written as JSON, in the form test vectors and inventories use
 * ({@code kind}, {@code deviceApi}, {@code migrationType}, {@code migrationVersion}, optional
 * {@code attributes} and {@code parentModel}): for judging a pair that is in no inventory.
 */
public final class Profiles {

    private Profiles() {
    }

    /**
     * The profile in {@code json}, read strictly.
     *
     * @param name how errors name the input, e.g. the file or {@code --source-profile}
     * @throws InvalidInventoryException naming the JSON pointer of every problem
     */
    public static DeviceProfile read(String json, String name) {
        java.util.Objects.requireNonNull(json, "json");
        java.util.Objects.requireNonNull(name, "name");
        return Implementation.provider().readProfile(json, name);
    }
}
