package org.vfiocompat.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * One run of the batch on Spark, from inputs to a committed output folder:
 * <pre>
 * OUT/targets.ndjson/part-*   one line per assigned device, as vfio-compat batch --format ndjson writes it, by host and id
 * OUT/targets.parquet/part-*  the same records as Parquet columns ({@link DeviceResult#RECORD})
 * OUT/bad-rows/part-*         with --skip-bad-rows: file, row, place, reason of each bad row (NDJSON)
 * OUT/summary.json            the counts
 * </pre>
 *
 * @param inputs      files or folders of hosts (Parquet, NDJSON, JSON documents)
 * @param out         the output folder, which must not exist
 * @param packRoots   the pack folders, as for the CLI's --packs
 * @param top         targets kept per device
 * @param formats     {@code ndjson}, {@code parquet} or both
 * @param skipBadRows bad rows to the side output instead of failing the job
 * @param enablePlatform the platform packs that judge, as the CLI's {@code --enable-platform}
 * @param packCache   where the driver keeps compiled packs between runs, as the CLI's
 *                    {@code --pack-cache}; null: a new folder, removed after the run
 */
public record BatchJob(List<String> inputs, String out, List<Path> packRoots, int top, Set<String> formats, boolean skipBadRows,
                       List<String> enablePlatform, Path packCache) {

    /** What {@code bad-rows/} holds of each. */
    private static final org.apache.spark.sql.types.StructType BAD_ROW = new org.apache.spark.sql.types.StructType()
            .add("file", "string").add("row", "long").add("place", "string").add("reason", "string");

    public BatchJob {
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(out, "out");
        packRoots = List.copyOf(packRoots);
        enablePlatform = List.copyOf(enablePlatform);
        formats = Set.copyOf(formats);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no input");
        }
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, got " + top);
        }
        for (String f : formats) {
            if (!f.equals("ndjson") && !f.equals("parquet")) {
                throw new IllegalArgumentException("--format is ndjson, parquet or both, got " + f);
            }
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("--format names no output");
        }
    }

    /** Runs the job on {@code spark}; the output folder appears whole when it returns, and not at all when it throws. */
    public SparkBatch.Counts run(SparkSession spark) {
        Path cache;
        try {
            cache = packCache != null ? Files.createDirectories(packCache) : Files.createTempDirectory("vfio-compat-pack-cache-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PackBundle packs;
        try {
            packs = PackBundle.load(packRoots, cache, enablePlatform);
        } finally {
            if (packCache == null) {
                delete(cache);
            }
        }
        try (StagedOutput output = new StagedOutput(spark.sparkContext().hadoopConfiguration(), out)) {
            SparkBatch.Result result = SparkBatch.plan(spark, inputs, packs, top, skipBadRows);
            if (formats.contains("ndjson")) {
                spark.sparkContext().setJobDescription("rank, write targets.ndjson");
                NdjsonParts.write(result.lines(), output.part("targets.ndjson"), spark.sparkContext().hadoopConfiguration());
            }
            if (formats.contains("parquet")) {
                spark.sparkContext().setJobDescription("rank, write targets.parquet");
                spark.createDataFrame(result.lines(), DeviceResult.SCHEMA).select(functions.from_json(functions.col("line").cast("string"), DeviceResult.RECORD).as("r")).select("r.*")
                        .write().mode(SaveMode.ErrorIfExists).parquet(output.part("targets.parquet"));
            }
            spark.sparkContext().setJobDescription("totals");
            long bad = result.badRows();
            if (skipBadRows) {
                // Named (their lines counted) only when there are any.
                (bad > 0 ? result.bad().named() : spark.createDataFrame(List.<Row>of(), BAD_ROW)).write().mode(SaveMode.ErrorIfExists)
                        .json(output.part("bad-rows"));
            }
            long[] totals = result.totals();
            SparkBatch.Counts counts = new SparkBatch.Counts(totals[0], totals[1], totals[2], result.distinctPairs(), bad);
            output.writeFile("summary.json", "{\"devicesEvaluated\":" + counts.devicesEvaluated() + ",\"stranded\":" + counts.stranded()
                    + ",\"candidatePairs\":" + counts.candidatePairs() + ",\"distinctPairsEvaluated\":" + counts.distinctPairsEvaluated()
                    + ",\"badRows\":" + counts.badRows() + ",\"top\":" + top + ",\"packs\":\"" + packs.digest() + "\"}\n");
            output.commit();
            result.release();
            return counts;
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    /** Removes a folder the job made for itself. */
    private static void delete(Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
