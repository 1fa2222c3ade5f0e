package org.vfiocompat.engine.isolation;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.eval.PackEvaluator;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.engine.pack.VerifiedPack;
import org.vfiocompat.engine.trust.TrustPolicy;

/**
 * The worker JVM: loads the one pack the engine hands it (as the engine verified it, the bytes
 * of its build included: {@link VerifiedPack}), says it is ready, then answers numbered pairs on
 * its threads, streaming each answer back as it is made, until its input ends. Everything
 * the pack does stays in this process; the engine kills it when it overruns and starts another.
 * The answers go out on descriptor 3 ({@link #answers}); {@code System.out} is standard error,
 * like the JVM's own standard output (see {@link WorkerLaunch}).
 */
final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("--warm")) {
            warm(args[1], args.length > 2 ? args[2] : null);
            return;
        }
        serve(hello -> new PackEvaluator(load(hello), hello.limits()));
    }

    /**
     * {@code --warm PACK [CACHE]}: starts as a worker does and loads the pack at {@code location}
     * (from the compiled-pack cache {@code cache}, if given) as the engine loads a worker's pack,
     * then as a worker does (its KieBase from the verified build), then exits, without the
     * protocol. The launcher runs it once, with the JVM listing the classes it loads, so that its
     * class-data archive holds a worker's classes too: the engine's own run does not load them
     * in process mode, and a worker's list is not recorded.
     */
    private static void warm(String location, String cache) {
        startDrools();
        try {
            WorkerWarmUp.start().join(); // its classes belong in the archive too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PackLoader.Outcome outcome = PackLoader.loadAll(List.of(location), cache == null ? null : Path.of(cache), TrustPolicy.OFF,
                java.util.Map.of(), signer -> false);
        if (!outcome.refused().isEmpty() || outcome.packs().isEmpty()) {
            System.err.println("vfio-compat worker: " + location + ": "
                    + (outcome.refused().isEmpty() ? "no pack" : outcome.refused().get(0).reason()));
            System.exit(2);
        }
        new PackEvaluator(VerifiedPack.of(outcome.packs().get(0)).load(), org.vfiocompat.engine.EvaluationLimits.DEFAULT);
    }

    /**
     * Starts what of Drools needs no pack: its service registry and the KIE repository. (Not its
     * kmodule.xml parser, XStream, whose first use reads every time-zone name: a pack's build is
     * opened without it, {@code VerifiedBuild.module}.)
     */
    private static void startDrools() {
        org.kie.api.KieServices.Factory.get().getRepository();
    }

    /**
     * Speaks the protocol on standard input and output for the evaluator {@code load} makes of
     * the engine's hello (a failure to make one is told to the engine), until the input ends.
     */
    static void serve(java.util.function.Function<WorkerProtocol.Hello, PackEvaluator> load) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(answers(), 1 << 16));
        System.setOut(System.err);
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        // Drools' own start needs no pack: done before the hello, it runs while a spare worker
        // waits for its pack (SpareWorker); so does a KieBase of the engine's own (WorkerWarmUp).
        startDrools();
        WorkerWarmUp.start();
        WorkerProtocol.Hello hello;
        try {
            hello = WorkerProtocol.readHello(in);
        } catch (java.io.EOFException e) {
            return; // a spare the engine never needed: its JVM ended or it discarded the spare
        }
        PackEvaluator evaluator;
        try {
            evaluator = load.apply(hello);
        } catch (RuntimeException e) {
            out.writeBoolean(false);
            WorkerProtocol.writeString(out, String.valueOf(e.getMessage()));
            out.flush();
            return;
        }
        out.writeBoolean(true);
        out.flush();
        Answers answers = new Answers(out);
        ExecutorService threads = Executors.newFixedThreadPool(hello.threads(), r -> {
            Thread t = new Thread(r, "vfio-compat-worker-eval");
            t.setDaemon(true);
            return t;
        });
        // Read requests as they come and evaluate their pairs on the pool: the next request is
        // read while this one's pairs are evaluated, and every answer goes back as it is made.
        for (List<WorkerProtocol.Numbered> pairs = WorkerProtocol.readRequest(in); pairs != null; pairs = WorkerProtocol.readRequest(in)) {
            answers.pending.addAndGet(pairs.size());
            for (WorkerProtocol.Numbered n : pairs) {
                threads.execute(() -> answers.give(n.number(),
                        evaluator.evaluate(n.pair().source(), n.pair().target(), n.pair().creatable())));
            }
        }
        // The engine ended the input: it is gone or closing, and nothing more will be read.
        threads.shutdownNow();
    }

    /**
     * Where the answers go: descriptor 3, the pipe the engine reads ({@link WorkerLaunch} puts it
     * there, and descriptor 1 on the engine's standard error, so nothing the JVM prints reaches
     * the frames). Opened by name, as Java has no other way to a descriptor above 2.
     */
    static OutputStream answers() throws IOException {
        return new FileOutputStream("/dev/fd/" + ANSWERS_FD);
    }

    /** The worker's descriptor for its answers. */
    static final int ANSWERS_FD = 3;

    /**
     * The answers on descriptor 3, written by the evaluating threads one at a time and flushed
     * at least every {@value #FLUSH_MILLIS} ms, and whenever no pair is left to evaluate: the
     * engine then sees progress pair by pair, at the cost of a write every few milliseconds, not
     * one per pair.
     */
    private static final class Answers {
        static final long FLUSH_MILLIS = 5;
        final DataOutputStream out;
        final AtomicInteger pending = new AtomicInteger();
        long lastFlush = System.nanoTime();

        Answers(DataOutputStream out) {
            this.out = out;
        }

        synchronized void give(int number, Verdict verdict) {
            try {
                WorkerProtocol.writeAnswer(out, number, verdict);
                long now = System.nanoTime();
                if (pending.decrementAndGet() == 0 || now - lastFlush >= FLUSH_MILLIS * 1_000_000) {
                    out.flush();
                    lastFlush = now;
                }
            } catch (IOException e) {
                // The engine closed the pipe: it is gone or killing this worker.
                Runtime.getRuntime().halt(0);
            }
        }
    }

    /**
     * The pack the engine loaded, with its KieBase, which the engine did not create for it: made
     * from the build the engine verified, so nothing is read from disk or checked again here.
     * What fails (the KieBase creation, the model check) is refused, saying why.
     */
    static LoadedPack load(WorkerProtocol.Hello hello) {
        return hello.pack().load();
    }
}
