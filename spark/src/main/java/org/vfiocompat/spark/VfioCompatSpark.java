package org.vfiocompat.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vfio-compat-spark}: the batch job from the command line, in local mode
 * ({@code --master local[2]}) or under {@code spark-submit} on a cluster (no {@code --master}:
 * the cluster's). Exit 0 when the output is committed, 2 for bad input (bad rows without
 * {@code --skip-bad-rows}, bad options), 3 when the job fails otherwise.
 */
@Command(name = "vfio-compat-spark", mixinStandardHelpOptions = true,
        description = "Evaluate every assigned device of a fleet on Apache Spark: each one's top-K targets, as vfio-compat batch gives them.")
public final class VfioCompatSpark implements Callable<Integer> {

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (local[2], spark://host:7077); default: the one spark-submit gives.")
    String master;

    @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "PATH",
            description = "Hosts: Parquet, NDJSON (one host per line) or JSON inventory documents; a file or a folder; repeatable.")
    List<String> inventory = new ArrayList<>();

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output folder; must not exist; appears whole or not at all.")
    String out;

    @Option(names = "--packs", paramLabel = "DIR", description = "Pack folder(s); default: the vfiocompat.packs system property.")
    List<Path> packs = new ArrayList<>();

    @Option(names = "--top", paramLabel = "K", defaultValue = "10", description = "Targets kept per device (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--format", paramLabel = "FORMAT", split = ",", defaultValue = "ndjson,parquet",
            description = "Outputs: ndjson, parquet or both (default: ${DEFAULT-VALUE}).")
    Set<String> formats;

    @Option(names = "--skip-bad-rows", description = "Put bad rows in OUT/bad-rows with their reasons instead of failing the job.")
    boolean skipBadRows;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting; repeatable.")
    Map<String, String> conf = new TreeMap<>();

    @Option(names = "--enable-platform", paramLabel = "PACK", split = ",",
            description = "Let this platform pack (e.g. linux-qemu) judge every pair in its scope besides the owning pack, as "
                    + "vfio-compat batch --enable-platform does; repeatable or comma-separated.")
    List<String> enablePlatform = new ArrayList<>();

    @Option(names = "--pack-cache", paramLabel = "DIR",
            description = "Where the driver keeps compiled packs between runs (default: a new folder per run, removed after it).")
    Path packCache;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "Write Spark's metrics of the run, stage by stage (tasks, task time, input, shuffle, output), "
                    + "to FILE as JSON, and print them as a table on standard output.")
    Path metrics;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command; returns its exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new VfioCompatSpark());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof SparkBatch.BadRowsException || e instanceof IllegalArgumentException
                    || e instanceof org.vfiocompat.engine.InputException) {
                line.getErr().println("vfio-compat-spark: " + e.getMessage());
                return 2;
            }
            line.getErr().println("vfio-compat-spark: the job failed: " + e);
            return 3;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws java.io.IOException, InterruptedException {
        List<Path> roots = packs;
        if (roots.isEmpty()) {
            String property = System.getProperty("vfiocompat.packs");
            if (property == null) {
                throw new IllegalArgumentException("no packs: give --packs DIR (or -Dvfiocompat.packs)");
            }
            roots = List.of(Path.of(property));
        }
        BatchJob job = new BatchJob(inventory, out, roots, top, formats, skipBadRows, enablePlatform, packCache);
        SparkSession spark = session(master, conf);
        StageMetrics stages = new StageMetrics();
        if (metrics != null) {
            spark.sparkContext().addSparkListener(stages);
        }
        try {
            long start = System.nanoTime();
            SparkBatch.Counts c = job.run(spark);
            long wallMs = (System.nanoTime() - start) / 1_000_000;
            if (metrics != null) {
                stages.awaitQuiet(10_000);
                java.nio.file.Files.writeString(metrics, stages.json(wallMs));
                System.out.print(stages.table(wallMs));
            }
            System.err.println("vfio-compat-spark: " + c.devicesEvaluated() + " devices evaluated, " + c.stranded() + " stranded, "
                    + c.candidatePairs() + " candidate pairs (" + c.distinctPairsEvaluated() + " distinct), " + c.badRows()
                    + " bad rows; wrote " + out);
            return 0;
        } finally {
            if (master != null) {
                spark.stop();
            }
        }
    }

    /**
     * A session for {@code master} (null: the one spark-submit configured). Local mode stays on
     * the loopback interface, without the web UI, with few shuffle partitions.
     */
    static SparkSession session(String master, Map<String, String> conf) {
        SparkSession.Builder b = SparkSession.builder().appName("vfio-compat batch");
        if (master != null) {
            b.master(master);
            if (master.startsWith("local")) {
                b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8");
            }
        }
        conf.forEach(b::config);
        return b.getOrCreate();
    }
}
