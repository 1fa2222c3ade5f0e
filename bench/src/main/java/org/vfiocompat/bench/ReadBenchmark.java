package org.vfiocompat.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vfiocompat.engine.Fleet;

/**
 * The inventory read alone, sequential against parallel, in one JVM: {@code Fleet.load} of
 * generated NDJSON fleets ({@link FleetGenerator}, the fleets {@link EndToEndBatch} reads), on 1
 * thread ({@code -Dvfiocompat.inventory.threads=1}, the baseline) and on {@code --threads}
 * threads, alternating round by round so that both see the same background load. Per size it
 * prints the median wall and process CPU time of each, the parallel/sequential wall ratio of
 * each round and its median, and the cost per device. The first {@code --warmup} rounds are not
 * counted.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -Xmx768m -XX:+UseParallelGC -cp bench/target/benchmarks.jar org.vfiocompat.bench.ReadBenchmark \
 *     --sizes 100000,1000000 --work /tmp/e2e --rounds 5 [--warmup 1] [--threads 2]
 * </pre>
 */
public final class ReadBenchmark {

    private ReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = List.of(100_000L, 1_000_000L);
        Path work = Path.of("/tmp/vfio-compat-e2e");
        int rounds = 5;
        int warmup = 1;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList();
                case "--work" -> work = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(work);
        System.out.printf(Locale.ROOT, "%d cores, parallel on %d threads, load average %s%n",
                Runtime.getRuntime().availableProcessors(), threads, EndToEndBatch.loadAverage());
        for (long size : sizes) {
            Path fleet = EndToEndBatch.fleet(work, size);
            List<double[]> sequential = new ArrayList<>();
            List<double[]> parallel = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < warmup + rounds; round++) {
                // Alternate which goes first, so neither always follows the other's garbage.
                boolean parallelFirst = round % 2 == 1;
                double[] a = time(fleet, parallelFirst ? threads : 1, size);
                double[] b = time(fleet, parallelFirst ? 1 : threads, size);
                double[] seq = parallelFirst ? b : a;
                double[] par = parallelFirst ? a : b;
                if (round >= warmup) {
                    sequential.add(seq);
                    parallel.add(par);
                    ratios.add(par[0] / seq[0]);
                }
            }
            double seqWall = median(sequential, 0);
            double parWall = median(parallel, 0);
            System.out.printf(Locale.ROOT, "%,d devices (%,d bytes): sequential %.2f s wall %.2f s CPU (%.2f µs/device); "
                            + "parallel %.2f s wall %.2f s CPU (%.2f µs/device); wall ratio per round %s, median %.2f; load %s%n",
                    size, Files.size(fleet), seqWall, median(sequential, 1), seqWall * 1e6 / size, parWall, median(parallel, 1),
                    parWall * 1e6 / size, ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(),
                    ratios.stream().sorted().toList().get(ratios.size() / 2), EndToEndBatch.loadAverage());
        }
    }

    /** One {@code Fleet.load} on {@code threads} threads: wall seconds, process CPU seconds. */
    private static double[] time(Path fleet, int threads, long size) {
        System.setProperty("vfiocompat.inventory.threads", Integer.toString(threads));
        System.gc();
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        Fleet read = Fleet.load(fleet);
        double wall = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
        if (read.devices().size() != size) {
            throw new IllegalStateException("read " + read.devices().size() + " devices of " + size);
        }
        return new double[] {wall, cpuSeconds};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<double[]> runs, int column) {
        double[] v = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }
}
