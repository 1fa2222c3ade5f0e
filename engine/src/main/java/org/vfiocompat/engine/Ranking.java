package org.vfiocompat.engine;

import java.util.List;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The answer to "where can this device go": compatible targets best first, and every other
 * candidate with the reason it was refused.
 *
 * @param source     the profile that would move
 * @param compatible LIVE then COLD targets; within a level by the pack's score, highest first;
 *                   ties by host and id, so the order is the same on every run
 * @param refused    NONE and UNKNOWN candidates, by host and id
 */
public record Ranking(DeviceProfile source, List<RankedTarget> compatible, List<RankedTarget> refused) {

    public Ranking {
        compatible = List.copyOf(compatible);
        refused = List.copyOf(refused);
    }

    /** Whether the device has nowhere to go. */
    public boolean stranded() {
        return compatible.isEmpty();
    }
}
