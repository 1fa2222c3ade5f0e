package org.vfiocompat.engine;

import java.util.Objects;
import org.vfiocompat.rules.DeviceProfile;

/**
 * An existing device of the fleet: where it is, what it is, and who uses it.
 *
 * @param host       the host it is on
 * @param id         its id on that host (PCI address, mdev UUID, ...)
 * @param profile    what packs see of it
 * @param parent     the mdev parent's id, {@code ""} for a PHYS device
 * @param assignedTo the VM it is assigned to, {@code ""} when free
 */
public record FleetDevice(String host, String id, DeviceProfile profile, String parent, String assignedTo) {

    public FleetDevice {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(assignedTo, "assignedTo");
    }

    /** Whether a VM uses it (so it is a source to evaluate, not a free target). */
    public boolean assigned() {
        return !assignedTo.isEmpty();
    }

    /** {@code host/id}. */
    public String ref() {
        return host + "/" + id;
    }

    /** This device as a candidate target. */
    public Candidate asCandidate() {
        return Candidate.existing(host, id, profile);
    }
}
