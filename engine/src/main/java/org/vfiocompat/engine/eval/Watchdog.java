package org.vfiocompat.engine.eval;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kie.api.runtime.KieSession;

/**
 * The last line of defence: one daemon thread that looks at the evaluations in flight every few
 * milliseconds and halts a session that runs past its deadline. Halting stops the session
 * between firings; a JVM cannot stop a thread stuck inside one method (Thread.stop is gone
 * from Java 20 on), which is why the bytecode checks refuse loops and recursion: pack code
 * cannot get stuck in one method, so halting between firings is enough.
 */
final class Watchdog {

    /** One evaluation in flight. */
    static final class Ticket {
        final KieSession session;
        final long deadlineNanos;
        volatile boolean overran;

        Ticket(KieSession session, long deadlineNanos) {
            this.session = session;
            this.deadlineNanos = deadlineNanos;
        }
    }

    static final Watchdog INSTANCE = new Watchdog();
    private static final long PERIOD_MILLIS = 20;

    private final Map<Ticket, Boolean> inFlight = new ConcurrentHashMap<>();

    private Watchdog() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vfio-compat-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    Ticket start(KieSession session, long deadlineNanos) {
        Ticket t = new Ticket(session, System.nanoTime() + deadlineNanos);
        inFlight.put(t, Boolean.TRUE);
        return t;
    }

    void finish(Ticket t) {
        inFlight.remove(t);
    }

    /**
     * One sweep, which never throws: a scheduled task that throws is never run again, and a
     * watchdog that stopped once (an OutOfMemoryError while a pack filled the heap) would leave
     * every later evaluation unwatched for the life of the JVM.
     */
    private void sweep() {
        try {
            sweepOnce();
        } catch (Throwable t) {
            // See above. Nothing is safe to do here (the heap may be full): the next sweep
            // comes PERIOD_MILLIS later and retries.
        }
    }

    private void sweepOnce() {
        long now = System.nanoTime();
        for (Ticket t : inFlight.keySet()) {
            if (!t.overran && now - t.deadlineNanos > 0) {
                t.overran = true;
                try {
                    t.session.halt();
                } catch (Throwable ignored) {
                    // The session may be finishing at the same moment, or the heap be full; the
                    // overrun is recorded either way, and the other tickets are still swept.
                }
            }
        }
    }
}
