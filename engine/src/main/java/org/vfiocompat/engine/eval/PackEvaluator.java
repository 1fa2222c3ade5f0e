package org.vfiocompat.engine.eval;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;
import org.vfiocompat.rules.Source;
import org.vfiocompat.rules.Target;

/**
 * Evaluates pairs with one pack. Thread-safe: each evaluation borrows a stateful session from a
 * pool (creating a session costs far more than evaluating a pair), inserts the two profiles,
 * fires at most {@link #MAX_FIRINGS} rules, reads the findings, and empties the session again.
 * A session that threw is discarded, never reused.
 */
public final class PackEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(PackEvaluator.class);

    /** Rule firings allowed per evaluation; a pack that needs more is stopped and gets UNKNOWN. */
    public static final int MAX_FIRINGS = 1000;
    /** Facts a pack may insert per evaluation (its findings); more is stopped and gets UNKNOWN. */
    public static final int MAX_INSERTS = 200;

    private final LoadedPack pack;
    private final ConcurrentLinkedDeque<PooledSession> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final int maxIdle = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    public PackEvaluator(LoadedPack pack) {
        this.pack = pack;
    }

    public LoadedPack pack() {
        return pack;
    }

    /** The pack's verdict on moving {@code source}'s state to {@code target}. Never throws. */
    public Verdict evaluate(DeviceProfile source, DeviceProfile target) {
        String tooLarge = InputBounds.violation("source", source);
        if (tooLarge == null) {
            tooLarge = InputBounds.violation("target", target);
        }
        if (tooLarge != null) {
            return unknown("input refused: " + tooLarge);
        }
        PooledSession pooled = borrow();
        boolean healthy = false;
        try {
            EvaluationRecorder recorder = pooled.recorder;
            recorder.reset();
            KieSession session = pooled.session;
            session.insert(new Source(source));
            session.insert(new Target(target));
            int fired = session.fireAllRules(MAX_FIRINGS + 1);
            Verdict verdict;
            if (fired > MAX_FIRINGS) {
                verdict = unknown("pack stopped after " + MAX_FIRINGS + " rule firings for one pair");
            } else if (recorder.inserted() - 2 > MAX_INSERTS) {
                verdict = unknown("pack inserted more than " + MAX_INSERTS + " facts for one pair");
            } else {
                verdict = FindingCombiner.combine(pack, recorder.findings(), recorder.fired());
            }
            clear(session);
            healthy = true;
            return verdict;
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            // Anything a pack's code can throw on its own. Other VirtualMachineErrors
            // (OutOfMemoryError, InternalError) leave the JVM in doubt and are not swallowed.
            LOG.warn("pack {} failed on {} -> {}: {}", pack, source, target, e.toString());
            return unknown("pack failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
        } finally {
            release(pooled, healthy);
        }
    }

    private Verdict unknown(String why) {
        return Verdict.ofEngine(Level.UNKNOWN, Limit.OTHER, pack.vendor() + ": " + why, pack.id(), pack.version());
    }

    /**
     * Deletes every fact, lets the network process the deletions while firing nothing, and
     * clears the agenda: deleting can activate rules with {@code not} patterns, and those
     * activations must not fire in the next evaluation. (Clearing the agenda alone would also
     * drop the pending deletions and leave stale tuples in the network's memories.)
     */
    private static void clear(KieSession session) {
        Collection<FactHandle> handles = List.copyOf(session.getFactHandles());
        for (FactHandle handle : handles) {
            session.delete(handle);
        }
        session.fireAllRules(match -> false);
        session.getAgenda().clear();
    }

    private PooledSession borrow() {
        PooledSession s = idle.pollFirst();
        if (s != null) {
            idleCount.decrementAndGet();
            return s;
        }
        KieSession session = pack.kieBase().newKieSession();
        EvaluationRecorder recorder = new EvaluationRecorder();
        recorder.attachTo(session);
        return new PooledSession(session, recorder);
    }

    private void release(PooledSession s, boolean healthy) {
        if (healthy && idleCount.incrementAndGet() <= maxIdle) {
            idle.offerFirst(s);
            return;
        }
        if (healthy) {
            idleCount.decrementAndGet();
        }
        try {
            s.session.dispose();
        } catch (RuntimeException e) {
            LOG.debug("disposing a session of pack {} failed: {}", pack, e.toString());
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String t = nl < 0 ? s : s.substring(0, nl);
        return t.length() > 200 ? t.substring(0, 199) + "\u2026" : t;
    }

    private record PooledSession(KieSession session, EvaluationRecorder recorder) {
    }
}
