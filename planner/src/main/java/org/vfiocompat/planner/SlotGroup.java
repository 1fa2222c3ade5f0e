package org.vfiocompat.planner;

import java.util.List;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Interchangeable places on one host for one VM device each: the host's free existing devices of
 * one profile (capacity = how many), or one creatable type of one parent (capacity = its
 * {@code availableInstances}, further bound by the parent's {@link ParentPool}).
 *
 * @param index     position in the host's offer
 * @param kind      existing devices or a creatable type
 * @param profile   what packs see of each place
 * @param capacity  how many VM devices it can take at most
 * @param pool      index of the parent pool in the offer for a creatable type, -1 for existing devices
 * @param targetIds for existing devices their ids, sorted (taken in this order); for a creatable
 *                  type its one candidate id {@code parent/type}
 */
record SlotGroup(int index, CandidateKind kind, DeviceProfile profile, int capacity, int pool, List<String> targetIds) {

    SlotGroup {
        targetIds = List.copyOf(targetIds);
    }
}
