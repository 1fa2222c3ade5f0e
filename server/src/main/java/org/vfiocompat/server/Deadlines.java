package org.vfiocompat.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-request deadline ({@link ServerLimits#requestTimeout()}): one watchdog thread looks at
 * the API requests in flight a few times a second and, for one past its deadline, answers the
 * client itself (504, {@code request.deadline-exceeded}) unless the request has begun its own
 * answer, and marks it expired so that its work stops at the next step it takes
 * ({@link Deadline#check()}). The request's thread is never interrupted: an interrupt could land
 * inside a pack evaluation and its verdict, which others share through the cache.
 *
 * <p>One answer a request, whoever gives it: the request and the watchdog both {@link Deadline#claim()}
 * the response and only the one that gets it writes.
 */
final class Deadlines implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);

    /** Why the work of a request stops: its deadline passed (the client has its answer, or a batch's last line says so). */
    static final class Exceeded extends RuntimeException {
        Exceeded() {
            super("the request's deadline passed", null, false, false);
        }
    }

    /** One request's deadline. */
    static final class Deadline {
        private static final int OPEN = 0;
        private static final int REQUEST = 1;
        private static final int WATCHDOG = 2;

        /** The deadline of a request that has none (probes, metrics, the OpenAPI document). */
        static final Deadline NONE = new Deadline(Long.MAX_VALUE, d -> { });

        private final long expiresAt;
        private final Consumer<Deadline> onExpiry;
        private final AtomicInteger answeredBy = new AtomicInteger(OPEN);
        private volatile boolean expired;

        private Deadline(long expiresAt, Consumer<Deadline> onExpiry) {
            this.expiresAt = expiresAt;
            this.onExpiry = onExpiry;
            if (expiresAt == Long.MAX_VALUE) {
                answeredBy.set(REQUEST);
            }
        }

        /**
         * Takes the response for the request's own answer: true when it may write it (now or
         * again), false when the watchdog answered it. A request that changes state (an
         * inventory replaced) claims first, so a client told 504 knows that nothing changed.
         */
        boolean claim() {
            return answeredBy.compareAndSet(OPEN, REQUEST) || answeredBy.get() == REQUEST;
        }

        /** Whether the deadline has passed. */
        boolean expired() {
            return expired;
        }

        /** Whether the watchdog gave the answer (504), so the request's own is dropped. */
        boolean answeredByWatchdog() {
            return answeredBy.get() == WATCHDOG;
        }

        /** Throws {@link Exceeded} once the deadline has passed: between the steps of a request's work. */
        void check() {
            if (expired) {
                throw new Exceeded();
            }
        }
    }

    private final long timeoutNanos;
    private final Set<Deadline> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;

    Deadlines(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vfio-compat-deadlines");
            t.setDaemon(true);
            return t;
        });
        // A tenth of the timeout, within 10 ms and 100 ms: an answer at most that late.
        long tick = Math.max(10, Math.min(100, timeout.toMillis() / 10));
        watchdog.scheduleWithFixedDelay(this::expire, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * A request starts now; {@code onExpiry} answers it with the 504 when its deadline passes
     * before it has claimed its response (it runs on the watchdog thread).
     */
    Deadline start(Consumer<Deadline> onExpiry) {
        Deadline d = new Deadline(System.nanoTime() + timeoutNanos, onExpiry);
        inFlight.add(d);
        return d;
    }

    /** The request has ended (answered, or its work stopped). */
    void end(Deadline d) {
        inFlight.remove(d);
    }

    private void expire() {
        long now = System.nanoTime();
        for (Deadline d : inFlight) {
            if (d.expired || now - d.expiresAt < 0) {
                continue;
            }
            d.expired = true;
            if (d.answeredBy.compareAndSet(Deadline.OPEN, Deadline.WATCHDOG)) {
                try {
                    d.onExpiry.accept(d);
                } catch (RuntimeException e) {
                    LOG.warn("answering a request past its deadline failed: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
