package org.vfiocompat.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntSupplier;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A cross-check of the JMH ratios for a machine that is not quiet: runs SandboxCostBenchmark's
 * per-pair methods, on the same states, in one JVM and interleaved in short blocks (in a fresh
 * random order every round), so that every variant sees the same background load. Reports per
 * variant the median time per operation over the rounds, and the median and quartiles of the
 * per-round ratios to rawSession (each ratio taken from blocks a few milliseconds apart).
 *
 * <pre>java -cp bench/target/benchmarks.jar org.vfiocompat.bench.Interleaved [LIVE|NONE] [rounds] [warmup-seconds]</pre>
 *
 * Every block is timed twice: wall time, as JMH does, and the thread's CPU time, which leaves
 * out the time the thread waited for a core while other processes ran (but also the work of GC
 * threads and of the engine's watchdog thread).
 *
 * <p>Unlike JMH's forks, all variants share one JIT profile here (the engine's sessions have
 * listeners, the raw ones none), which is closer to a real process that evaluates with the
 * engine only; treat this as a check of the ratios, JMH as the reference for absolute figures.
 */
public final class Interleaved {

    private static final long BLOCK_NANOS = 10_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Interleaved() {
    }

    public static void main(String[] args) {
        String pair = args.length > 0 ? args[0] : "LIVE";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;

        SandboxCostBenchmark bench = new SandboxCostBenchmark();
        SandboxCostBenchmark.PairState p = new SandboxCostBenchmark.PairState();
        p.pair = pair;
        p.setUp();
        SandboxCostBenchmark.RawState raw = new SandboxCostBenchmark.RawState();
        raw.setUp(p);
        SandboxCostBenchmark.RawState rawClear = new SandboxCostBenchmark.RawState();
        rawClear.setUp(p);
        SandboxCostBenchmark.ListenedState listened = new SandboxCostBenchmark.ListenedState();
        listened.setUp(p);
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

        String[] names = {"engineCheck", "rawSession", "rawSessionWithClear", "rawSessionWithClearAndListener"};
        IntSupplier[] ops = {
            () -> bench.engineCheck(p).score(),
            () -> bench.rawSession(p, raw, bh),
            () -> bench.rawSessionWithClear(p, rawClear, bh),
            () -> bench.rawSessionWithClearAndListener(p, listened, bh),
        };
        // Operations per block, so that a block takes about BLOCK_NANOS once warm.
        int[] perBlock = new int[ops.length];
        Arrays.fill(perBlock, 1);

        long warmEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            for (int v = 0; v < ops.length; v++) {
                double ns = block(ops[v], perBlock[v], bh);
                perBlock[v] = (int) Math.max(1, Math.min(1_000_000, BLOCK_NANOS / Math.max(1.0, ns)));
            }
        }

        double[][] nsPerOp = new double[ops.length][rounds];
        double[][] cpuNsPerOp = new double[ops.length][rounds];
        List<Integer> order = new ArrayList<>();
        for (int v = 0; v < ops.length; v++) {
            order.add(v);
        }
        Random random = new Random(42);
        for (int r = 0; r < rounds; r++) {
            Collections.shuffle(order, random);
            for (int v : order) {
                long cpu = THREADS.getCurrentThreadCpuTime();
                nsPerOp[v][r] = block(ops[v], perBlock[v], bh);
                cpuNsPerOp[v][r] = (double) (THREADS.getCurrentThreadCpuTime() - cpu) / perBlock[v];
            }
        }
        raw.tearDown();
        rawClear.tearDown();
        listened.tearDown();

        System.out.printf(Locale.ROOT, "pair %s, %d rounds of ~%d ms blocks per variant, %d s warm-up, %d cores, %s%n",
                pair, rounds, BLOCK_NANOS / 1_000_000, warmupSeconds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        table("wall time", names, nsPerOp);
        table("thread CPU time", names, cpuNsPerOp);
    }

    private static void table(String what, String[] names, double[][] nsPerOp) {
        int rounds = nsPerOp[0].length;
        System.out.printf(Locale.ROOT, "%n%s per operation%n%-32s %10s %10s %10s   %s%n", what, "variant",
                "median", "p25", "p75", "ratio to rawSession: median [p25, p75]");
        for (int v = 0; v < names.length; v++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = nsPerOp[v][r] / nsPerOp[1][r];
            }
            System.out.printf(Locale.ROOT, "%-32s %7.2f us %7.2f us %7.2f us   %.2f [%.2f, %.2f]%n", names[v],
                    q(nsPerOp[v], 0.5) / 1000, q(nsPerOp[v], 0.25) / 1000, q(nsPerOp[v], 0.75) / 1000,
                    q(ratio, 0.5), q(ratio, 0.25), q(ratio, 0.75));
        }
    }

    /** Runs {@code n} operations; nanoseconds per operation. */
    private static double block(IntSupplier op, int n, Blackhole bh) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            bh.consume(op.getAsInt());
        }
        return (double) (System.nanoTime() - start) / n;
    }

    private static double q(double[] values, double quantile) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = quantile * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }
}
