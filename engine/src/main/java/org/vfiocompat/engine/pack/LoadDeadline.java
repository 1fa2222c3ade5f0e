package org.vfiocompat.engine.pack;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * The wall-clock bound on building one pack: its executable-model compile and the creation of
 * its KieBase, the two steps whose cost a pack's content decides. Each runs on a thread of its
 * own; the caller (a reload holding the engine's reload lock, {@code pack verify}, {@code pack
 * lint}, {@code packs}) waits at most until the deadline and then refuses the pack with
 * {@link ProblemCodes#PACK_LOAD_DEADLINE}, so no build can hold a command or the reload lock for
 * ever (issue 13, class 1).
 *
 * <p>The bytecode checks already make the pack's own code at build time straight-line and bounded
 * (no salience expression, no constant {@code from} source, no lambda, no call of the DSL from
 * pack code), so this is the line behind them, as the watchdog is at evaluation time. A build
 * past its deadline is interrupted and then stopped with {@code Thread.stop()}, which Java 17
 * still delivers (the thread unwinds and releases its locks); on a JVM that no longer supports it
 * the thread is left to finish on its own as a daemon, and what it builds then is handed to the
 * caller's {@code abandoned} action instead of being used: a build registers itself in Drools'
 * global KieRepository as it finishes, and a long-running server must not keep what it refused.
 */
final class LoadDeadline {

    /** The system property that sets the deadline, in seconds. */
    static final String PROPERTY = "vfiocompat.packLoadDeadlineSeconds";
    /** Twice what the largest pack the build budget allows took to build on an idle machine. */
    static final Duration DEFAULT = Duration.ofSeconds(120);
    /** How long a stopped build may take to unwind before the refusal is returned anyway. */
    private static final long STOP_WAIT_MILLIS = 2_000;

    private final String packId;
    private final String manifestName;
    private final long endNanos;
    private final Duration limit;

    private LoadDeadline(String packId, String manifestName, Duration limit) {
        this.packId = packId;
        this.manifestName = manifestName;
        this.limit = limit;
        this.endNanos = System.nanoTime() + limit.toNanos();
    }

    /** The deadline for building one pack, starting now. */
    static LoadDeadline start(String packId, String manifestName) {
        return new LoadDeadline(packId, manifestName, configured());
    }

    /** The configured limit: the system property when it holds a positive number of seconds, else the default. */
    static Duration configured() {
        String value = System.getProperty(PROPERTY);
        if (value != null) {
            try {
                double seconds = Double.parseDouble(value.trim());
                if (seconds > 0 && seconds < 86_400) {
                    return Duration.ofMillis((long) (seconds * 1000));
                }
            } catch (NumberFormatException e) {
                // Not a number: the default applies, as for a missing property.
            }
        }
        return DEFAULT;
    }

    /**
     * Whether a build past its deadline is stopped with {@code Thread.stop()}. Tests set it false
     * to take the path of a JVM without {@code Thread.stop()} (Java 20 and later), where the
     * build runs on to its end after the refusal.
     */
    static volatile boolean stopsThreads = true;

    /** As {@link #run(String, Supplier, Consumer)} for a step whose late result needs no undoing. */
    <T> T run(String step, Supplier<T> task) {
        return run(step, task, late -> { });
    }

    /**
     * Runs {@code step} (what it does, for the message) within what is left of the deadline and
     * returns its result; what it throws is thrown here, unchanged. When the deadline passes
     * first, {@code abandoned} is called once the task has ended, however it ended: with the
     * result it still produced (it was not stopped in time, or this JVM cannot stop threads), or
     * with null (it was stopped, or failed). It runs on the task's thread as the task ends, which
     * for a task stopped on Java 17 is before the refusal is thrown (the caller waits for the
     * stopped thread to unwind): so what a refused build left behind is undone, even when it
     * finishes minutes after its refusal.
     *
     * @throws PackProblems with {@link ProblemCodes#PACK_LOAD_DEADLINE} when the deadline passes first
     */
    <T> T run(String step, Supplier<T> task, Consumer<? super T> abandoned) {
        Outcome<T> outcome = new Outcome<>(abandoned);
        // The stack a main thread has (8 MiB): the generator recurses over deep expressions.
        Thread worker = new Thread(null, () -> {
            T value = null;
            Throwable thrown = null;
            try {
                value = task.get();
            } catch (Throwable t) {
                thrown = t;
            }
            outcome.finished(value, thrown);
        }, "vfio-compat-pack-build-" + packId, 8L << 20);
        worker.setDaemon(true);
        worker.start();
        try {
            long left = endNanos - System.nanoTime();
            if (left > 0) {
                worker.join(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            outcome.giveUp();
            stop(worker);
            Thread.currentThread().interrupt();
            throw refusal(step, "was interrupted");
        }
        if (outcome.abandon()) {
            stop(worker);
            throw refusal(step, "did not finish within the load deadline of " + seconds(limit));
        }
        return outcome.get();
    }

    /**
     * What the task came to, shared by the caller and the task's thread: whichever of "the task
     * finished" and "the caller gave up" comes first decides, under this object's lock, whether
     * the result is the caller's or goes to the abandoned action.
     */
    private static final class Outcome<T> {
        private final Consumer<? super T> abandoned;
        private boolean finished;
        private boolean givenUp;
        private T result;
        private Throwable failure;

        Outcome(Consumer<? super T> abandoned) {
            this.abandoned = abandoned;
        }

        /** The task's end, on its thread: a result nobody waits for any more is handed on. */
        void finished(T value, Throwable thrown) {
            boolean late;
            synchronized (this) {
                finished = true;
                result = value;
                failure = thrown;
                late = givenUp;
            }
            if (late) {
                abandoned.accept(value);
            }
        }

        /**
         * The caller gives up; false when the task has finished meanwhile (its result is used
         * after all). From here on the task's end calls the abandoned action.
         */
        boolean abandon() {
            synchronized (this) {
                if (finished) {
                    return false;
                }
                givenUp = true;
            }
            return true;
        }

        /** The caller gives up whether or not the task has finished: a result it has is handed on now. */
        void giveUp() {
            if (!abandon()) {
                T value;
                synchronized (this) {
                    value = result;
                }
                abandoned.accept(value);
            }
        }

        /** The finished task's result, or what it threw, thrown unchanged. */
        synchronized T get() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return result;
        }
    }

    private PackProblems refusal(String step, String what) {
        return new PackProblems(List.of(new Problem(ProblemCodes.PACK_LOAD_DEADLINE, Location.file(manifestName),
                "the pack's " + step + " " + what + "; the build was stopped and the pack refused")));
    }

    /**
     * Interrupts the build, then stops it where Java still can and waits a moment for it to
     * unwind, so that on Java 17 whatever it undoes on its way out is undone before the caller
     * (holding the reload lock) goes on; never throws.
     */
    @SuppressWarnings("deprecation")
    private static void stop(Thread worker) {
        worker.interrupt();
        try {
            worker.join(100);
            if (worker.isAlive() && stopsThreads) {
                worker.stop();
                worker.join(STOP_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UnsupportedOperationException | SecurityException e) {
            // Java 20 and later: nothing stops a thread; it finishes as a daemon and is ignored.
        }
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
