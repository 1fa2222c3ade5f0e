package org.vfiocompat.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one (re)load of the packs did. A failed reload changes nothing: the engine goes on with
 * the pack set it had, the last good one, and {@link #problems()} say why the new one was refused.
 *
 * @param ok          whether the new pack set was swapped in
 * @param time        when the reload ended
 * @param generation  the pack set in use afterwards: 1 for the one {@code build()} loaded, one
 *                    more for each successful reload (unchanged by a failed one)
 * @param packDigests the digests of the packs in use afterwards, in load order
 * @param problems    why the reload failed, each naming pack, file and place; empty when ok
 */
public record ReloadResult(boolean ok, Instant time, long generation, List<String> packDigests, List<Problem> problems) {

    public ReloadResult {
        Objects.requireNonNull(time, "time");
        packDigests = List.copyOf(packDigests);
        problems = List.copyOf(problems);
        if (ok != problems.isEmpty()) {
            throw new IllegalArgumentException("a reload is ok exactly when it has no problems");
        }
    }
}
