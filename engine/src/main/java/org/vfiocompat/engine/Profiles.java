package org.vfiocompat.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.engine.json.ProfileJson;
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
        ProfileJson p = JsonInput.read(json.getBytes(StandardCharsets.UTF_8), name, ProfileJson.class,
                InvalidInventoryException::new);
        List<Problem> problems = p.check(name, "");
        if (!problems.isEmpty()) {
            throw new InvalidInventoryException(problems);
        }
        return p.toProfile();
    }
}
