package org.vfiocompat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Rows read a chunk at a time give exactly the rows of reading each alone, whatever the chunk
 * holds: good hosts, bad ones, a host twice, blank rows, rows that are not one host each; and
 * the profiles they name by key are told once a chunk.
 */
class HostChunksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The hosts of the bundled mixed fleet, one compact JSON object each. */
    private static List<String> hosts() throws IOException {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("examples"))) {
            p = p.getParent();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode h : JSON.readTree(p.resolve("examples/mixed-fleet.json").toFile()).get("hosts")) {
            out.add(JSON.writeValueAsString(h));
        }
        return out;
    }

    private static List<HostChunks.Line> lines(List<String> json) {
        List<HostChunks.Line> out = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            out.add(new HostChunks.Line("hosts.ndjson", 3, i + 1, json.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** What reading each row alone gives. */
    private static List<Row> alone(List<HostChunks.Line> lines) {
        List<Row> out = new ArrayList<>();
        for (HostChunks.Line l : lines) {
            out.addAll(HostParser.parse(l.file(), l.part(), l.row(), l.json(), HostParser.Form.NDJSON));
        }
        return out;
    }

    /**
     * What {@code actual} must be of {@code expected}: the same rows, but that a profile is told
     * ({@link ParsedRow#PROFILE}) once a read, so once for rows read together: the same profiles.
     */
    private static void assertSameRows(List<Row> actual, List<Row> expected) {
        assertThat(actual.stream().filter(r -> !r.getString(0).equals(ParsedRow.PROFILE)).toList())
                .containsExactlyInAnyOrderElementsOf(expected.stream().filter(r -> !r.getString(0).equals(ParsedRow.PROFILE)).toList());
        assertThat(profiles(actual)).isEqualTo(profiles(expected));
    }

    /** Key to JSON of the profiles rows tell, each key told once in {@code rows}. */
    private static java.util.Map<String, String> profiles(List<Row> rows) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (Row r : rows) {
            if (r.getString(0).equals(ParsedRow.PROFILE)) {
                String before = out.put(r.getString(3), r.getString(12));
                assertThat(before).as("key " + r.getString(3)).isIn(null, r.getString(12));
            }
        }
        return out;
    }

    @Test
    void goodRowsReadTogetherGiveTheRowsOfEachAloneEachTiedToItsRow() throws IOException {
        List<HostChunks.Line> lines = lines(hosts());

        List<Row> together = HostChunks.parse(lines, HostParser.Form.NDJSON);

        assertThat(together).hasSizeGreaterThan(lines.size());
        assertSameRows(together, alone(lines));
        assertThat(profiles(together)).hasSizeGreaterThan(3);
        assertThat(together.stream().filter(r -> r.getString(0).equals(ParsedRow.PROFILE))).as("each profile told once").hasSize(profiles(together).size());
        assertThat(together).extracting(r -> r.getString(0)).doesNotContain(ParsedRow.BAD, ParsedRow.BAD_LINE);
    }

    @Test
    void badRowsAHostTwiceBlankRowsAndRowsThatAreNotOneHostGiveWhatEachAloneGives() throws IOException {
        List<String> json = new ArrayList<>(hosts());
        json.set(2, json.get(2).replaceFirst("\"kind\":\"(MDEV|PHYS)\"", "\"kind\":\"GPU\""));
        json.add(5, json.get(4)); // a host twice: a bad row only across rows (BadRows), not in one
        json.add(7, "   ");
        ObjectNode escaped = (ObjectNode) JSON.readTree(json.get(8));
        String name = escaped.get("name").asText();
        escaped.remove("name");
        escaped.put("name", name + "\u00e9"); // not first, and not ASCII
        json.set(8, JSON.writeValueAsString(escaped));
        json.add(9, "{\"version\":1,\"hosts\":[{\"name\":\"two-a\"},{\"name\":\"two-b\"}]}"); // one row, two hosts
        json.add(10, "{\"name\":\"h\\u0041\"}"); // a name with an escape
        List<HostChunks.Line> lines = lines(json);

        List<Row> together = HostChunks.parse(lines, HostParser.Form.NDJSON);

        List<Row> expected = alone(lines);
        assertThat(expected).extracting(r -> r.getString(0)).contains(ParsedRow.BAD_LINE);
        assertThat(expected).extracting(r -> r.getString(1)).contains(name + "\u00e9", "two-a", "two-b", "hA");
        assertSameRows(together, expected);
    }

    @Test
    void aChunkIsConsumedAsThePartitionIsAndNothingIsLost() throws IOException {
        List<String> json = new ArrayList<>();
        List<String> hosts = hosts();
        for (int i = 0; i < HostChunks.MAX_LINES * 2 + 5; i++) {
            json.add(hosts.get(i % hosts.size()).replaceFirst("\"name\":\"", "\"name\":\"" + i + "-"));
        }
        List<HostChunks.Line> lines = lines(json);

        List<Row> read = new ArrayList<>();
        HostChunks.read(lines.iterator(), HostParser.Form.NDJSON).forEachRemaining(read::add);

        assertSameRows(read, alone(lines));
    }

    @Test
    void theChunksHoldEachHostsRowsAsOneRecordAndTheBadRowsAndProfilesBeside() throws IOException {
        List<String> json = new ArrayList<>(hosts());
        json.set(2, json.get(2).replaceFirst("\"kind\":\"(MDEV|PHYS)\"", "\"kind\":\"GPU\""));
        json.add(5, json.get(4)); // the same host in two rows: two records, each tied to its row
        List<HostChunks.Line> lines = lines(json);
        List<Row> rows = alone(lines);

        List<HostRecord> hosts = new ArrayList<>();
        List<Row> bad = new ArrayList<>();
        java.util.Map<String, String> profiles = new java.util.HashMap<>();
        HostChunks.chunks(lines.iterator(), HostParser.Form.NDJSON).forEachRemaining(c -> {
            hosts.addAll(c.hosts());
            bad.addAll(c.bad());
            profiles.putAll(c.profiles());
        });

        // Each device row is an entry of the record of its host and row; nothing else is.
        List<String> fromRows = new ArrayList<>();
        for (Row r : rows) {
            switch (r.getString(0)) {
                case ParsedRow.SOURCE -> fromRows.add(r.getString(1) + "@" + r.getLong(9) + " source " + r.getString(2) + " "
                        + r.getString(3) + " " + r.getString(5));
                case ParsedRow.CANDIDATE -> fromRows.add(r.getString(1) + "@" + r.getLong(9) + " candidate " + r.getString(2) + " "
                        + r.getString(3) + " " + r.getString(4) + " " + r.getInt(6));
                default -> { }
            }
        }
        List<String> fromRecords = new ArrayList<>();
        for (HostRecord h : hosts) {
            for (int i = 0; i < h.sourceIds().length; i++) {
                fromRecords.add(h.host() + "@" + h.row() + " source " + h.sourceIds()[i] + " " + h.sourceProfiles()[i] + " "
                        + h.sourceVms()[i]);
            }
            for (int i = 0; i < h.candidateIds().length; i++) {
                fromRecords.add(h.host() + "@" + h.row() + " candidate " + h.candidateIds()[i] + " " + h.candidateProfiles()[i] + " "
                        + h.candidateKinds()[i] + " " + h.capacities()[i]);
            }
            // The reader's order: a host's sources by id.
            assertThat(h.sourceIds()).isSorted();
        }
        assertThat(fromRecords).containsExactlyInAnyOrderElementsOf(fromRows);
        assertThat(hosts).extracting(h -> h.host() + "@" + h.row()).containsExactlyInAnyOrderElementsOf(rows.stream()
                .filter(r -> r.getString(0).equals(ParsedRow.HOST)).map(r -> r.getString(1) + "@" + r.getLong(9)).toList());
        assertThat(hosts.stream().filter(h -> h.row() == 5 || h.row() == 6).map(HostRecord::host).toList()).hasSize(2)
                .containsOnly(hosts.stream().filter(h -> h.row() == 5).findFirst().orElseThrow().host());
        assertThat(bad).containsExactlyInAnyOrderElementsOf(rows.stream().filter(r -> r.getString(0).startsWith("bad")).toList()).isNotEmpty();
        assertThat(profiles).isEqualTo(profiles(rows));
    }
}
