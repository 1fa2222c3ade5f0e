package org.vfiocompat.engine.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * The streaming reader ({@link InventoryStream}): NDJSON hosts, concatenated documents and gzip
 * of either are read by content, into the same fleet as the one document; errors name the line
 * and the pointer inside the host; the bounds hold without reading input whole.
 */
class InventoryStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = InventoryReaderTest.GOOD;

    /** GOOD's hosts, one compact object per line. */
    private static String ndjson(String document) {
        try {
            StringBuilder out = new StringBuilder();
            for (JsonNode host : JSON.readTree(document).get("hosts")) {
                out.append(JSON.writeValueAsString(host)).append('\n');
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each of GOOD's hosts as a document of its own, as {@code inventory collect} writes one per host. */
    private static String concatenatedDocuments() {
        StringBuilder out = new StringBuilder();
        for (String line : ndjson(GOOD).split("\n")) {
            out.append("{\n  \"version\": 1,\n  \"hosts\": [\n").append(line).append("\n  ]\n}\n");
        }
        return out.toString();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static InventoryContent read(byte[] bytes) {
        return InventoryReader.read(bytes, "fleet.json");
    }

    private static InventoryContent read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Problem> problems(String text) {
        return problems(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Problem> problems(byte[] bytes) {
        try {
            InventoryContent content = read(bytes);
            throw new AssertionError("reading should fail, but gave " + content);
        } catch (InvalidInventoryException e) {
            return e.problems();
        }
    }

    @Test
    void ndjsonHostsConcatenatedDocumentsAndGzipOfEachAreTheSameFleet() {
        InventoryContent expected = read(GOOD);
        assertThat(expected.devices()).hasSize(3);

        assertThat(read(ndjson(GOOD))).isEqualTo(expected);
        assertThat(read(concatenatedDocuments())).isEqualTo(expected);
        // By content, not by name: every one of them is called fleet.json here.
        assertThat(read(gzip(GOOD))).isEqualTo(expected);
        assertThat(read(gzip(ndjson(GOOD)))).isEqualTo(expected);
        assertThat(read(gzip(concatenatedDocuments()))).isEqualTo(expected);
    }

    @Test
    void equalProfilesAreOneInstance() {
        String twice = ndjson(GOOD) + ndjson(GOOD).replace("\"host-a\"", "\"host-c\"").replace("\"host-b\"", "\"host-d\"");
        InventoryContent content = read(twice);
        assertThat(content.devices()).hasSize(6);
        assertThat(content.devices().get(0).profile()).isSameAs(content.devices().get(3).profile()); // host-a, host-c
    }

    @Property(tries = 60)
    void howTheInputArrivesChangesNothing(@ForAll @IntRange(min = 1, max = 97) int chunk, @ForAll boolean gzipped,
                                          @ForAll boolean asNdjson) {
        // Multi-byte UTF-8 in a value, cut at every place by small reads: the strict check
        // carries a cut sequence over, and the window keeps a host's bytes across reads.
        String doc = GOOD.replace("Intel UHD Graphics 630", "Intel UHD Graphics 630 \u00e9\u20ac\ud83d\ude00");
        String text = asNdjson ? ndjson(doc) : doc;
        byte[] bytes = gzipped ? gzip(text) : text.getBytes(StandardCharsets.UTF_8);
        InventoryContent content = InventoryReader.read(new Trickle(bytes, chunk), "fleet.json");
        assertThat(content).isEqualTo(read(doc));
    }

    // ------------------------------------------------------------------ errors in NDJSON

    @Test
    void anNdjsonBindingErrorNamesTheLineAndThePointerInsideTheHost() {
        String[] lines = ndjson(GOOD).split("\n");
        String bad = lines[0] + "\n" + lines[1].replace("\"kind\":\"PHYS\"", "\"kind\":\"GPU\"") + "\n";
        Problem p = problems(bad).get(0);
        int column = bad.substring(lines[0].length() + 1).indexOf("\"GPU\"") + 1;

        assertThat(p).isEqualTo(new Problem(ProblemCodes.JSON_WRONG_TYPE, Location.line("fleet.json", 2, column).withPointer("/devices/0/kind"),
                "expected one of MDEV, PHYS, got \"GPU\""));
        assertThat(p).hasToString("fleet.json at /devices/0/kind (line 2:" + column + "): expected one of MDEV, PHYS, got \"GPU\"");
    }

    @Test
    void anNdjsonContentProblemNamesTheHostsLine() {
        String[] lines = ndjson(GOOD).split("\n");
        String bad = lines[0] + "\n\n" + lines[1] + "\n" + lines[1] + "\n";

        assertThat(problems(bad)).containsExactly(new Problem(ProblemCodes.INVENTORY_DUPLICATE,
                Location.pointer("fleet.json", "/name").withLine(4), "host 'host-b' appears twice"));
    }

    @Test
    void anUnknownFieldInAnNdjsonHostIsPointedAt() {
        String[] lines = ndjson(GOOD).split("\n");
        Problem p = problems(lines[0] + "\n" + lines[1].replace("{\"name\"", "{\"rack\":\"r1\",\"name\"") + "\n").get(0);

        assertThat(p.code()).isEqualTo(ProblemCodes.JSON_UNKNOWN_FIELD);
        assertThat(p.location().pointer()).hasValue("/rack");
        assertThat(p.location().line()).hasValue(2);
    }

    @Test
    void twoHostsOnOneLineAreNotNdjson() {
        String[] lines = ndjson(GOOD).split("\n");
        Problem p = problems(lines[0] + " " + lines[1] + "\n").get(0);

        assertThat(p.code()).isEqualTo(ProblemCodes.JSON_SYNTAX);
        assertThat(p.location().line()).hasValue(1);
        assertThat(p.message()).isEqualTo("not valid NDJSON: a host must start a line of its own");
    }

    @Test
    void hostsAndDocumentsDoNotMix() {
        String[] lines = ndjson(GOOD).split("\n");
        assertThat(problems(lines[0] + "\n{\"version\": 1, \"hosts\": []}\n")).singleElement()
                .satisfies(p -> assertThat(p.toString()).isEqualTo("fleet.json at line 2:1: an inventory document among hosts: NDJSON holds one host per line"));
        assertThat(problems("{\"version\": 1, \"hosts\": []}\n" + lines[0] + "\n")).singleElement()
                .satisfies(p -> assertThat(p.location().line()).hasValue(2));
    }

    @Test
    void aSecondDocumentsProblemsNameItsLine() {
        String docs = concatenatedDocuments().replace("\"name\":\"host-b\"", "\"name\":\"host-a\"");
        Problem p = problems(docs).get(0);
        int secondDocumentLine = (int) concatenatedDocuments().lines().takeWhile(l -> !l.contains("host-b")).count() - 2;

        assertThat(p).isEqualTo(new Problem(ProblemCodes.INVENTORY_DUPLICATE,
                Location.pointer("fleet.json", "/hosts/0/name").withLine(secondDocumentLine), "host 'host-a' appears twice"));
    }

    @Test
    void invalidUtf8InAnNdjsonLineIsLocated() {
        String[] lines = ndjson(GOOD).split("\n");
        byte[] head = (lines[0] + "\n{\"name\":\"b").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = Arrays.copyOf(head, head.length + 2);
        bytes[head.length] = (byte) 0xC0; // an overlong '/'
        bytes[head.length + 1] = (byte) 0xAF;
        Problem p = problems(bytes).get(0);

        assertThat(p).isEqualTo(new Problem(ProblemCodes.FILE_NOT_UTF8, Location.line("fleet.json", 2, 11), "not valid UTF-8 at byte " + head.length));
    }

    @Test
    void aCutGzipIsRefused() {
        byte[] gz = gzip(GOOD);
        Problem p = problems(Arrays.copyOf(gz, gz.length / 2)).get(0);

        assertThat(p.code()).isEqualTo(ProblemCodes.FILE_UNREADABLE);
        assertThat(p.location()).isEqualTo(Location.file("fleet.json"));
    }

    @Test
    void endlessInputInsideADocumentFailsByItsBoundNotByMemory() {
        InputStream endless = new InputStream() {
            private final byte[] head = "{\"version\": 1, \"hosts\": [".getBytes(StandardCharsets.US_ASCII);
            private long at;

            @Override
            public int read() {
                return at < head.length ? head[(int) at++] : ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) read();
                }
                return len;
            }
        };
        assertThatThrownBy(() -> InventoryReader.read(endless, "endless"))
                .isInstanceOfSatisfying(InvalidInventoryException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.code()).isEqualTo(ProblemCodes.FILE_TOO_LARGE)));
    }

    /** {@code bytes}, at most {@code chunk} of them per read. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private int at;

        Trickle(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }
}
