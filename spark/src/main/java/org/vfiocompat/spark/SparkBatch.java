package org.vfiocompat.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
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
 *       (hundreds by hundreds) is projected on the executors as each source's pack sees it,
 *       and each distinct projected pair is evaluated once, by the sandboxed engine on an
 *       executor ({@link PairVerdicts}).</li>
 *   <li>A device's top K lie among the first K + M of its profile's compatible candidates in
 *       the batch's one order (level, score, host, id), M being the most candidates one host
 *       has: its own host, the one it must skip, holds at most M of them. So each group keeps
 *       its first K + M candidates by host and id ({@link GroupPrefixes}: per partition, then
 *       merged by group), a join over the groups merges those of each source profile's
 *       compatible groups into one ranked list of K + M (a few hundred lists, {@link RankedLists}),
 *       and each device takes from its profile's list, which every executor holds, the first K
 *       not on its host.</li>
 *   <li>Counts per device (candidates and compatible ones elsewhere) are fleet-wide figures less
 *       the device's own host's ({@link HostCounts}), from the host alone.</li>
 *   <li>The output is by host and id, as the CLI's: the hosts are sorted (Spark's range
 *       partitioning: the one shuffle proportional to the fleet) unless the read found them in
 *       that order already ({@link HostOrder}), each host's sources are in id order, and each
 *       line is made as its host is reached.</li>
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
     * The job's output, before it is written: a row of {@link DeviceResult#SCHEMA} per assigned device (its line), the run's totals
     * ({@link HostCounts#totals}), the bad rows (null when there are none), and what the job cached ({@link #release}).
     */
    record Result(JavaRDD<Row> lines, long[] totals, BadRows bad, long badRows, long distinctPairs, List<JavaRDD<?>> cached) {

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
        // is the read's first action (it reads the inputs, fills the cache and tells each
        // partition's refusals and order, HostOrder) and, unless the names were read in order
        // (then none is there twice), a count of names used twice (a shuffle of host names); only
        // when there are are they found and named (BadRows: hosts' names and places, and the bad
        // rows, as Spark rows).
        spark.sparkContext().setJobDescription("read hosts, find bad rows");
        List<HostOrder> order = chunks.mapPartitions(it -> List.of(HostOrder.of(it)).iterator()).collect();
        long refused = HostOrder.refused(order);
        boolean inOrder = HostOrder.inOrder(order);
        long namedTwice = inOrder ? 0 : chunks.flatMap(c -> c.hosts().stream().map(HostRecord::host).iterator())
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
        if (namedTwice > 0) {
            // A host named in several rows is kept from the first (BadRows names the others):
            // a shuffle of hosts, only when a name is used twice. Rows the reader refused hold no host.
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
        List<String> sources = new ArrayList<>(new java.util.TreeSet<>(summary.sourceProfiles));
        List<String> groups = new ArrayList<>(new java.util.TreeSet<>(summary.groupSizes.keySet()));
        int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        // S x G as each source's pack sees it, each distinct projected pair evaluated once (PairVerdicts).
        spark.sparkContext().setJobDescription("evaluate distinct pairs");
        PairVerdicts verdicts = PairVerdicts.of(sc, sources, groups, bundle, profiles, partitions);
        Broadcast<java.util.HashMap<String, ArrayList<PairVerdicts.Match>>> matches = sc.broadcast(verdicts.byGroup);

        // Each group's first K + M candidates by host and id, joined with the source profiles
        // compatible with the group and merged per source profile into its ranked list (RankedLists).
        spark.sparkContext().setJobDescription("rank: the ranked list of each source profile");
        int keep = (int) Math.min(Integer.MAX_VALUE, top + summary.mostCandidatesOnAHost);
        Broadcast<java.util.HashMap<String, List<String[]>>> rankedLists = sc.broadcast(RankedLists.of(hosts, keep, matches, profiles, partitions));
        matches.destroy();

        // Counts per device: fleet-wide figures less the device's own host's (HostCounts), from
        // the groups' sizes and which groups each source profile is compatible with.
        Broadcast<HostCounts> hostCounts = spark.sparkContext().broadcast(new HostCounts(summary.groupSizes, verdicts.compatibleGroups),
                scala.reflect.ClassTag$.MODULE$.apply(HostCounts.class));
        spark.sparkContext().setJobDescription("totals");
        long[] totals = hosts.mapPartitions(it -> List.of(hostCounts.value().totals(it)).iterator())
                .fold(new long[3], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});

        // The output's order, by host and id: the hosts are sorted (a few arrays each, not the
        // lines) unless they were read in that order (HostOrder), and each host's sources are in
        // id order already; every device's line is made from its host alone and the ranked lists
        // every executor holds.
        JavaRDD<HostRecord> sorted = inOrder ? hosts : hosts.sortBy(HostRecord::host, true, Math.max(1, hosts.getNumPartitions()));
        JavaRDD<Row> lines = sorted.mapPartitions(it -> DeviceResult.all(it, hostCounts.value(), rankedLists.value(), profiles.value(), top));
        return new Result(lines, totals, bad, badRows, verdicts.distinctPairs, cached);
    }
}
