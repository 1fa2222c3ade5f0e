package org.vfiocompat.engine.pack;

import java.time.Duration;
import java.util.List;
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
 * the thread is left to finish on its own as a daemon and its result is dropped.
 */
final class LoadDeadline {

    /** The system property that sets the deadline, in seconds. */
    static final String PROPERTY = "vfiocompat.packLoadDeadlineSeconds";
    /** Twice what the largest pack the build budget allows took to build on an idle machine. */
    static final Duration DEFAULT = Duration.ofSeconds(120);

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
     * Runs {@code step} (what it does, for the message) within what is left of the deadline and
     * returns its result; what it throws is thrown here, unchanged.
     *
     * @throws PackProblems with {@link ProblemCodes#PACK_LOAD_DEADLINE} when the deadline passes first
     */
    <T> T run(String step, Supplier<T> task) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        // The stack a main thread has (8 MiB): the generator recurses over deep expressions.
        Thread worker = new Thread(null, () -> {
            try {
                result[0] = task.get();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "vfio-compat-pack-build-" + packId, 8L << 20);
        worker.setDaemon(true);
        worker.start();
        try {
            long left = endNanos - System.nanoTime();
            if (left > 0) {
                worker.join(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            stop(worker);
            Thread.currentThread().interrupt();
            throw refusal(step, "was interrupted");
        }
        if (worker.isAlive()) {
            stop(worker);
            throw refusal(step, "did not finish within the load deadline of " + seconds(limit));
        }
        // join() orders the worker's writes before these reads.
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    private PackProblems refusal(String step, String what) {
        return new PackProblems(List.of(new Problem(ProblemCodes.PACK_LOAD_DEADLINE, Location.file(manifestName),
                "the pack's " + step + " " + what + "; the build was stopped and the pack refused")));
    }

    /** Interrupts the build, then stops it where Java still can; never throws. */
    @SuppressWarnings("deprecation")
    private static void stop(Thread worker) {
        worker.interrupt();
        try {
            worker.join(100);
            if (worker.isAlive()) {
                worker.stop();
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
