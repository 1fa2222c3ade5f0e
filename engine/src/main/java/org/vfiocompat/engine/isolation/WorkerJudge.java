package org.vfiocompat.engine.isolation;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * One pack evaluated in a worker JVM of its own, supervised from here:
 * <ul>
 *   <li>the worker's heap is capped ({@value #HEAP_MIB} MiB) and it exits on running out of it;</li>
 *   <li>every request has a wall-clock budget (the pack's per-pair deadline, twice, per pair, plus
 *       a second); past it the worker is killed;</li>
 *   <li>a worker that died or was killed is started again for the next request;</li>
 *   <li>the pairs of a failed request are asked again one at a time, so only the pair that
 *       brings a worker down is answered UNKNOWN (with the reason), and that counts towards the
 *       pack's quarantine like any other bound violation;</li>
 *   <li>pairs asked concurrently go to the worker together, in one request.</li>
 * </ul>
 * A worker runs one pack only, so nothing it does reaches another pack, and the engine itself
 * only ever reads bounded frames from it.
 */
final class WorkerJudge implements PairJudge {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerJudge.class);
    static final int HEAP_MIB = 256;
    /** How long a worker may take to start and load its pack. */
    static final long STARTUP_MILLIS = 120_000;
    /** Kills overrunning workers: one timer for the whole engine. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vfio-compat-worker-timer");
        t.setDaemon(true);
        return t;
    });

    private final LoadedPack pack;
    private final EvaluationLimits limits;
    private final Path packCache;
    private final String workerMain;
    private final int heapMib;
    private final AtomicInteger violations = new AtomicInteger();
    private volatile String quarantineReason;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    /** The running worker, or null; guarded by {@link #lock}. */
    private Worker worker;
    private final AtomicInteger started = new AtomicInteger();

    private record Pending(WorkerProtocol.Pair pair, CompletableFuture<Verdict> result) {
    }

    WorkerJudge(LoadedPack pack, EvaluationLimits limits, Path packCache) {
        this(pack, limits, packCache, WorkerMain.class.getName(), HEAP_MIB);
    }

    /**
     * @param workerMain the worker's main class (tests give a misbehaving one)
     * @param heapMib    the worker's heap cap
     */
    WorkerJudge(LoadedPack pack, EvaluationLimits limits, Path packCache, String workerMain, int heapMib) {
        this.pack = pack;
        this.heapMib = heapMib;
        this.limits = limits;
        this.packCache = packCache;
        this.workerMain = workerMain;
    }

    @Override
    public LoadedPack pack() {
        return pack;
    }

    @Override
    public Optional<String> quarantineReason() {
        return Optional.ofNullable(quarantineReason);
    }

    /** How many workers were started so far (one, plus one per restart). */
    int workersStarted() {
        return started.get();
    }

    @Override
    public Verdict evaluate(DeviceProfile source, DeviceProfile target, boolean creatable) {
        String quarantined = quarantineReason;
        if (quarantined != null) {
            return unknown("pack is quarantined: " + quarantined);
        }
        if (!fits(source) || !fits(target)) {
            return unknown("input refused: a profile too large to hand to the pack's worker");
        }
        Pending mine = new Pending(new WorkerProtocol.Pair(source, target, creatable), new CompletableFuture<>());
        queue.add(mine);
        synchronized (lock) {
            if (!mine.result().isDone()) {
                List<Pending> batch = new ArrayList<>();
                for (Pending p = queue.poll(); p != null && batch.size() < WorkerProtocol.MAX_BATCH; p = queue.poll()) {
                    batch.add(p);
                }
                run(batch);
            }
        }
        return mine.result().join();
    }

    /** Asks the worker about {@code batch}; on failure asks again pair by pair, answering the culprit UNKNOWN. */
    private void run(List<Pending> batch) {
        if (quarantineReason != null) {
            batch.forEach(p -> p.result().complete(unknown("pack is quarantined: " + quarantineReason)));
            return;
        }
        try {
            List<Verdict> verdicts = worker().ask(batch.stream().map(Pending::pair).toList(), budgetMillis(batch.size()));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(own(verdicts.get(i)));
            }
        } catch (WorkerFailure f) {
            stopWorker();
            if (batch.size() == 1) {
                batch.get(0).result().complete(violated(f.getMessage()));
            } else {
                for (Pending p : batch) {
                    run(List.of(p));
                }
            }
        }
    }

    private long budgetMillis(int pairs) {
        return 1000 + 2L * pairs * Math.max(1, limits.deadline().toMillis());
    }

    /** The worker's verdict, with the pack named by the engine: a worker cannot speak for another pack. */
    private Verdict own(Verdict v) {
        return new Verdict(v.level(), v.limit(), v.score(), v.reason(), pack.id(), pack.version(), v.rules(),
                v.firedRules(), pack.digest());
    }

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

    private static boolean fits(DeviceProfile p) {
        int budget = WorkerProtocol.MAX_STRING / 4;
        return p.getDeviceApi().length() < budget && p.getMigrationType().length() < budget
                && p.getMigrationVersion().length() < budget && p.getParentModel().length() < budget
                && p.getAttributes().size() < 10_000
                && p.getAttributes().entrySet().stream().allMatch(e -> e.getKey().length() < budget && e.getValue().length() < budget);
    }

    private Worker worker() throws WorkerFailure {
        if (worker == null || !worker.process.isAlive()) {
            worker = startWorker();
        }
        return worker;
    }

    private Worker startWorker() throws WorkerFailure {
        started.incrementAndGet();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMib + "m", "-XX:+ExitOnOutOfMemoryError",
                // The JVM's own messages ("Terminating due to java.lang.OutOfMemoryError") go to
                // standard output by default, inside the protocol's frames.
                "-XX:+DisplayVMOutputToStderr", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xss1m", "-cp", System.getProperty("java.class.path"), workerMain);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new WorkerFailure("cannot start a worker JVM: " + e.getMessage());
        }
        Worker w = new Worker(process);
        ScheduledFuture<?> kill = w.killAfter(STARTUP_MILLIS);
        try {
            WorkerProtocol.writeHello(w.out, new WorkerProtocol.Hello(pack.location(), pack.digest(),
                    packCache == null ? null : packCache.toString(), limits));
            if (!w.in.readBoolean()) {
                String why = WorkerProtocol.readString(w.in);
                w.destroy();
                throw new WorkerFailure("the worker could not load the pack: " + why);
            }
            return w;
        } catch (IOException e) {
            throw new WorkerFailure(w.death("while starting", e));
        } finally {
            kill.cancel(false);
        }
    }

    private void stopWorker() {
        if (worker != null) {
            worker.destroy();
            worker = null;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            stopWorker();
        }
    }

    /** Why a worker could not answer. */
    private static final class WorkerFailure extends Exception {
        private static final long serialVersionUID = 1L;

        WorkerFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** A running worker process and its two pipes. */
    private final class Worker {
        final Process process;
        final DataOutputStream out;
        final DataInputStream in;
        final AtomicBoolean killedByTimer = new AtomicBoolean();
        long budget;

        Worker(Process process) {
            this.process = process;
            this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
            this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        }

        ScheduledFuture<?> killAfter(long millis) {
            budget = millis;
            return TIMER.schedule(() -> {
                killedByTimer.set(true);
                process.destroyForcibly();
            }, millis, TimeUnit.MILLISECONDS);
        }

        List<Verdict> ask(List<WorkerProtocol.Pair> pairs, long millis) throws WorkerFailure {
            ScheduledFuture<?> kill = killAfter(millis);
            try {
                WorkerProtocol.writeRequest(out, pairs);
                return WorkerProtocol.readResponse(in, pairs.size());
            } catch (IOException e) {
                throw new WorkerFailure(death("on " + pairs.size() + " pair(s)", e));
            } finally {
                kill.cancel(false);
            }
        }

        /** What became of the worker, in words: killed at its deadline, out of heap, or exited. */
        String death(String when, IOException failure) {
            if (killedByTimer.get()) {
                destroy();
                return "worker killed " + when + ": it ran past its budget of " + budget + " ms";
            }
            boolean exited;
            try {
                // A worker that ended its output without exiting, or wrote what the protocol
                // does not allow, is not waited for.
                exited = !(failure instanceof java.io.EOFException) ? process.waitFor(1, TimeUnit.SECONDS)
                        : process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exited = false;
            }
            if (!exited) {
                destroy();
                return "worker killed " + when + ": its answer broke the protocol (" + failure.getMessage() + ")";
            }
            int code = process.exitValue();
            return code == 3 ? "worker ran out of its " + heapMib + " MiB heap " + when
                    : "worker died " + when + " (exit code " + code + ")";
        }

        void destroy() {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
