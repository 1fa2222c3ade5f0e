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
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.RefusedPack;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.VerifiedPack;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * One pack evaluated in a worker JVM of its own, supervised from here:
 * <ul>
 *   <li>the worker's heap is capped ({@value #HEAP_MIB} MiB) and it exits on running out of it;</li>
 *   <li>while pairs are outstanding, the worker must answer one at least every second plus
 *       twice the pack's per-pair deadline; past that it is killed;</li>
 *   <li>a worker that died or was killed is started again for the next pairs;</li>
 *   <li>the worker gets the pack as the engine verified it, the bytes of its build included
 *       ({@link VerifiedPack}), and reads nothing of it from disk: it creates the KieBase (the
 *       engine loads a worker-judged pack without one) and runs the model check;</li>
 *   <li>a worker that cannot load its pack (its KieBase creation or the model check failed
 *       there) refuses it: the pack is refused from then on ({@link #refusal}), every pair of it
 *       UNKNOWN naming why, and no worker is started for it again;</li>
 *   <li>of the pairs a failed worker left unanswered, the first ones are asked again one at a
 *       time until one of them brings a worker down again: only that pair is answered UNKNOWN
 *       (with the reason), and that counts towards the pack's quarantine like any other bound
 *       violation; the rest go on in bulk;</li>
 *   <li>many pairs ({@link #evaluateAll}: a batch's, a ranking's) go in requests of
 *       {@value #CHUNK}, at most {@value #IN_FLIGHT_CHUNKS} of them unanswered at a time, and
 *       their answers stream back while later ones are evaluated; pairs asked concurrently
 *       through {@link #evaluate} go together too.</li>
 * </ul>
 * A worker runs one pack only, so nothing it does reaches another pack, and the engine itself
 * only ever reads bounded frames from it.
 */
final class WorkerJudge implements PairJudge {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerJudge.class);
    static final int HEAP_MIB = 256;
    /** Threads a worker evaluates on: as many as the engine's batch would use here, within reason. */
    static final int WORKER_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** How long a worker may take to start and load its pack. */
    static final long STARTUP_MILLIS = 120_000;
    /** Pairs per request. */
    static final int CHUNK = 512;
    /** Requests sent ahead of the answers: enough to keep the worker's threads busy, and its heap small. */
    static final int IN_FLIGHT_CHUNKS = 4;
    /** How many unanswered pairs of a failed worker are asked again one at a time before the rest go on in bulk. */
    static final int SUSPECTS = 64;
    /** How often the supervisor looks whether a worker still makes progress. */
    private static final long WATCH_MILLIS = 50;
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
    /** Why the pack's worker refused it as it loaded, or null. */
    private volatile RefusedPack refusal;
    /** What the worker said as it refused the pack. */
    private volatile String refusedBecause;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    /** The running worker, or null; guarded by {@link #lock}. */
    private Worker worker;
    private final AtomicInteger started = new AtomicInteger();
    /**
     * Set by {@link #close()}: a reload dropped this judge. A check that took the old pack set
     * before the reload may still ask it; it is answered (by the worker there is, or one
     * started for it), and the last such caller out ends the worker again, so that no worker
     * outlives the sets that hold its judge.
     */
    private volatile boolean closed;
    /** Callers inside {@link #evaluate} or {@link #evaluateAll} now. */
    private final AtomicInteger callers = new AtomicInteger();

    private final AtomicInteger requests = new AtomicInteger();
    /** Set by the first {@link #prepare()}: a worker is started ahead once per judge at most. */
    private final AtomicBoolean preparing = new AtomicBoolean();

    private record Pending(Pair pair, CompletableFuture<Verdict> result) {
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

    @Override
    public Optional<RefusedPack> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** How many workers were started so far (one, plus one per restart). */
    int workersStarted() {
        return started.get();
    }

    /** How many requests were sent to workers so far. */
    int requestsSent() {
        return requests.get();
    }

    @Override
    public boolean prefersBulk() {
        return true;
    }

    @Override
    public List<Verdict> evaluateAll(List<Pair> pairs) {
        Verdict[] out = new Verdict[pairs.size()];
        List<Integer> asked = new ArrayList<>(pairs.size());
        for (int i = 0; i < out.length; i++) {
            Pair p = pairs.get(i);
            if (!fits(p.source()) || !fits(p.target())) {
                out[i] = tooLarge();
            } else {
                asked.add(i);
            }
        }
        List<Verdict> answered;
        callers.incrementAndGet();
        try {
            synchronized (lock) {
                answered = resolve(asked.stream().map(pairs::get).toList());
            }
        } finally {
            leave();
        }
        for (int i = 0; i < asked.size(); i++) {
            out[asked.get(i)] = answered.get(i);
        }
        return java.util.Arrays.asList(out);
    }

    /**
     * Starts the worker and its pack load on a thread of its own, once, if none is running: a
     * batch calls this as its inventory is read, so that the worker's JVM start and pack load
     * (seconds, most of what the boundary costs a batch) run beside the read instead of after
     * it. The pairs asked meanwhile wait for it under {@link #lock} as they would for a start of
     * their own. A start that fails here is no pair's fault: nothing is counted, and the pairs
     * asked later start a worker again (or find the pack refused, as a start of theirs would).
     */
    @Override
    public void prepare() {
        if (closed || quarantineReason != null || refusal != null || !preparing.compareAndSet(false, true)) {
            return;
        }
        callers.incrementAndGet();
        Thread starter = new Thread(() -> startAhead(false), "vfio-compat-worker-start-" + pack.id());
        starter.setDaemon(true);
        starter.start();
    }

    @Override
    public Verdict evaluate(DeviceProfile source, DeviceProfile target, boolean creatable) {
        String quarantined = quarantineReason;
        if (quarantined != null) {
            return unknown("pack is quarantined: " + quarantined);
        }
        if (refusal != null) {
            return refused();
        }
        if (!fits(source) || !fits(target)) {
            return tooLarge();
        }
        Pending mine = new Pending(new Pair(source, target, creatable), new CompletableFuture<>());
        callers.incrementAndGet();
        try {
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
        } finally {
            leave();
        }
        return mine.result().join();
    }

    @Override
    public void warm() {
        if (quarantineReason != null || refusal != null) {
            return;
        }
        callers.incrementAndGet();
        startAhead(true);
    }

    /**
     * Starts the worker and its pack load now, for {@link #prepare} (on a thread of its own) and
     * {@link #warm} (on the caller's), then counts the caller out. A start that fails here is no
     * pair's fault: nothing is counted, and the pairs asked later start a worker again (or find
     * the pack refused, as a start of theirs would). A reload's failed warm-up is a warning; a
     * batch's failed early start only a debug line, for its first pair reports its own start.
     */
    private void startAhead(boolean warnOnFailure) {
        try {
            synchronized (lock) {
                if (quarantineReason == null && refusal == null) {
                    try {
                        worker();
                    } catch (WorkerRefusal r) {
                        // refused (refuse() logged it): refusal() says why, and every later pair is answered so
                    } catch (WorkerFailure f) {
                        stopWorker();
                        if (warnOnFailure) {
                            LOG.warn("pack {}: its worker did not start ahead, the first pair starts it again: {}", pack, f.getMessage());
                        } else {
                            LOG.debug("pack {}: worker started ahead failed, the pairs will start another: {}", pack, f.getMessage());
                        }
                    }
                }
            }
        } finally {
            leave();
        }
    }

    /**
     * A caller is done: the last one out of a closed judge ends its worker. {@link #close()}
     * sets {@link #closed} before it counts the callers, and a caller counts itself out before
     * it reads {@link #closed}, so of a close and a last caller racing, one of them sees the other.
     */
    private void leave() {
        if (callers.decrementAndGet() == 0 && closed) {
            synchronized (lock) {
                if (callers.get() == 0) {
                    stopWorker();
                }
            }
        }
    }

    /** Asks the worker about {@code batch}, pairs asked at the same time from several threads. */
    private void run(List<Pending> batch) {
        List<Verdict> verdicts = resolve(batch.stream().map(Pending::pair).toList());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(verdicts.get(i));
        }
    }

    /**
     * The verdicts on {@code pairs}, in order, from the worker (started when there is none).
     * When a worker fails, what it answered is kept; of what it left unanswered the first
     * {@value #SUSPECTS} are asked one at a time, until one fails alone: that one is UNKNOWN
     * with the reason and a violation; the rest are asked in bulk again. Every round answers at
     * least one pair, so this ends; a quarantine on the way answers the rest. Caller holds
     * {@link #lock}.
     */
    private List<Verdict> resolve(List<Pair> pairs) {
        Verdict[] out = new Verdict[pairs.size()];
        List<Integer> open = new ArrayList<>(pairs.size());
        for (int i = 0; i < out.length; i++) {
            open.add(i);
        }
        while (!open.isEmpty()) {
            if (quarantineReason != null) {
                open.forEach(i -> out[i] = unknown("pack is quarantined: " + quarantineReason));
                break;
            }
            if (refusal != null) {
                open.forEach(i -> out[i] = refused());
                break;
            }
            List<Pair> asked = open.stream().map(pairs::get).toList();
            Verdict[] got = new Verdict[asked.size()];
            WorkerFailure failure = null;
            try {
                worker().ask(asked, got);
            } catch (WorkerRefusal r) {
                continue; // the pack is refused: the next round answers every pair so
            } catch (WorkerFailure f) {
                stopWorker();
                failure = f;
            }
            List<Integer> unanswered = new ArrayList<>();
            for (int j = 0; j < got.length; j++) {
                if (got[j] != null) {
                    out[open.get(j)] = own(got[j]);
                } else {
                    unanswered.add(open.get(j));
                }
            }
            if (failure == null) {
                break;
            }
            if (asked.size() == 1) {
                out[open.get(0)] = violated(failure.getMessage());
                break;
            }
            int k = 0;
            for (boolean culprit = false; !culprit && k < unanswered.size() && k < SUSPECTS && quarantineReason == null; k++) {
                int i = unanswered.get(k);
                Verdict[] one = new Verdict[1];
                try {
                    worker().ask(List.of(pairs.get(i)), one);
                    out[i] = own(one[0]);
                } catch (WorkerRefusal r) {
                    break; // the pack is refused: the next round answers the rest so
                } catch (WorkerFailure f) {
                    stopWorker();
                    out[i] = violated(f.getMessage());
                    culprit = true;
                }
            }
            open = new ArrayList<>(unanswered.subList(k, unanswered.size()));
        }
        return java.util.Arrays.asList(out);
    }

    /** How long a worker with pairs outstanding may go without answering one. */
    private long budgetMillis() {
        return 1000 + 2L * Math.max(1, limits.deadline().toMillis());
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

    private Verdict refused() {
        return unknown("pack refused at load by its worker JVM: " + refusedBecause);
    }

    private Verdict tooLarge() {
        return unknown("input refused: a profile too large to hand to the pack's worker");
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

    /**
     * Starts a spare worker JVM (a {@link SpareWorker}) for the first pack that will need one,
     * with the workers' class-data archive of {@code packCache} (null: none).
     */
    static void prestart(Path packCache) {
        SpareWorker.prestart(WorkerLaunch.of(WorkerMain.class.getName(), HEAP_MIB, packCache));
    }

    private Worker startWorker() throws WorkerFailure {
        started.incrementAndGet();
        WorkerLaunch.Started process;
        try {
            process = SpareWorker.take(WorkerLaunch.of(workerMain, heapMib, packCache));
        } catch (IOException e) {
            throw new WorkerFailure("cannot start a worker JVM: " + e.getMessage());
        }
        Worker w = new Worker(process);
        ScheduledFuture<?> kill = w.killAfter(STARTUP_MILLIS);
        try {
            WorkerProtocol.writeHello(w.out, new WorkerProtocol.Hello(VerifiedPack.of(pack), limits, WORKER_THREADS));
            if (!w.in.readBoolean()) {
                String why = WorkerProtocol.readString(w.in);
                w.destroy();
                refuse(why);
                throw new WorkerRefusal(why);
            }
            w.loadedPack = true;
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

    /**
     * Ends the worker, at once when nobody is asking, else when the last caller is done (a
     * check that took the pack set before a reload dropped this judge finishes on it).
     */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            if (callers.get() == 0) {
                stopWorker();
            }
        }
    }

    /** Whether a worker process is running for this judge now. */
    boolean workerAlive() {
        synchronized (lock) {
            return worker != null && worker.process.isAlive();
        }
    }

    /**
     * Refuses the pack as a load would have refused it: a worker loads it as the engine's JVM
     * does in-process, so what it could not load (its KieBase creation or the model check after
     * it failed) would not have loaded here.
     */
    private void refuse(String why) {
        String manifest = pack.location() + "/pack.json";
        refusedBecause = why;
        refusal = new RefusedPack(pack.id(), pack.location(), pack.namespaces(), List.of(new Problem(ProblemCodes.PACK_LOAD_FAILED,
                Location.file(manifest), "refused by its worker JVM as it loaded the pack: " + why)));
        LOG.warn("pack {} refused by its worker: {}", pack, why);
    }

    /** Why a worker could not answer. */
    private static class WorkerFailure extends Exception {
        private static final long serialVersionUID = 1L;

        WorkerFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** The worker could not load the pack, so the pack is refused ({@link #refusal}): no pair is its fault. */
    private static final class WorkerRefusal extends WorkerFailure {
        private static final long serialVersionUID = 1L;

        WorkerRefusal(String message) {
            super(message);
        }
    }

    /** A running worker process, its two pipes, and the class list it records for the workers' archive, if any. */
    private final class Worker {
        final Process process;
        final DataOutputStream out;
        /** The worker's answers: its descriptor 3 (see {@link WorkerLaunch}), which the engine reads as the process's output. */
        final DataInputStream in;
        final WorkerArchive.Recording recording;
        final AtomicBoolean killedByTimer = new AtomicBoolean();
        long budget;
        /** Set once the worker said it loaded its pack. */
        volatile boolean loadedPack;

        Worker(WorkerLaunch.Started started) {
            this.process = started.process();
            this.recording = started.recording();
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

        /**
         * Asks about {@code pairs}: requests of {@value #CHUNK} written from a thread of their own,
         * at most {@value #IN_FLIGHT_CHUNKS} ahead of the answers, which are read here into
         * {@code got} as they come. Kills the worker when it goes {@link WorkerJudge#budgetMillis} without an
         * answer while pairs are outstanding.
         *
         * @throws WorkerFailure when the worker failed: {@code got} holds what it answered before
         */
        void ask(List<Pair> pairs, Verdict[] got) throws WorkerFailure {
            int n = pairs.size();
            budget = budgetMillis();
            long budgetNanos = TimeUnit.MILLISECONDS.toNanos(budget);
            AtomicInteger answered = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong lastProgress = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
            ScheduledFuture<?> watch = TIMER.scheduleWithFixedDelay(() -> {
                if (System.nanoTime() - lastProgress.get() > budgetNanos) {
                    killedByTimer.set(true);
                    process.destroyForcibly();
                }
            }, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
            Object window = new Object();
            AtomicBoolean done = new AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<IOException> writeFailure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int from = 0; from < n && !done.get(); from += CHUNK) {
                        synchronized (window) {
                            while (!done.get() && from - answered.get() >= IN_FLIGHT_CHUNKS * CHUNK) {
                                window.wait();
                            }
                        }
                        requests.incrementAndGet();
                        WorkerProtocol.writeRequest(out, pairs, from, Math.min(n, from + CHUNK));
                    }
                } catch (IOException e) {
                    writeFailure.set(e); // the worker is gone; the reader finds out too
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "vfio-compat-worker-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                for (int i = 0; i < n; i++) {
                    WorkerProtocol.Answer a = WorkerProtocol.readAnswer(in, n);
                    if (got[a.number()] != null) {
                        throw new IOException("a second answer to pair " + a.number());
                    }
                    got[a.number()] = a.verdict();
                    lastProgress.set(System.nanoTime());
                    answered.incrementAndGet();
                    synchronized (window) {
                        window.notifyAll();
                    }
                }
            } catch (IOException e) {
                throw new WorkerFailure(death("on " + (n - answered.get()) + " pair(s)", e));
            } finally {
                watch.cancel(false);
                done.set(true);
                synchronized (window) {
                    window.notifyAll();
                }
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
            if (recording != null) {
                recording.finish(loadedPack);
            }
        }
    }
}
