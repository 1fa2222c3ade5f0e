package org.vfiocompat.engine.isolation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.rules.DeviceProfile;

/** One pack's verdicts, wherever its code runs. Never throws from {@link #evaluate}. */
public interface PairJudge extends AutoCloseable {

    LoadedPack pack();

    /** Why the pack is quarantined, or empty while it is active. */
    Optional<String> quarantineReason();

    /**
     * Why the pack was refused where it runs, after the engine loaded it: a worker JVM that could
     * not load it (its KieBase creation or the model check failed there, or the pack changed on
     * disk). Every pair of such a pack is UNKNOWN naming the refusal. Empty while it serves.
     */
    default Optional<org.vfiocompat.engine.RefusedPack> refusal() {
        return Optional.empty();
    }

    /** The pack's verdict on moving {@code source}'s state to {@code target} (a creatable configuration when {@code creatable}). */
    Verdict evaluate(DeviceProfile source, DeviceProfile target, boolean creatable);

    /**
     * The verdicts on {@code pairs}, in their order, as {@link #evaluate} would give them one by
     * one. A judge whose pairs cross a process boundary sends them in bulk; the default asks one
     * at a time.
     */
    default List<Verdict> evaluateAll(List<Pair> pairs) {
        List<Verdict> out = new ArrayList<>(pairs.size());
        for (Pair p : pairs) {
            out.add(evaluate(p.source(), p.target(), p.creatable()));
        }
        return out;
    }

    /**
     * Whether a caller that knows many pairs ahead (a batch, a ranking) should hand them over
     * through {@link #evaluateAll}: true where one message per pair would cost more than the
     * evaluation (a worker process); false where asking one at a time is as cheap and runs on the
     * caller's threads.
     */
    default boolean prefersBulk() {
        return false;
    }

    /**
     * Pairs are coming: starts, in the background, what evaluating them needs and has not
     * started (a worker process, and its pack load there). Returns at once; changes no verdict.
     */
    default void prepare() {
    }

    /**
     * Gets ready to answer without a start-up wait: a worker judge starts its worker JVM and has
     * it load the pack. A reload does this for the new set's judges before it swaps the set in,
     * so the old set answers meanwhile. Whatever fails here is left to the first evaluation,
     * which starts the worker again and reports it; a refusal is the pack's refusal as ever.
     */
    default void warm() {
    }

    /** Ends whatever the judge runs on (a worker process); a later {@link #evaluate} may start it again. */
    @Override
    void close();
}
