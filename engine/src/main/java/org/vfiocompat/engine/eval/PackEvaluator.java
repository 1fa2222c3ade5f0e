package org.vfiocompat.engine.eval;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.FailureReason;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.TypeCompatibility;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;
import org.vfiocompat.rules.Source;
import org.vfiocompat.rules.TableRow;
import org.vfiocompat.rules.Target;

/**
 * Evaluates pairs with one pack. Thread-safe: each evaluation borrows a stateful session from a
 * pool (creating a session costs far more than evaluating a pair), inserts the two profiles,
 * fires at most {@link EvaluationLimits#maxFiringsPerPair()} rules, reads the findings, and empties the session
 * again. A session that threw or broke a bound is discarded, never reused. A pack that breaks a
 * bound gets UNKNOWN for the pair; after {@link EvaluationLimits#quarantineAfter()} such events it is
 * quarantined: it gets UNKNOWN for every pair without running, and other packs go on.
 */
public final class PackEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(PackEvaluator.class);

    private final LoadedPack pack;
    private final EvaluationLimits limits;
    private final AtomicInteger violations = new AtomicInteger();
    private volatile String quarantineReason;
    private final ConcurrentLinkedDeque<PooledSession> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final int maxIdle = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    public PackEvaluator(LoadedPack pack, EvaluationLimits limits) {
        if (!pack.hasKieBase()) {
            throw new IllegalArgumentException("pack " + pack + " was loaded for a worker JVM, without its KieBase");
        }
        this.pack = pack;
        this.limits = limits;
    }

    /** Why the pack is quarantined, or null while it is active. */
    public java.util.Optional<String> quarantineReason() {
        return java.util.Optional.ofNullable(quarantineReason);
    }

    public LoadedPack pack() {
        return pack;
    }

    /** The pack's verdict on moving {@code source}'s state to an existing {@code target}. Never throws. */
    public Verdict evaluate(DeviceProfile source, DeviceProfile target) {
        return evaluate(source, target, false);
    }

    /**
     * The pack's verdict on moving {@code source}'s state to {@code target}, an existing device
     * or (when {@code targetCreatable}) a configuration a parent can still create, as the
     * {@code Target} fact tells the rules. Never throws.
     */
    public Verdict evaluate(DeviceProfile source, DeviceProfile target, boolean targetCreatable) {
        String quarantined = quarantineReason;
        if (quarantined != null) {
            return unknown("pack is quarantined: " + quarantined);
        }
        String tooLarge = InputBounds.violation("source", source);
        if (tooLarge == null) {
            tooLarge = InputBounds.violation("target", target);
        }
        if (tooLarge != null) {
            return unknown("input refused: " + tooLarge);
        }
        PooledSession pooled = borrow();
        boolean healthy = false;
        Watchdog.Ticket ticket = Watchdog.INSTANCE.start(pooled.session, limits.deadline().toNanos());
        try {
            EvaluationRecorder recorder = pooled.recorder;
            recorder.reset();
            KieSession session = pooled.session;
            if (!pooled.tablesInserted) {
                insertTableRows(session);
                pooled.tablesInserted = true;
            }
            // Inserting runs constraints, so it belongs inside the watched part too.
            session.insert(new Source(source));
            session.insert(new Target(target, targetCreatable));
            int fired = session.fireAllRules(limits.maxFiringsPerPair() + 1);
            String violation = recorder.violation();
            if (violation == null && fired > limits.maxFiringsPerPair()) {
                violation = "pack stopped after " + limits.maxFiringsPerPair() + " rule firings for one pair";
            }
            if (violation == null && (ticket.overran || System.nanoTime() - ticket.deadlineNanos > 0)) {
                violation = "pack ran past its deadline of " + limits.deadline().toMillis() + " ms for one pair";
            }
            Verdict verdict = violation != null ? violated(violation)
                    : bindDeclaredTypes(FindingCombiner.combine(pack, recorder.findings(), recorder.fired()), source, target);
            clear(session);
            healthy = violation == null;
            return verdict;
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            String broken = pooled.recorder.violation();
            if (broken != null) {
                // The recorder stopped the pack at the operation that broke a bound (it throws
                // out of the consequence, wrapped by Drools): a violation, not a failure.
                return violated(broken);
            }
            // Anything a pack's code can throw on its own.
            LOG.warn("pack {} failed on {} -> {}: {}", pack, source, target, e.toString());
            return unknown(FailureReason.of(e));
        } catch (OutOfMemoryError e) {
            // The heap ran out during this pack's evaluation. What it grew is reachable only from
            // this session, which is discarded below, so the memory comes back; the pack counts
            // a violation, and other packs and requests go on. (Another thread's allocation may
            // be what failed while a pack filled the heap; that thread's evaluation is answered
            // UNKNOWN too, which is the price of not dying.)
            return violated("pack ran out of memory (" + e.getMessage() + ") while evaluating one pair");
        } finally {
            Watchdog.INSTANCE.finish(ticket);
            release(pooled, healthy);
        }
    }

    /**
     * The pack's own declaration of which types can ever be compatible wins over its rules, so
     * that a batch skipping such pairs unseen and a check evaluating them always agree.
     */
    private Verdict bindDeclaredTypes(Verdict verdict, DeviceProfile source, DeviceProfile target) {
        String s = source.getMigrationType();
        String t = target.getMigrationType();
        if (!verdict.compatible() || pack.types().mayBeCompatible(s, t)) {
            return verdict;
        }
        LOG.warn("pack {} found {} -> {} {} though its manifest declares the types never compatible; answering NONE",
                pack, s, t, verdict.level());
        return new Verdict(Level.NONE, java.util.Optional.of(Limit.TYPE), 0, TypeCompatibility.contradiction(pack.vendor(), pack.id(), s, t),
                pack.id(), pack.version(), verdict.rules(), verdict.firedRules(), verdict.packDigest());
    }

    /** A broken bound: UNKNOWN for this pair, and one step closer to quarantine. */
    private Verdict violated(String why) {
        int count = violations.incrementAndGet();
        if (count >= limits.quarantineAfter() && quarantineReason == null) {
            quarantineReason = count + " bound violations, the last: " + why;
            LOG.warn("pack {} quarantined: {}", pack, quarantineReason);
        }
        return unknown(why);
    }

    private Verdict unknown(String why) {
        return Verdict.ofEngine(Level.UNKNOWN, Limit.OTHER, pack.vendor() + ": " + why, pack.id(), pack.version(), pack.digest());
    }

    /**
     * Inserts the pack's table rows into a new session, once: rows are the same for every pair,
     * so re-inserting them per pair would only repeat the work of joining them. Inserting runs
     * the pack's constraints on them, so it happens in the watched part of an evaluation. Then,
     * as after every evaluation, nothing fires and the agenda is emptied: a rule that matches rows
     * alone would otherwise fire in the first evaluation of each session and in no other, and a
     * verdict must not depend on which pooled session computed it.
     */
    private void insertTableRows(KieSession session) {
        for (TableRow row : pack.tableRows()) {
            session.insert(row);
        }
        session.fireAllRules(match -> false);
        session.getAgenda().clear();
    }

    /**
     * Deletes every fact of the evaluation (Source, Target, the findings) but not the table rows,
     * which stay for the session's life (see {@link #insertTableRows}; a rule that deleted one
     * has already made this session unhealthy, so it is never reused). Then lets the network
     * process the deletions while firing nothing, and clears the agenda: deleting can activate
     * rules with {@code not} patterns, and those activations must not fire in the next
     * evaluation. (Clearing the agenda alone would also drop the pending deletions and leave
     * stale tuples in the network's memories.)
     */
    private static void clear(KieSession session) {
        Collection<FactHandle> handles = List.copyOf(session.getFactHandles(o -> !(o instanceof TableRow)));
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
        EvaluationRecorder recorder = new EvaluationRecorder(limits.maxFindingsPerPair());
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

    /** A session, its recorder, and whether the pack's table rows are in it yet. */
    private static final class PooledSession {
        final KieSession session;
        final EvaluationRecorder recorder;
        /** Set once the rows are in; read and written only by the thread that borrowed the session. */
        boolean tablesInserted;

        PooledSession(KieSession session, EvaluationRecorder recorder) {
            this.session = session;
            this.recorder = recorder;
        }
    }
}
