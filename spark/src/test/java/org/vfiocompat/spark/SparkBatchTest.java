package org.vfiocompat.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.json.BatchLines;

/**
 * The job in local mode against the single-machine batch: the CLI's golden output for the
 * bundled fleets (with and without a platform pack enabled), and {@link CompatibilityEngine#batch}
 * on a generated fleet read from NDJSON and from Parquet at once; bad rows named by file, row and
 * place, nothing written when the job fails.
 *
 * <p>One local session and one compiled-pack cache serve every case (a pack is compiled once
 * for the class, not once a job), and the generated fleets are small: what a case asserts is
 * equality, which a few hundred devices of every bundled profile show as well as thousands.
 */
class SparkBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The repository's root: the folder above that holds vendor-packs/ (PackBundleTest's too). */
    static final Path ROOT = locateRoot();
    private static final Path PACKS = ROOT.resolve("vendor-packs");
    private static final List<String> NO_PLATFORM = List.of();
    private static final List<String> LINUX_QEMU = List.of("linux-qemu");
    private static SparkSession spark;

    @TempDir
    static Path packCache;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = VfioCompatSpark.session("local[2]", Map.of("spark.sql.shuffle.partitions", "2"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Path locateRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("vendor-packs"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no vendor-packs above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    private BatchJob job(List<String> inputs, Path out, List<Path> packs, int top, Set<String> formats, boolean skip,
                         List<String> platform) {
        return new BatchJob(inputs, out.toString(), packs, top, formats, skip, platform, packCache);
    }

    /** The job's NDJSON lines on {@code inputs}. */
    private List<String> run(List<String> inputs, List<Path> packs, int top, List<String> platform) {
        Path out = tmp.resolve("out-" + System.nanoTime());
        job(inputs, out, packs, top, Set.of("ndjson"), false, platform).run(spark);
        return lines(out.resolve("targets.ndjson"));
    }

    /** The job's NDJSON lines on {@code inputs}, after checking that its Parquet output holds the same records. */
    private List<String> runBothFormats(List<String> inputs, List<Path> packs, int top, List<String> platform) {
        Path out = tmp.resolve("out-" + System.nanoTime());
        job(inputs, out, packs, top, Set.of("ndjson", "parquet"), false, platform).run(spark);
        List<String> lines = lines(out.resolve("targets.ndjson"));
        List<Row> parquet = spark.read().parquet(out.resolve("targets.parquet").toString()).orderBy("source.host", "source.id").collectAsList();
        assertThat(parquet).hasSameSizeAs(lines);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = read(lines.get(i));
            assertThat(parquet.get(i).<Row>getAs("source").<String>getAs("ref")).isEqualTo(line.at("/source/ref").asText());
            List<Row> targets = parquet.get(i).getList(parquet.get(i).fieldIndex("targets"));
            assertThat(targets).hasSize(line.get("targets").size());
            for (int t = 0; t < targets.size(); t++) {
                JsonNode target = line.get("targets").get(t);
                assertThat(targets.get(t).<String>getAs("candidateKind")).isEqualTo(target.get("candidateKind").asText());
                assertThat(targets.get(t).<String>getAs("kind")).isEqualTo(target.get("kind").asText());
                assertThat(targets.get(t).<Row>getAs("verdict").<String>getAs("level")).isEqualTo(target.at("/verdict/level").asText());
            }
        }
        return lines;
    }

    private static List<String> lines(Path folder) {
        try (Stream<Path> parts = Files.list(folder)) {
            List<String> out = new ArrayList<>();
            for (Path p : parts.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                out.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theBundledFleetGivesTheClisNdjsonLinesByteForByte() throws IOException {
        List<String> golden = Files.readAllLines(ROOT.resolve("cli/src/test/resources/golden/batch-top2.ndjson")).stream()
                .filter(l -> l.startsWith("{\"type\":\"source\"")).toList();

        List<String> lines = run(List.of(ROOT.resolve("examples/fleet.json").toString()), List.of(PACKS.resolve("intel-gvtg")), 2, NO_PLATFORM);

        assertThat(golden).isNotEmpty();
        assertThat(lines).containsExactlyElementsOf(golden);
    }

    @Test
    void theMixedFleetGivesTheClisRecords() throws IOException {
        ArrayNode golden = (ArrayNode) JSON.readTree(ROOT.resolve("cli/src/test/resources/golden/mixed-batch.json").toFile()).get("sources");

        List<String> lines = run(List.of(ROOT.resolve("examples/mixed-fleet.json").toString()), List.of(PACKS), 3, NO_PLATFORM);

        List<JsonNode> records = new ArrayList<>();
        for (String l : lines) {
            ObjectNode n = (ObjectNode) read(l);
            n.remove("type");
            records.add(n);
        }
        assertThat(golden).isNotEmpty();
        assertThat(records).containsExactlyElementsOf(golden);
    }

    @Test
    void withAPlatformPackEnabledTheFleetWithHostFactsGivesTheClisNdjsonLinesByteForByte() throws IOException {
        // vfio-compat batch --inventory examples/host-software-fleet.json --enable-platform linux-qemu --format ndjson --top 3
        List<String> golden = Files.readAllLines(ROOT.resolve("cli/src/test/resources/golden/batch-platform.ndjson")).stream()
                .filter(l -> l.startsWith("{\"type\":\"source\"")).toList();

        List<String> lines = run(List.of(ROOT.resolve("examples/host-software-fleet.json").toString()), List.of(PACKS), 3, LINUX_QEMU);

        assertThat(golden).isNotEmpty();
        assertThat(golden.get(0)).as("the platform pack decides some targets").contains("\"pack\":\"linux-qemu\"");
        assertThat(golden.get(0)).as("the hosts' software facts are in the records").contains("\"software\":{\"kernel\":");
        assertThat(lines).containsExactlyElementsOf(golden);
    }

    @Test
    void aGeneratedFleetHalfNdjsonHalfParquetGivesTheEnginesBatchWithAndWithoutAPlatformPack() throws IOException {
        Path all = generate(tmp.resolve("fleet.ndjson"), 6, 7);
        List<String> rows = Files.readAllLines(all);
        Path ndjson = Files.write(tmp.resolve("first-half.ndjson"), rows.subList(0, rows.size() / 2));
        Path half = Files.write(tmp.resolve("second-half.ndjson"), rows.subList(rows.size() / 2, rows.size()));
        Path parquet = tmp.resolve("second-half.parquet");
        spark.read().schema(HostSchema.host()).json(half.toString()).write().parquet(parquet.toString());
        List<String> inputs = List.of(ndjson.toString(), parquet.toString());
        List<String> plain = expected(all, 4, NO_PLATFORM);
        List<String> platform = expected(all, 4, LINUX_QEMU);
        assertThat(plain.size()).isGreaterThan(50);
        assertThat(platform).as("the platform pack changes verdicts of the generated fleet").isNotEqualTo(plain);

        assertThat(runBothFormats(inputs, List.of(PACKS), 4, LINUX_QEMU)).containsExactlyElementsOf(platform);
        assertThat(run(inputs, List.of(PACKS), 4, NO_PLATFORM)).containsExactlyElementsOf(plain);
    }

    @Test
    void hostsReadInNameOrderAreNeitherSortedNorCountedForNamesUsedTwiceAndGiveTheSameLines() throws Exception {
        Path all = generate(tmp.resolve("fleet.ndjson"), 4, 11);
        List<String> rows = Files.readAllLines(all);
        List<String> byName = rows.stream().sorted(java.util.Comparator.comparing((String r) -> read(r).get("name").asText())).toList();
        assertThat(byName).as("the generated fleet is not in name order").isNotEqualTo(rows);
        int half = byName.size() / 2;
        Path first = Files.write(tmp.resolve("a.ndjson"), byName.subList(0, half));
        Path second = Files.write(tmp.resolve("b.ndjson"), byName.subList(half, byName.size()));
        List<String> expected = expected(all, 3, NO_PLATFORM);
        assertThat(expected.size()).isGreaterThan(30);

        // In order across both files: the lines come from the cached hosts as read.
        List<String> names = stageNames(() -> assertThat(run(List.of(first.toString(), second.toString()), List.of(PACKS), 3, NO_PLATFORM))
                .containsExactlyElementsOf(expected));
        assertThat(names).noneMatch(n -> n.startsWith("sortBy at SparkBatch")).noneMatch(n -> n.startsWith("mapToPair at SparkBatch"));
        // Each file in order, the files not: sorted, and the names counted, as for any order.
        names = stageNames(() -> assertThat(run(List.of(second.toString(), first.toString()), List.of(PACKS), 3, NO_PLATFORM))
                .containsExactlyElementsOf(expected));
        assertThat(names).anyMatch(n -> n.startsWith("sortBy at SparkBatch")).anyMatch(n -> n.startsWith("mapToPair at SparkBatch"));
    }

    @Test
    void aHostNamedTwiceInARowOfAFileInNameOrderFailsTheJob() throws IOException {
        Path all = generate(tmp.resolve("fleet.ndjson"), 2, 13);
        List<String> byName = new ArrayList<>(Files.readAllLines(all).stream()
                .sorted(java.util.Comparator.comparing((String r) -> read(r).get("name").asText())).toList());
        byName.add(3, byName.get(3));
        Path fleet = Files.write(tmp.resolve("sorted.ndjson"), byName);
        Path out = tmp.resolve("out");

        assertThatThrownBy(() -> job(List.of(fleet.toString()), out, List.of(PACKS), 3, Set.of("ndjson"), false, NO_PLATFORM).run(spark))
                .isInstanceOf(SparkBatch.BadRowsException.class)
                .hasMessage(fleet + " at /name: host '" + read(byName.get(3)).get("name").asText() + "' appears twice (first in " + fleet
                        + " row 4)");
        assertThat(out).doesNotExist();
    }

    /** The names of the stages {@code job} ran (Spark's call sites, such as {@code sortBy at SparkBatch.java:170}). */
    private static List<String> stageNames(Runnable job) throws InterruptedException {
        StageMetrics metrics = new StageMetrics();
        spark.sparkContext().addSparkListener(metrics);
        try {
            job.run();
            metrics.awaitQuiet(10_000);
        } finally {
            spark.sparkContext().removeSparkListener(metrics);
        }
        List<String> names = metrics.stages().stream().map(StageMetrics.Stage::name).toList();
        assertThat(names).as("the listener saw the job").isNotEmpty();
        return names;
    }

    @Test
    void aFleetWithNoAssignedDeviceGivesNoLinesAndZeroCounts() throws IOException {
        Path fleet = generate(tmp.resolve("fleet.ndjson"), 2, 5);
        List<String> rows = Files.readAllLines(fleet).stream().map(r -> r.replaceAll(",\"assignedTo\":\"[^\"]*\"", "")).toList();
        assertThat(String.join("", rows)).doesNotContain("assignedTo");
        Files.write(fleet, rows);
        Path out = tmp.resolve("out");

        SparkBatch.Counts counts = job(List.of(fleet.toString()), out, List.of(PACKS), 3, Set.of("ndjson"), false, NO_PLATFORM).run(spark);

        assertThat(counts.devicesEvaluated()).isZero();
        assertThat(counts.badRows()).isZero();
        assertThat(expected(fleet, 3, NO_PLATFORM)).isEmpty();
        assertThat(lines(out.resolve("targets.ndjson"))).isEmpty();
        assertThat(read(Files.readString(out.resolve("summary.json"))).get("devicesEvaluated").asLong()).isZero();
    }

    @Test
    void anOutputFolderThatExistsIsRefusedAndLeftAsItWas() throws IOException {
        Path fleet = generate(tmp.resolve("fleet.ndjson"), 1, 2);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("earlier.txt"), "an earlier run's\n");

        assertThatThrownBy(() -> job(List.of(fleet.toString()), out, List.of(PACKS), 3, Set.of("ndjson"), false, NO_PLATFORM).run(spark))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--out " + out + " exists already; give a new folder (nothing was written)");
        try (Stream<Path> inside = Files.list(out); Stream<Path> beside = Files.list(tmp)) {
            assertThat(inside.map(p -> p.getFileName().toString())).containsExactly("earlier.txt");
            assertThat(beside.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("fleet.ndjson", "out");
        }
    }

    @Test
    void aBadRowFailsTheJobNamingFileLineAndPointerAndNothingIsWritten() throws IOException {
        Path fleet = generate(tmp.resolve("fleet.ndjson"), 3, 1);
        List<String> rows = new ArrayList<>(Files.readAllLines(fleet));
        rows.set(1, rows.get(1).replaceFirst("\"kind\":\"(MDEV|PHYS)\"", "\"kind\":\"GPU\""));
        Files.write(fleet, rows);
        Path out = tmp.resolve("out");

        assertThatThrownBy(() -> job(List.of(fleet.toString()), out, List.of(PACKS), 3, Set.of("ndjson"), false, NO_PLATFORM).run(spark))
                .isInstanceOf(SparkBatch.BadRowsException.class)
                .hasMessageMatching(fleet + " line 2 at /devices/0/kind \\(column \\d+\\): expected one of MDEV, PHYS, got \"GPU\"");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("fleet.ndjson");
        }
    }

    @Test
    void withSkipBadRowsTheyGoToTheSideOutputAndTheSummaryCountsThem() throws IOException {
        Path fleet = generate(tmp.resolve("fleet.ndjson"), 6, 3);
        List<String> rows = new ArrayList<>(Files.readAllLines(fleet));
        rows.set(2, rows.get(2).replaceFirst("\\{\"name\"", "{\"rack\":\"r7\",\"name\""));
        Files.write(fleet, rows);
        Path again = Files.write(tmp.resolve("later.ndjson"), List.of(rows.get(0))); // host named twice, in a second file
        Path out = tmp.resolve("out");

        SparkBatch.Counts counts = job(List.of(fleet.toString(), again.toString()), out, List.of(PACKS), 3, Set.of("ndjson"), true,
                NO_PLATFORM).run(spark);

        assertThat(counts.badRows()).isEqualTo(2);
        List<JsonNode> bad = lines(out.resolve("bad-rows")).stream().map(SparkBatchTest::read).toList();
        assertThat(bad).extracting(n -> n.get("row").asLong() + " " + n.get("place").asText() + ": " + n.get("reason").asText())
                .containsExactlyInAnyOrder(
                        "3 line 3 at /rack (column 9): unknown field 'rack' (known fields: devices, mdevParents, name, software)",
                        "1 at /name: host '" + read(rows.get(0)).get("name").asText() + "' appears twice (first in " + fleet + " row 1)");
        assertThat(read(Files.readString(out.resolve("summary.json"))).get("badRows").asLong()).isEqualTo(2);
        // The bad hosts are left out; the rest is the batch of the good rows.
        List<String> good = new ArrayList<>(rows);
        good.remove(2);
        Path goodFleet = Files.write(tmp.resolve("good.ndjson"), good);
        assertThat(lines(out.resolve("targets.ndjson"))).containsExactlyElementsOf(expected(goodFleet, 3, NO_PLATFORM));
    }

    @Test
    void badRowsInLaterSplitsOfAFileAreNamedByTheirLineInTheFile() throws IOException {
        Path fleet = generate(tmp.resolve("fleet.ndjson"), 6, 11);
        List<String> rows = new ArrayList<>(Files.readAllLines(fleet));
        int late = rows.size() - 3; // lines are 0-based here, 1-based in the messages
        rows.set(late, rows.get(late).replaceFirst("\"kind\":\"(MDEV|PHYS)\"", "\"kind\":\"GPU\""));
        int middle = rows.size() / 2;
        rows.set(middle, rows.get(middle).replaceFirst("\\{\"name\"", "{\"rack\":\"r7\",\"name\""));
        rows.add(middle + 3, rows.get(middle + 2)); // a host twice in one split: the split's lines are read together
        rows.add(rows.get(1)); // and a host of the first split again in the last
        Files.write(fleet, rows);
        String host1 = read(rows.get(1)).get("name").asText();
        String host2 = read(rows.get(middle + 2)).get("name").asText();
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 16 << 10);
        try {
            int splits = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).newAPIHadoopFile(fleet.toString(),
                    org.apache.hadoop.mapreduce.lib.input.TextInputFormat.class, org.apache.hadoop.io.LongWritable.class,
                    org.apache.hadoop.io.Text.class, conf).getNumPartitions();
            assertThat(splits).as("the file is read in many splits").isGreaterThan(10);

            assertThatThrownBy(() -> job(List.of(fleet.toString()), tmp.resolve("failed"), List.of(PACKS), 3, Set.of("ndjson"), false,
                    NO_PLATFORM).run(spark))
                    .isInstanceOf(SparkBatch.BadRowsException.class)
                    .hasMessageMatching("(?s)" + java.util.regex.Pattern.quote(fleet + " line " + (middle + 1)
                            + " at /rack (column 9): unknown field 'rack'") + ".*\n" + java.util.regex.Pattern.quote(fleet
                            + " at /name: host '" + host2 + "' appears twice (first in " + fleet + " row " + (middle + 3) + ")") + "\n"
                            + java.util.regex.Pattern.quote(fleet + " line " + (late + 2) + " at /devices/0/kind") + " \\(column \\d+\\): .*\n"
                            + java.util.regex.Pattern.quote(fleet + " at /name: host '" + host1
                            + "' appears twice (first in " + fleet + " row 2)"));

            Path out = tmp.resolve("out");
            SparkBatch.Counts counts = job(List.of(fleet.toString()), out, List.of(PACKS), 3, Set.of("ndjson"), true, NO_PLATFORM).run(spark);

            assertThat(counts.badRows()).isEqualTo(4);
            List<JsonNode> bad = lines(out.resolve("bad-rows")).stream().map(SparkBatchTest::read).toList();
            assertThat(bad).extracting(n -> n.get("row").asLong() + " " + n.get("place").asText() + ": " + n.get("reason").asText())
                    .containsExactlyInAnyOrder(
                            (middle + 1) + " line " + (middle + 1) + " at /rack (column 9): unknown field 'rack' (known fields: devices, mdevParents, name, software)",
                            (middle + 4) + " at /name: host '" + host2 + "' appears twice (first in " + fleet + " row " + (middle + 3) + ")",
                            (late + 2) + " line " + (late + 2) + " at /devices/0/kind (column "
                                    + (rows.get(late + 1).indexOf("\"GPU\"") + 1) + "): expected one of MDEV, PHYS, got \"GPU\"",
                            rows.size() + " at /name: host '" + host1 + "' appears twice (first in " + fleet + " row 2)");
            List<String> good = new ArrayList<>(rows);
            good.remove(rows.size() - 1);
            good.remove(late + 1);
            good.remove(middle + 3);
            good.remove(middle);
            Path goodFleet = Files.write(tmp.resolve("good.ndjson"), good);
            assertThat(lines(out.resolve("targets.ndjson"))).containsExactlyElementsOf(expected(goodFleet, 3, NO_PLATFORM));
        } finally {
            conf.unset("mapreduce.input.fileinputformat.split.maxsize");
        }
    }

    @Test
    void aParquetRowOfTheWrongTypeIsNamedByColumn() throws IOException {
        Path ndjson = generate(tmp.resolve("fleet.ndjson"), 2, 5);
        Path parquet = tmp.resolve("fleet.parquet");
        // availableInstances as a string: the reader refuses it, as it would in a JSON file.
        spark.read().json(ndjson.toString()).selectExpr("name", "devices",
                "transform(mdevParents, p -> named_struct('id', p.id, 'model', p.model, 'types', "
                        + "transform(p.types, t -> named_struct('migrationType', t.migrationType, 'deviceApi', t.deviceApi, "
                        + "'availableInstances', cast(t.availableInstances as string), 'migrationVersion', t.migrationVersion, "
                        + "'attributes', t.attributes)))) as mdevParents")
                .coalesce(1).write().parquet(parquet.toString());

        assertThatThrownBy(() -> job(List.of(parquet.toString()), tmp.resolve("out"), List.of(PACKS), 3, Set.of("parquet"), false,
                NO_PLATFORM).run(spark))
                .isInstanceOf(SparkBatch.BadRowsException.class)
                .hasMessageContaining(" row 1 column mdevParents[0].types[0].availableInstances: expected an integer, got a string");
    }

    /** The single-machine batch of {@code fleet}, as NDJSON source lines. */
    private static List<String> expected(Path fleet, int top, List<String> platform) {
        List<String> out = new ArrayList<>();
        CompatibilityEngine.Builder builder = CompatibilityEngine.builder().packs(PACKS).compiledPackCache(packCache);
        if (!platform.isEmpty()) {
            builder.enablePlatformPacks(platform);
        }
        try (CompatibilityEngine engine = builder.build()) {
            // The CLI's own writer: the lines `vfio-compat batch --format ndjson` gives.
            BatchLines lines = new BatchLines();
            engine.batch(Fleet.load(fleet), top, (SourceResult r) -> {
                StringWriter line = new StringWriter();
                lines.writeSourceLine(line, r);
                out.add(line.toString().stripTrailing());
            });
        }
        return out;
    }

    /**
     * A fleet of {@code copies} of each bundled fleet's hosts as NDJSON, renamed, with devices
     * assigned and freed at random: real profiles of every bundled pack, and hosts with and
     * without software facts (which the platform pack reads), in new combinations.
     */
    private static Path generate(Path file, int copies, long seed) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (String example : List.of("examples/fleet.json", "examples/mixed-fleet.json", "examples/host-software-fleet.json")) {
            JsonNode hosts = JSON.readTree(ROOT.resolve(example).toFile()).get("hosts");
            for (int c = 0; c < copies; c++) {
                for (JsonNode h : hosts) {
                    ObjectNode host = h.deepCopy();
                    host.put("name", h.get("name").asText() + "-" + example.hashCode() % 7 + "-" + c);
                    for (JsonNode d : host.path("devices")) {
                        ObjectNode device = (ObjectNode) d;
                        if (random.nextInt(3) == 0) {
                            device.remove("assignedTo");
                        } else if (random.nextInt(3) == 0) {
                            device.put("assignedTo", "vm-" + random.nextInt(1000));
                        }
                    }
                    lines.add(host.toString());
                }
            }
        }
        return Files.write(file, lines);
    }
}
