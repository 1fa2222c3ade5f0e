package org.vfiocompat.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.json.BatchLines;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The fleet batch as a Spark job, in the shape that lets it scale: the work follows distinct
 * profiles, never devices times devices.
 * <ol>
 *   <li>Hosts are read by the engine's reader, many rows at a time and as if row by row
 *       ({@link HostInput}); bad rows fail the job, or go to a side output with
 *       {@code --skip-bad-rows}; a host name twice is a bad row ({@link BadRows}).</li>
 *   <li>The distinct source profiles S and the distinct candidate groups G (profile, existing or
 *       creatable) are found by Spark. S x G (hundreds by hundreds) is projected on the
 *       executors as each source's pack sees it ({@link CompatibilityEngine#projection}), pairs
 *       of types that cannot be compatible are dropped ({@link CompatibilityEngine#mayBeCompatible}),
 *       and each distinct projected pair is evaluated once, by the sandboxed engine on an
 *       executor.</li>
 *   <li>A device's top K lie among the first K + M of its profile's compatible candidates in
 *       the batch's one order (level, score, host, id), M being the most candidates one host
 *       has: its own host, the one it must skip, holds at most M of them. So each group keeps
 *       its first K + M candidates by host and id, each source profile merges those of its
 *       compatible groups into one ranked list of K + M (a few hundred lists), and each device
 *       takes from its profile's list (a broadcast join) the first K not on its host.</li>
 *   <li>Counts per device (candidates and compatible ones elsewhere) are fleet-wide figures less
 *       the device's own host's, computed host by host in one pass over the devices and
 *       candidates sorted by host ({@link HostCounts}), the sort the output's order needs anyway:
 *       linear in devices.</li>
 * </ol>
 * Nothing proportional to devices is collected on the driver: only counts, the bad-row sample
 * that fails a job, and the few hundred ranked lists.
 */
public final class SparkBatch {

    private SparkBatch() {
    }

    /** What a job did: the summary's counts. */
    public record Counts(long devicesEvaluated, long stranded, long candidatePairs, long distinctPairsEvaluated, long badRows) {
    }

    /**
     * The job's output, before it is written: one line per assigned device, the counts of each
     * device (candidates, compatible) for the totals, and the bad rows.
     */
    record Result(Dataset<Row> devices, Dataset<Row> counts, BadRows bad, long badRows, long distinctPairs) {
    }

    /** Bad rows found, and {@code --skip-bad-rows} not given: the first few, named. */
    public static final class BadRowsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRowsException(String message) {
            super(message);
        }
    }

    private static final StructType PAIR = new StructType()
            .add("s", DataTypes.StringType).add("g", DataTypes.StringType).add("targetKind", DataTypes.StringType)
            .add("sp", DataTypes.StringType).add("tp", DataTypes.StringType);
    private static final StructType VERDICT = new StructType()
            .add("sp", DataTypes.StringType).add("tp", DataTypes.StringType).add("targetKind", DataTypes.StringType)
            .add("compatible", DataTypes.BooleanType).add("level", DataTypes.IntegerType).add("score", DataTypes.IntegerType)
            .add("verdict", DataTypes.StringType);
    private static final StructType RANKED = new StructType()
            .add("s", DataTypes.StringType)
            .add("targets", DataTypes.createArrayType(new StructType()
                    .add("host", DataTypes.StringType).add("fields", DataTypes.StringType).add("verdict", DataTypes.StringType)));

    /**
     * Builds the job's plan over {@code inputs} (lazily: the output is computed when written);
     * fails at once when there are bad rows and {@code skipBadRows} is false.
     */
    static Result plan(SparkSession spark, List<String> inputs, PackBundle packs, int top, boolean skipBadRows) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, got " + top);
        }
        Broadcast<PackBundle> bundle = spark.sparkContext().broadcast(packs, scala.reflect.ClassTag$.MODULE$.apply(PackBundle.class));
        spark.sparkContext().setJobDescription("read hosts");
        HostInput.Hosts read = HostInput.read(spark, inputs);
        Dataset<Row> parsed = read.parsed().persist();

        BadRows bad = new BadRows(spark, parsed, read.numbers());
        spark.sparkContext().setJobDescription("read hosts, find bad rows");
        long badRows;
        if (!skipBadRows) {
            List<String> sample = bad.first(10);
            if (!sample.isEmpty()) {
                long n = bad.count();
                StringBuilder sb = new StringBuilder(String.join("\n", sample));
                if (n > sample.size()) {
                    sb.append("\n(and ").append(n - sample.size()).append(" more)");
                }
                throw new BadRowsException(sb.toString());
            }
            badRows = 0;
        } else {
            badRows = bad.count();
        }
        // Without bad rows there is nothing to leave out: no join of every row with the bad ones' places.
        Dataset<Row> kept = parsed.where(col("what").isin(ParsedRow.SOURCE, ParsedRow.CANDIDATE));
        Dataset<Row> good = badRows == 0 ? kept : kept.join(bad.places(), new String[] {"file", "part", "row"}, "left_anti");

        Dataset<Row> sources = good.where(col("what").equalTo(ParsedRow.SOURCE)).select("host", "id", "profile", "vm").persist();
        Dataset<Row> candidates = good.where(col("what").equalTo(ParsedRow.CANDIDATE))
                .select("host", "id", "profile", "targetKind", "capacity").persist();

        // Distinct profiles, their pairs as each source's pack sees them, each distinct pair evaluated once.
        // Rows name profiles by key; the profiles themselves, a few hundred, go to every executor.
        spark.sparkContext().setJobDescription("read hosts, distinct profiles");
        ProfileDictionary dictionary = ProfileDictionary.of(parsed);
        Broadcast<ProfileDictionary> profiles = spark.sparkContext().broadcast(dictionary,
                scala.reflect.ClassTag$.MODULE$.apply(ProfileDictionary.class));
        Dataset<Row> s = sources.select(col("profile").as("s")).distinct();
        Dataset<Row> g = candidates.select(col("profile").as("g"), col("targetKind")).distinct();
        Dataset<Row> pairs = s.crossJoin(g).mapPartitions((MapPartitionsFunction<Row, Row>) it -> project(bundle.value().engine(), profiles.value(), it),
                Encoders.row(PAIR)).persist();
        Dataset<Row> verdicts = pairs.select("sp", "tp", "targetKind").distinct()
                .mapPartitions((MapPartitionsFunction<Row, Row>) it -> evaluate(bundle.value().engine(), it), Encoders.row(VERDICT))
                .persist();
        spark.sparkContext().setJobDescription("evaluate distinct pairs");
        long distinctPairs = verdicts.count();
        Dataset<Row> compatible = pairs.join(verdicts.where(col("compatible")), new String[] {"sp", "tp", "targetKind"})
                .select("s", "g", "targetKind", "level", "score", "verdict").persist();

        // Each group's first K + M candidates by place, merged per source profile into its ranked list.
        spark.sparkContext().setJobDescription("count candidates per host");
        Row most = candidates.groupBy("host").agg(count(lit(1)).as("n")).agg(max("n")).first();
        long perHost = most.isNullAt(0) ? 0 : most.getLong(0);
        int keep = (int) Math.min(Integer.MAX_VALUE, top + perHost);
        Dataset<Row> prefixes = candidates.withColumn("n", row_number().over(Window.partitionBy("profile", "targetKind").orderBy("host", "id")))
                .where(col("n").leq(keep)).withColumnRenamed("profile", "g");
        Dataset<Row> ranked = compatible.join(prefixes, new String[] {"g", "targetKind"})
                .select("s", "host", "id", "g", "targetKind", "capacity", "level", "score", "verdict")
                .groupByKey((org.apache.spark.api.java.function.MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroups((org.apache.spark.api.java.function.FlatMapGroupsFunction<String, Row, Row>) (key, rows) ->
                        List.of(rankedList(key, rows, keep, profiles.value())).iterator(), Encoders.row(RANKED));

        // Counts per device: candidates elsewhere, compatible candidates elsewhere, host by host
        // (HostCounts) from the groups' sizes and which groups each source profile is compatible
        // with: both grow with distinct profiles, not devices. The pass over the devices and
        // candidates sorted by host is the output's order too: its rows are by host and id, and
        // they are kept (a few columns a device), so the totals need not read the formatted lines back.
        spark.sparkContext().setJobDescription("count candidates");
        java.util.HashMap<String, Long> groupSizes = new java.util.HashMap<>();
        for (Row r : candidates.groupBy("profile", "targetKind").agg(count(lit(1))).collectAsList()) {
            groupSizes.put(HostCounts.group(r.getString(0), r.getString(1)), r.getLong(2));
        }
        java.util.HashMap<String, java.util.HashSet<String>> compatibleGroups = new java.util.HashMap<>();
        for (Row r : compatible.select("s", "g", "targetKind").collectAsList()) {
            compatibleGroups.computeIfAbsent(r.getString(0), k -> new java.util.HashSet<>()).add(HostCounts.group(r.getString(1), r.getString(2)));
        }
        Broadcast<HostCounts> hostCounts = spark.sparkContext().broadcast(new HostCounts(groupSizes, compatibleGroups),
                scala.reflect.ClassTag$.MODULE$.apply(HostCounts.class));
        Dataset<Row> byHost = candidates.select(col("host"), lit(0).as("side"), col("id"), col("profile"), col("targetKind"),
                        lit(null).cast(DataTypes.StringType).as("vm"))
                .union(sources.select(col("host"), lit(1).as("side"), col("id"), col("profile"),
                        lit(null).cast(DataTypes.StringType).as("targetKind"), col("vm")))
                // By host alone, so that no host is split between partitions; then each host's candidates before its sources.
                .repartitionByRange(col("host"))
                .sortWithinPartitions("host", "side", "id");
        Dataset<Row> counted = byHost.mapPartitions((MapPartitionsFunction<Row, Row>) it -> hostCounts.value().count(it),
                Encoders.row(HostCounts.SCHEMA)).persist();
        // The ranked lists (a few hundred, one per source profile) go to every executor; the
        // devices were sorted by host and id while they were a few columns each, and are
        // formatted in that order: the sort shuffles the counts, not the NDJSON lines (at 1M
        // devices the lines' sort shuffled 88.6 MiB compressed and spilled 1.3 GiB).
        spark.sparkContext().setJobDescription("rank: the ranked list of each source profile");
        java.util.HashMap<String, List<String[]>> lists = new java.util.HashMap<>();
        for (Row r : ranked.collectAsList()) {
            List<String[]> targets = new ArrayList<>();
            for (Row t : r.<Row>getList(1)) {
                targets.add(new String[] {t.getString(0), t.getString(1), t.getString(2)});
            }
            lists.put(r.getString(0), targets);
        }
        Broadcast<java.util.HashMap<String, List<String[]>>> rankedLists = spark.sparkContext().broadcast(lists,
                scala.reflect.ClassTag$.MODULE$.apply(java.util.HashMap.class));
        Dataset<Row> devices = counted.mapPartitions((MapPartitionsFunction<Row, Row>) it -> DeviceResult.all(it, rankedLists.value(), profiles.value(), top),
                        Encoders.row(DeviceResult.SCHEMA));
        return new Result(devices, counted, bad, badRows, distinctPairs);
    }

    /** S x G as each source's pack sees it, without the pairs of types that cannot be compatible. */
    private static Iterator<Row> project(CompatibilityEngine engine, ProfileDictionary profiles, Iterator<Row> pairs) {
        List<Row> out = new ArrayList<>();
        while (pairs.hasNext()) {
            Row r = pairs.next();
            DeviceProfile source = profiles.profile(r.getString(0));
            DeviceProfile target = profiles.profile(r.getString(1));
            String type = source.getMigrationType();
            if (!engine.mayBeCompatible(type, target.getMigrationType())) {
                continue;
            }
            out.add(RowFactory.create(r.getString(0), r.getString(1), r.getString(2),
                    ProfileCodec.encode(engine.projection(type, source)), ProfileCodec.encode(engine.projection(type, target))));
        }
        return out.iterator();
    }

    /** Each distinct projected pair, evaluated once by the sandboxed engine. */
    private static Iterator<Row> evaluate(CompatibilityEngine engine, Iterator<Row> pairs) {
        List<Row> out = new ArrayList<>();
        while (pairs.hasNext()) {
            Row r = pairs.next();
            Verdict v = engine.check(ProfileCodec.decode(r.getString(0)), ProfileCodec.decode(r.getString(1)),
                    CandidateKind.valueOf(r.getString(2)));
            out.add(RowFactory.create(r.getString(0), r.getString(1), r.getString(2), v.compatible(), v.level().ordinal(), v.score(),
                    BatchLines.verdictJson(v)));
        }
        return out.iterator();
    }

    /** One source profile's first {@code keep} compatible candidates in the batch's order: level, score (highest first), host, id. */
    private static Row rankedList(String s, Iterator<Row> rows, int keep, ProfileDictionary profiles) {
        record Ranked(String host, String id, int level, int score, String fields, String verdict) {
        }
        List<Ranked> all = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            String host = r.getString(1);
            String id = r.getString(2);
            Candidate candidate = new Candidate(host, id, CandidateKind.valueOf(r.getString(4)), profiles.profile(r.getString(3)),
                    r.getInt(5));
            all.add(new Ranked(host, id, r.getInt(6), r.getInt(7), BatchLines.candidateFields(candidate), r.getString(8)));
        }
        all.sort(Comparator.comparingInt(Ranked::level).thenComparing(Comparator.comparingInt(Ranked::score).reversed())
                .thenComparing(Ranked::host).thenComparing(Ranked::id));
        List<Row> targets = new ArrayList<>();
        for (int i = 0; i < Math.min(keep, all.size()); i++) {
            targets.add(RowFactory.create(all.get(i).host(), all.get(i).fields(), all.get(i).verdict()));
        }
        return RowFactory.create(s, scala.jdk.javaapi.CollectionConverters.asScala(targets).toSeq());
    }
}
