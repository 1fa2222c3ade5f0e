package org.vfiocompat.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one (re)load of the packs did. A pack that does not load is refused on its own: the others
 * make the new set, and {@link #refused()} lists it with why (a pack the engine already held
 * keeps its loaded version). A reload fails as a whole only when a location holds no pack or the
 * configuration does not fit the packs; a failed reload changes nothing: the engine goes on with
 * the pack set it had, the last good one, and {@link #problems()} say why.
 *
 * @param ok          whether the new pack set was swapped in
 * @param time        when the reload ended
 * @param generation  the pack set in use afterwards: 1 for the one {@code build()} loaded, one
 *                    more for each successful reload (unchanged by a failed one)
 * @param packDigests the digests of the packs in use afterwards, in load order
 * @param problems    why the reload failed, each naming pack, file and place; empty when ok
 * @param refused     the packs refused, in the set in use afterwards, each with why
 */
public record ReloadResult(boolean ok, Instant time, long generation, List<String> packDigests, List<Problem> problems,
                           List<RefusedPack> refused) {

    public ReloadResult {
        Objects.requireNonNull(time, "time");
        packDigests = List.copyOf(packDigests);
        problems = List.copyOf(problems);
        refused = List.copyOf(refused);
        if (ok != problems.isEmpty()) {
            throw new IllegalArgumentException("a reload is ok exactly when it has no problems");
        }
    }
}
