package org.vfiocompat.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.json.BatchLines;
import org.vfiocompat.rules.DeviceProfile;
import scala.Tuple2;

/**
 * The fleet batch as a Spark job, in the shape that lets it scale: the work follows distinct
 * profiles, never devices times devices, and a device's own-host figures come from its host's
 * row alone.
 * <ol>
 *   <li>Hosts are read by the engine's reader, many rows at a time and as if row by row
 *       ({@link HostInput}), and cached as objects, a few arrays a host ({@link HostRecord});
 *       bad rows fail the job, or go to a side output with {@code --skip-bad-rows}; a host name
 *       twice is a bad row ({@link BadRows}: hosts' names and places only, as Spark rows).</li>
 *   <li>The distinct source profiles S and the distinct candidate groups G (profile, existing or
 *       creatable) are found by Spark, partition by partition ({@link FleetSummary}). S x G
 *       (hundreds by hundreds) is projected on the executors as each source's pack sees it
 *       ({@link CompatibilityEngine#projection}), pairs of types that cannot be compatible are
 *       dropped ({@link CompatibilityEngine#mayBeCompatible}), and each distinct projected pair is
 *       evaluated once, by the sandboxed engine on an executor.</li>
 *   <li>A device's top K lie among the first K + M of its profile's compatible candidates in
 *       the batch's one order (level, score, host, id), M being the most candidates one host
 *       has: its own host, the one it must skip, holds at most M of them. So each group keeps
 *       its first K + M candidates by host and id ({@link GroupPrefixes}: per partition, then
 *       merged by group), a join over the groups merges those of each source profile's
 *       compatible groups into one ranked list of K + M (a few hundred lists), and each device
 *       takes from its profile's list, which every executor holds, the first K not on its host.</li>
 *   <li>Counts per device (candidates and compatible ones elsewhere) are fleet-wide figures less
 *       the device's own host's ({@link HostCounts}), from the host alone.</li>
 *   <li>The output is by host and id, as the CLI's: the hosts are sorted (Spark's range
 *       partitioning: the one shuffle proportional to the fleet), each host's sources are in id
 *       order, and each line is made as its host is reached.</li>
 * </ol>
 * Nothing proportional to devices is collected on the driver: only counts, the bad-row sample
 * that fails a job, per-partition summaries of profiles and groups, and the few hundred ranked lists.
 */
public final class SparkBatch {

    private SparkBatch() {
    }

    /** What a job did: the summary's counts. */
    public record Counts(long devicesEvaluated, long stranded, long candidatePairs, long distinctPairsEvaluated, long badRows) {
    }

    /**
     * The job's output, before it is written: one line per assigned device, the run's totals
     * ({@link HostCounts#totals}), the bad rows (null when there are none), and what the job cached ({@link #release}).
     */
    record Result(Dataset<Row> devices, long[] totals, BadRows bad, long badRows, long distinctPairs, List<JavaRDD<?>> cached) {

        /** Drops what the job cached. */
        void release() {
            cached.forEach(JavaRDD::unpersist);
        }
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
    private static final StructType PREFIX = new StructType()
            .add("g", DataTypes.StringType).add("targetKind", DataTypes.StringType).add("host", DataTypes.StringType)
            .add("id", DataTypes.StringType).add("capacity", DataTypes.IntegerType);
    private static final StructType RANKED = new StructType()
            .add("s", DataTypes.StringType)
            .add("targets", DataTypes.createArrayType(new StructType()
                    .add("host", DataTypes.StringType).add("fields", DataTypes.StringType).add("verdict", DataTypes.StringType)));

    /**
     * Builds the job's plan over {@code inputs} (the output is computed when written; the
     * figures ranking needs are computed now); fails at once when there are bad rows and
     * {@code skipBadRows} is false.
     */
    static Result plan(SparkSession spark, List<String> inputs, PackBundle packs, int top, boolean skipBadRows) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, got " + top);
        }
        Broadcast<PackBundle> bundle = spark.sparkContext().broadcast(packs, scala.reflect.ClassTag$.MODULE$.apply(PackBundle.class));
        spark.sparkContext().setJobDescription("read hosts");
        HostInput.Hosts read = HostInput.read(spark, inputs);
        // Read once, kept as objects (a few arrays a host): every later step reads these.
        // Each executor starts building its engine as it starts reading, behind the reading.
        JavaRDD<ReadChunk> chunks = read.chunks().mapPartitions(it -> {
            bundle.value().warmUp();
            return it;
        }, true).persist(StorageLevel.MEMORY_AND_DISK());
        List<JavaRDD<?>> cached = new ArrayList<>(List.of(chunks));

        // Bad rows: the reader's, and each row naming a host named before. Whether there are any
        // is two counts over the chunks (the first reads the inputs and fills the cache; the
        // names twice are a shuffle of host names); only when there are are they found and named
        // (BadRows: hosts' names and places, and the bad rows, as Spark rows).
        spark.sparkContext().setJobDescription("read hosts, find bad rows");
        long refused = chunks.map(c -> (long) c.bad().size()).fold(0L, Long::sum);
        long namedTwice = chunks.flatMap(c -> c.hosts().stream().map(HostRecord::host).iterator())
                .mapToPair(name -> new Tuple2<>(name, 1)).reduceByKey(Integer::sum).filter(t -> t._2() > 1).count();
        BadRows bad = null;
        long badRows = 0;
        if (refused + namedTwice > 0) {
            bad = new BadRows(spark, spark.createDataFrame(chunks.flatMap(c -> c.placeRows().iterator()), ParsedRow.SCHEMA), read.numbers());
            if (!skipBadRows) {
                List<String> sample = bad.first(10);
                long n = bad.count();
                StringBuilder sb = new StringBuilder(String.join("\n", sample));
                if (n > sample.size()) {
                    sb.append("\n(and ").append(n - sample.size()).append(" more)");
                }
                throw new BadRowsException(sb.toString());
            }
            badRows = bad.count();
        }
        JavaRDD<HostRecord> hosts = chunks.flatMap(c -> c.hosts().iterator());
        if (badRows > 0) {
            // A host named in several rows is kept from the first (BadRows names the others):
            // a shuffle of hosts, only when there are bad rows. Rows the reader refused hold no host.
            hosts = hosts.mapToPair(h -> new Tuple2<>(h.host(), h)).reduceByKey(HostRecord::earlier).values()
                    .persist(StorageLevel.MEMORY_AND_DISK());
            cached.add(hosts);
        }

        // Distinct profiles (the dictionary), source profiles and candidate groups, found by Spark
        // partition by partition; the rows name profiles by key, the profiles go to every executor.
        spark.sparkContext().setJobDescription("read hosts, distinct profiles");
        ProfileDictionary dictionary = ProfileDictionary.of(chunks);
        Broadcast<ProfileDictionary> profiles = spark.sparkContext().broadcast(dictionary,
                scala.reflect.ClassTag$.MODULE$.apply(ProfileDictionary.class));
        spark.sparkContext().setJobDescription("distinct source profiles and candidate groups");
        FleetSummary summary = FleetSummary.of(hosts);
        List<Row> sourceRows = new ArrayList<>();
        for (String p : new java.util.TreeSet<>(summary.sourceProfiles)) {
            sourceRows.add(RowFactory.create(p));
        }
        List<Row> groupRows = new ArrayList<>();
        for (String group : new java.util.TreeSet<>(summary.groupSizes.keySet())) {
            groupRows.add(RowFactory.create(HostCounts.profileOf(group), HostCounts.kindOf(group)));
        }
        Dataset<Row> s = spark.createDataFrame(sourceRows, new StructType().add("s", DataTypes.StringType));
        Dataset<Row> g = spark.createDataFrame(groupRows, new StructType().add("g", DataTypes.StringType).add("targetKind", DataTypes.StringType));

        // S x G as each source's pack sees it, each distinct projected pair evaluated once.
        Dataset<Row> pairs = s.crossJoin(g).mapPartitions((MapPartitionsFunction<Row, Row>) it -> project(bundle.value().engine(), profiles.value(), it),
                Encoders.row(PAIR)).persist();
        Dataset<Row> verdicts = pairs.select("sp", "tp", "targetKind").distinct()
                .mapPartitions((MapPartitionsFunction<Row, Row>) it -> evaluate(bundle.value().engine(), it), Encoders.row(VERDICT))
                .persist();
        spark.sparkContext().setJobDescription("evaluate distinct pairs");
        long distinctPairs = verdicts.count();
        Dataset<Row> compatible = pairs.join(verdicts.where(col("compatible")), new String[] {"sp", "tp", "targetKind"})
                .select("s", "g", "targetKind", "level", "score", "verdict").persist();

        // Each group's first K + M candidates by host and id, merged per source profile into its ranked list.
        spark.sparkContext().setJobDescription("rank: the first candidates of each group");
        int keep = (int) Math.min(Integer.MAX_VALUE, top + summary.mostCandidatesOnAHost);
        List<Row> prefixRows = new ArrayList<>();
        for (Tuple2<String, ArrayList<GroupPrefixes.Entry>> p : hosts.mapPartitionsToPair(it -> GroupPrefixes.of(it, keep))
                .reduceByKey((a, b) -> GroupPrefixes.merge(a, b, keep)).collect()) {
            for (GroupPrefixes.Entry e : p._2()) {
                prefixRows.add(RowFactory.create(HostCounts.profileOf(p._1()), HostCounts.kindOf(p._1()), e.host(), e.id(), e.capacity()));
            }
        }
        Dataset<Row> prefixes = spark.createDataFrame(prefixRows, PREFIX);
        Dataset<Row> ranked = compatible.join(prefixes, new String[] {"g", "targetKind"})
                .select("s", "host", "id", "g", "targetKind", "capacity", "level", "score", "verdict")
                .groupByKey((org.apache.spark.api.java.function.MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroups((org.apache.spark.api.java.function.FlatMapGroupsFunction<String, Row, Row>) (key, rows) ->
                        List.of(rankedList(key, rows, keep, profiles.value())).iterator(), Encoders.row(RANKED));
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

        // Counts per device: fleet-wide figures less the device's own host's (HostCounts), from
        // the groups' sizes and which groups each source profile is compatible with.
        java.util.HashMap<String, java.util.HashSet<String>> compatibleGroups = new java.util.HashMap<>();
        for (Row r : compatible.select("s", "g", "targetKind").collectAsList()) {
            compatibleGroups.computeIfAbsent(r.getString(0), k -> new java.util.HashSet<>()).add(HostCounts.group(r.getString(1), r.getString(2)));
        }
        Broadcast<HostCounts> hostCounts = spark.sparkContext().broadcast(new HostCounts(summary.groupSizes, compatibleGroups),
                scala.reflect.ClassTag$.MODULE$.apply(HostCounts.class));
        spark.sparkContext().setJobDescription("totals");
        long[] totals = hosts.mapPartitions(it -> List.of(hostCounts.value().totals(it)).iterator())
                .fold(new long[3], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
        pairs.unpersist();
        verdicts.unpersist();
        compatible.unpersist();

        // The output's order, by host and id: the hosts are sorted (a few arrays each, not the
        // lines), and each host's sources are in id order already; every device's line is made
        // from its host alone and the ranked lists every executor holds.
        JavaRDD<Row> lines = hosts.sortBy(HostRecord::host, true, Math.max(1, hosts.getNumPartitions()))
                .mapPartitions(it -> DeviceResult.all(it, hostCounts.value(), rankedLists.value(), profiles.value(), top));
        Dataset<Row> devices = spark.createDataFrame(lines, DeviceResult.SCHEMA);
        return new Result(devices, totals, bad, badRows, distinctPairs, cached);
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
