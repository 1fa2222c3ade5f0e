package org.vfiocompat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The batch end to end through the CLI, as a user runs it: a fresh JVM per run, from its start to
 * the last NDJSON byte written, timed and measured by {@code /usr/bin/time -v} (wall time, CPU
 * time user + sys, and maximum resident set size of the whole process), on generated NDJSON
 * fleets of exactly the given numbers of devices. Prints one row per run with the cost per
 * device, the load average before and after (on a machine shared with other work, a figure
 * taken under load says so), and at the end the curve: per size the best run's wall and CPU
 * time per device, relative to the smallest size, so a flat curve reads as 1.00 all along.
 * With {@code --baseline-jar} each run is repeated with another build of the CLI (for example
 * main's) right after, and the curve gives the CPU-time ratio of the two, measured side by side.
 *
 * <p>After each run the same number of bytes is written to the same folder, from this JVM, in
 * 1 MiB writes as {@code dd bs=1M} would ({@code disk s} column): what writing the output costs
 * on that file system whatever writes it, so a reader sees how much of the wall time is the
 * disk's (on the project's VM, 2 GB to {@code /tmp} takes about 6 s). {@code --out-dir} puts
 * the outputs elsewhere than {@code --work}, for example {@code /dev/shm}, to take the figure
 * without a disk. Outputs are deleted after each run.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp bench/target/benchmarks.jar org.vfiocompat.bench.EndToEndBatch \
 *     --sizes 100000,1000000,10000000 --work /tmp/e2e --runs 3 [--java-opts "-Xmx..."] [--baseline-jar OTHER/vfio-compat.jar] \
 *     [--out-dir /dev/shm]
 * </pre>
 *
 * Run from the repository root (the CLI jar and vendor-packs/ are found from there). Fleets are
 * generated once per size into {@code --work} and reused.
 */
public final class EndToEndBatch {

    private static final Pattern WALL = Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)");
    private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    private static final Pattern USER = Pattern.compile("User time \\(seconds\\): (\\d+(?:\\.\\d+)?)");
    private static final Pattern SYS = Pattern.compile("System time \\(seconds\\): (\\d+(?:\\.\\d+)?)");

    /** One run's figures. */
    private record Run(double wall, double cpu, long rssKib, double disk) {
    }

    private EndToEndBatch() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = List.of(100_000L, 1_000_000L);
        Path work = Path.of("/tmp/vfio-compat-e2e");
        int runs = 3;
        String javaOpts = "";
        Path baseline = null;
        Path outDir = null;
        Path root = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList();
                case "--work" -> work = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--java-opts" -> javaOpts = args[++i];
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                case "--baseline-jar" -> baseline = Path.of(args[++i]).toAbsolutePath();
                case "--out-dir" -> outDir = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path jar = root.resolve("cli/target/vfio-compat.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: mvn -q -DskipTests package");
        }
        Files.createDirectories(work);
        Path outputs = outDir == null ? work : Files.createDirectories(outDir);
        System.out.printf(Locale.ROOT, "%-9s %-10s %-9s %-8s %-8s %-9s %-9s %-9s %-8s %-11s %-4s %s%n",
                "jar", "devices", "assigned", "wall s", "CPU s", "max RSS", "wall µs/d", "CPU µs/d", "disk s", "out MB", "run",
                "load avg (1 min) before/after");
        List<String> curve = new ArrayList<>();
        double[] first = null;
        for (long size : sizes) {
            Path fleet = fleet(work, size);
            long[] counts = count(fleet);
            Run best = null;
            Run bestBaseline = null;
            for (int run = 1; run <= runs; run++) {
                Run r = run(jar, "this", root, work, outputs, fleet, javaOpts, counts, run);
                best = best == null || r.cpu() < best.cpu() ? r : best;
                if (baseline != null) {
                    Run b = run(baseline, "baseline", root, work, outputs, fleet, javaOpts, counts, run);
                    bestBaseline = bestBaseline == null || b.cpu() < bestBaseline.cpu() ? b : bestBaseline;
                }
            }
            double wallPer = best.wall() * 1e6 / counts[0];
            double cpuPer = best.cpu() * 1e6 / counts[0];
            if (first == null) {
                first = new double[] {wallPer, cpuPer};
            }
            curve.add(String.format(Locale.ROOT, "%-10d %-9.2f %-9.2f %-9.2f %-9.2f %-10s %s", counts[0], wallPer, cpuPer,
                    wallPer / first[0], cpuPer / first[1], best.rssKib() / 1024 + " MiB",
                    bestBaseline == null ? "" : String.format(Locale.ROOT, "%.2f", best.cpu() / bestBaseline.cpu())));
        }
        System.out.println();
        System.out.println("curve (best run by CPU time of each size; x smallest = cost per device against the smallest size):");
        System.out.printf(Locale.ROOT, "%-10s %-9s %-9s %-9s %-9s %-10s %s%n", "devices", "wall µs/d", "CPU µs/d", "wall x1st",
                "CPU x1st", "max RSS", baseline == null ? "" : "CPU this/baseline");
        curve.forEach(System.out::println);
    }

    /** One fresh JVM running the batch on {@code fleet}, measured by /usr/bin/time -v. */
    private static Run run(Path jar, String label, Path root, Path work, Path outputs, Path fleet, String javaOpts, long[] counts,
                           int run) throws IOException, InterruptedException {
        Path out = outputs.resolve("out-" + label + ".ndjson");
        Path timeLog = work.resolve("time-" + label + ".txt");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", timeLog.toString(), "java"));
        if (!javaOpts.isBlank()) {
            cmd.addAll(List.of(javaOpts.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-Dvfiocompat.packs=" + root.resolve("vendor-packs"), "-jar", jar.toString(),
                "batch", "--inventory", fleet.toString(), "--format", "ndjson", "--out", out.toString(), "--quiet"));
        String loadBefore = loadAverage();
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        int rc = p.waitFor();
        String loadAfter = loadAverage();
        String time = Files.readString(timeLog, StandardCharsets.UTF_8);
        if (rc != 0) {
            throw new IllegalStateException(label + " batch exited " + rc + ":\n" + time);
        }
        long bytes = Files.size(out);
        Files.delete(out);
        double disk = diskSeconds(outputs.resolve("disk-baseline.tmp"), bytes);
        Run r = new Run(wall(time), seconds(USER, time) + seconds(SYS, time), group(RSS, time), disk);
        System.out.printf(Locale.ROOT, "%-9s %-10d %-9d %-8.2f %-8.2f %-9s %-9.2f %-9.2f %-8.2f %-11d %-4d %s / %s%n", label, counts[0],
                counts[1], r.wall(), r.cpu(), r.rssKib() / 1024 + " MiB", r.wall() * 1e6 / counts[0], r.cpu() * 1e6 / counts[0],
                r.disk(), bytes / 1_000_000, run, loadBefore, loadAfter);
        return r;
    }

    /**
     * Seconds to write {@code bytes} zero bytes to {@code file} (deleted after) in 1 MiB writes,
     * as {@code dd bs=1M} does, not forced to the device (the CLI does not force its output
     * either): the floor any writer of that much output pays there.
     */
    private static double diskSeconds(Path file, long bytes) throws IOException {
        java.nio.ByteBuffer block = java.nio.ByteBuffer.allocateDirect(1 << 20);
        long start = System.nanoTime();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            for (long left = bytes; left > 0; left -= block.capacity()) {
                block.clear().limit((int) Math.min(block.capacity(), left));
                while (block.hasRemaining()) {
                    ch.write(block);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double seconds(Pattern p, String time) {
        Matcher m = p.matcher(time);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in:\n" + time);
        }
        return Double.parseDouble(m.group(1));
    }

    /** Devices and assigned devices of a generated NDJSON fleet, counted from its text. */
    private static long[] count(Path fleet) throws IOException {
        long devices = 0;
        long assigned = 0;
        try (var lines = Files.lines(fleet)) {
            for (String line : (Iterable<String>) lines::iterator) {
                devices += occurrences(line, "\"kind\":");
                assigned += occurrences(line, "\"assignedTo\":");
            }
        }
        return new long[] {devices, assigned};
    }

    private static int occurrences(String s, String what) {
        int n = 0;
        for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    private static double wall(String time) {
        Matcher m = WALL.matcher(time);
        if (!m.find()) {
            throw new IllegalStateException("no wall time in:\n" + time);
        }
        double hours = m.group(1) == null ? 0 : Double.parseDouble(m.group(1));
        return hours * 3600 + Double.parseDouble(m.group(2)) * 60 + Double.parseDouble(m.group(3));
    }

    private static long group(Pattern p, String time) {
        Matcher m = p.matcher(time);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in:\n" + time);
        }
        return Long.parseLong(m.group(1));
    }

    /** The generated NDJSON fleet of {@code size} devices in {@code work}, written the first time it is asked for. */
    static Path fleet(Path work, long size) throws IOException {
        // Named by the exact device count (fleets of older runs, "fleet-N.ndjson", had about 0.63 N).
        Path fleet = work.resolve("fleet-" + size + "-devices.ndjson");
        if (!Files.exists(fleet)) {
            Path tmp = work.resolve("fleet-" + size + "-devices.tmp.ndjson");
            FleetGenerator.write(tmp, size, 42);
            Files.move(tmp, fleet);
        }
        return fleet;
    }

    /** The one-minute load average, said with every figure taken on a shared machine. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
