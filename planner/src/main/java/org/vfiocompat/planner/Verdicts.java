package org.vfiocompat.planner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The engine's verdicts as the planner asks for them: once per distinct (source profile, target
 * profile, target kind) in a planner run, on top of the engine's own verdict cache. A fleet of
 * thousands of hosts has a few hundred distinct profiles, so the model's size never turns into
 * pack evaluations.
 */
final class Verdicts {

    private record Key(DeviceProfile source, DeviceProfile target, CandidateKind kind) {
    }

    private final CompatibilityEngine engine;
    private final Map<Key, Verdict> known = new HashMap<>();

    Verdicts(CompatibilityEngine engine) {
        this.engine = engine;
    }

    Verdict of(DeviceProfile source, SlotGroup target) {
        return of(source, target.profile(), target.kind());
    }

    Verdict of(DeviceProfile source, DeviceProfile target, CandidateKind kind) {
        return known.computeIfAbsent(new Key(source, target, kind), k -> engine.check(k.source(), k.target(), k.kind()));
    }

    /** How many distinct pairs were asked for. */
    int distinct() {
        return known.size();
    }

    /** The first group of {@code groups} whose verdict is compatible, or -1. */
    int firstCompatible(DeviceProfile source, List<SlotGroup> groups) {
        for (SlotGroup g : groups) {
            if (of(source, g).compatible()) {
                return g.index();
            }
        }
        return -1;
    }
}
