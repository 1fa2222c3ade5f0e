package org.vfiocompat.planner;

import java.util.Objects;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.Verdict;

/**
 * One device of a moving VM and the place it takes.
 *
 * @param device  the device, {@code host/id}
 * @param target  an existing free device {@code host/id}, or a type to create {@code host/parent/type}
 * @param kind    whether the target exists or is created for the move
 * @param verdict the engine's verdict for the pair
 */
public record DeviceMove(String device, String target, CandidateKind kind, Verdict verdict) {

    public DeviceMove {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(verdict, "verdict");
    }
}
