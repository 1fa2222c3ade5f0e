package org.vfiocompat.engine;

import java.util.Objects;
import org.vfiocompat.rules.DeviceProfile;

/**
 * A place a VM's device could move to.
 *
 * @param host     the host it is on
 * @param id       the device id (PCI address, mdev UUID) for an existing device; for a creatable
 *                 one {@code <parent id>/<type>}
 * @param kind     existing device or creatable configuration
 * @param profile  what the target would be
 * @param capacity how many more of it can be created (1 for an existing device)
 */
public record Candidate(String host, String id, CandidateKind kind, DeviceProfile profile, int capacity) {

    public Candidate {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(profile, "profile");
        if (capacity < 1) {
            throw new IllegalArgumentException("a candidate needs capacity >= 1, got " + capacity);
        }
    }

    /** An existing device. */
    public static Candidate existing(String host, String id, DeviceProfile profile) {
        return new Candidate(host, id, CandidateKind.EXISTING, profile, 1);
    }

    /** A type {@code parentId} can still create {@code capacity} instances of. */
    public static Candidate creatable(String host, String parentId, DeviceProfile profile, int capacity) {
        return new Candidate(host, parentId + "/" + profile.getMigrationType(), CandidateKind.CREATABLE, profile, capacity);
    }

    /** {@code host/id}: how the CLI and the outputs name a candidate. */
    public String ref() {
        return host + "/" + id;
    }
}
