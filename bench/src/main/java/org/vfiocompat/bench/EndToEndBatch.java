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
 * the last NDJSON byte written, timed and measured by {@code /usr/bin/time -v} (wall time and
 * maximum resident set size of the whole process), on generated NDJSON fleets of several sizes.
 * Prints one row per size with the cost per device, so the curve from 100k to 10M shows whether
 * it stays flat, and the load average before and after each run: on a machine shared with
 * other work, a figure taken under load says so.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp bench/target/benchmarks.jar org.vfiocompat.bench.EndToEndBatch \
 *     --sizes 100000,1000000,10000000 --work /tmp/e2e --runs 3 [--java-opts "-Xmx..."]
 * </pre>
 *
 * Run from the repository root (the CLI jar and vendor-packs/ are found from there). Fleets are
 * generated once per size and seed into {@code --work} and reused.
 */
public final class EndToEndBatch {

    private static final Pattern WALL = Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)");
    private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    private static final Pattern CPU = Pattern.compile("Percent of CPU this job got: (\\d+)%");

    private EndToEndBatch() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = List.of(100_000L, 1_000_000L);
        Path work = Path.of("/tmp/vfio-compat-e2e");
        int runs = 3;
        String javaOpts = "";
        Path root = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList();
                case "--work" -> work = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--java-opts" -> javaOpts = args[++i];
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path jar = root.resolve("cli/target/vfio-compat.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: mvn -q -DskipTests package");
        }
        Files.createDirectories(work);
        System.out.printf(Locale.ROOT, "%-10s %-9s %-11s %-10s %-8s %-9s %-6s %s%n",
                "devices", "assigned", "wall s", "max RSS", "CPU %", "µs/dev", "run", "load avg (1 min) before/after");
        for (long size : sizes) {
            Path fleet = work.resolve("fleet-" + size + ".ndjson");
            if (!Files.exists(fleet)) {
                Path tmp = work.resolve("fleet-" + size + ".tmp.ndjson");
                FleetGenerator.write(tmp, size, 42);
                Files.move(tmp, fleet);
            }
            long[] counts = count(fleet);
            for (int run = 1; run <= runs; run++) {
                Path out = work.resolve("out-" + size + ".ndjson");
                Path timeLog = work.resolve("time-" + size + ".txt");
                List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", timeLog.toString(), "java"));
                if (!javaOpts.isBlank()) {
                    cmd.addAll(List.of(javaOpts.trim().split("\\s+")));
                }
                cmd.addAll(List.of("-Dvfiocompat.packs=" + root.resolve("vendor-packs"), "-jar", jar.toString(),
                        "batch", "--inventory", fleet.toString(), "--format", "ndjson", "--out", out.toString(), "--quiet"));
                String loadBefore = load();
                Process p = new ProcessBuilder(cmd).inheritIO().start();
                int rc = p.waitFor();
                String loadAfter = load();
                String time = Files.readString(timeLog, StandardCharsets.UTF_8);
                if (rc != 0) {
                    throw new IllegalStateException("batch exited " + rc + ":\n" + time);
                }
                double wall = wall(time);
                long rssKib = group(RSS, time);
                System.out.printf(Locale.ROOT, "%-10d %-9d %-11.2f %-10s %-8d %-9.2f %-6d %s / %s%n", counts[0], counts[1], wall,
                        rssKib / 1024 + " MiB", group(CPU, time), wall * 1e6 / counts[0], run, loadBefore, loadAfter);
            }
        }
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

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
