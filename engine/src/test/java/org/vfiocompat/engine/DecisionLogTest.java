package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceProfile;

/** The NDJSON decision log: one line per decision, fields in a fixed order, masking, many threads. */
class DecisionLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("decisionId", "time", "packId", "packVersion", "packDigest",
            "source", "target", "level", "limit", "score", "reason", "rules", "firedRules", "cacheHit");

    @TempDir
    static Path root;

    @TempDir
    Path tmp;

    private static final DeviceProfile A1 = TestPacks.mdev("acme-1", "1");
    private static final DeviceProfile A2 = TestPacks.mdev("acme-1", "2");

    @BeforeAll
    static void pack() {
        TestPacks.sameTypeLive(root, "acme", "acme-", 10);
    }

    private static List<JsonNode> lines(String ndjson) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void everyDecisionIsOneLineWithItsPackDigestVerdictRulesAndCacheHit() throws IOException {
        StringWriter log = new StringWriter();
        Instant start = Instant.now();
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("acme")).decisionLog(log).build();
        engine.check(A1, A2);
        engine.check(A1, A2);
        engine.check(A1, TestPacks.mdev("nobody-1", "1"));
        engine.check(TestPacks.mdev("nobody-1", "1"), A1);

        assertThat(log.toString()).endsWith("\n");
        List<JsonNode> lines = lines(log.toString());
        assertThat(lines).hasSize(4).allSatisfy(n -> assertThat(fieldNames(n)).isEqualTo(FIELDS));
        JsonNode first = lines.get(0);
        assertThat(first.get("packId").asText()).isEqualTo("acme");
        assertThat(first.get("packVersion").asText()).isEqualTo("1.0.0");
        assertThat(first.get("packDigest").asText()).isEqualTo(engine.packs().get(0).digest());
        assertThat(first.get("source").get("migrationVersion").asText()).isEqualTo("1");
        assertThat(first.get("target").get("migrationVersion").asText()).isEqualTo("2");
        assertThat(first.get("target").get("kind").asText()).isEqualTo("MDEV");
        assertThat(first.get("level").asText()).isEqualTo("LIVE");
        assertThat(first.get("limit").isNull()).isTrue();
        assertThat(first.get("score").asInt()).isEqualTo(10);
        assertThat(first.get("reason").asText()).isEqualTo("Acme: same type acme-1");
        assertThat(first.get("rules").toString()).isEqualTo("[\"same type\"]");
        assertThat(first.get("firedRules").toString()).isEqualTo("[\"same type\"]");
        assertThat(first.get("cacheHit").asBoolean()).isFalse();
        assertThat(lines.get(1).get("cacheHit").asBoolean()).isTrue();
        Instant time = Instant.parse(first.get("time").asText());
        assertThat(time).isBetween(start.minusSeconds(1), Instant.now());

        assertThat(lines.get(2).get("level").asText()).isEqualTo("NONE");
        assertThat(lines.get(2).get("limit").asText()).isEqualTo("TYPE");
        assertThat(lines.get(3).get("level").asText()).isEqualTo("UNKNOWN");
        assertThat(lines.get(3).get("packId").asText()).isEmpty();
        assertThat(lines.get(3).get("packDigest").asText()).isEmpty();

        Set<String> ids = new HashSet<>();
        lines.forEach(n -> ids.add(n.get("decisionId").asText()));
        assertThat(ids).hasSize(4).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{8}-[0-9]{12}"));
    }

    @Test
    void maskedFieldsAreWrittenAsStars() throws IOException {
        StringWriter log = new StringWriter();
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("acme")).decisionLog(log)
                .decisionLogMask(List.of("source", "target", "reason", "score")).build();
        engine.check(A1, A2);
        JsonNode line = lines(log.toString()).get(0);
        assertThat(fieldNames(line)).isEqualTo(FIELDS);
        for (String masked : List.of("source", "target", "reason", "score")) {
            assertThat(line.get(masked).asText()).isEqualTo("***");
        }
        assertThat(line.get("level").asText()).isEqualTo("LIVE");
        assertThat(line.get("packId").asText()).isEqualTo("acme");
    }

    @Test
    void maskingAFieldThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> CompatibilityEngine.builder().packs(root.resolve("acme")).decisionLog(new StringWriter())
                .decisionLogMask(List.of("hostname")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot mask hostname").hasMessageContaining("decisionId, time");
    }

    @Test
    void aFileIsAppendedToAndLinesOfManyThreadsNeverInterleave() throws Exception {
        Path file = tmp.resolve("decisions.ndjson");
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("acme")).decisionLog(file).build()) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 200; i++) {
                        engine.check(A1, TestPacks.mdev("acme-1", thread + "." + i));
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(Duration.ofMinutes(2).toMillis());
            }
        }
        try (CompatibilityEngine again = CompatibilityEngine.builder().packs(root.resolve("acme")).decisionLog(file).build()) {
            again.check(A1, A1);
        }
        List<JsonNode> lines = lines(Files.readString(file));
        assertThat(lines).hasSize(801).allSatisfy(n -> assertThat(fieldNames(n)).isEqualTo(FIELDS));
        Set<String> targets = new HashSet<>();
        lines.forEach(n -> targets.add(n.get("target").get("migrationVersion").asText()));
        assertThat(targets).hasSize(801);
    }

    @Test
    void rankLogsEachDistinctPairItJudgesOnce() throws IOException {
        StringWriter log = new StringWriter();
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("acme")).decisionLog(log).build();
        engine.rank(A1, List.of(new Candidate("h1", "x", CandidateKind.EXISTING, A2, 1),
                new Candidate("h2", "y", CandidateKind.EXISTING, A2, 1),
                new Candidate("h3", "z", CandidateKind.EXISTING, A1, 1)));
        assertThat(lines(log.toString())).hasSize(2);
    }
}
