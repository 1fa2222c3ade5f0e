package org.vfiocompat.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.InvalidInventoryException;

/**
 * The host rows of a partition read by the engine's reader a chunk at a time: one
 * {@link Fleet#read} of up to {@value #MAX_LINES} rows joined as NDJSON: a read per row costs
 * about 42 µs of CPU a host of the 1M-device fleet once the JIT has compiled the reader, one
 * read of 1,024 rows about 25 µs a host (the rest of a read per row is setting up a reader, a
 * fleet and its sort for one host). The result is
 * exactly that of reading each row alone ({@link HostParser#parse}): a chunk is taken whole only
 * when it reads and each of its hosts is the one its row names, so that every row is one host
 * and every host is tied to its row; otherwise (a bad row, a host named twice, a row that is
 * not one host) the chunk is split in halves, down to single rows, which name the bad ones as
 * reading them alone does.
 */
final class HostChunks {

    /** Rows read together at the most; with {@link #MAX_BYTES}, what bounds a chunk's memory. */
    static final int MAX_LINES = 1024;
    static final int MAX_BYTES = 8 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NAME_FIRST = "{\"name\":\"".getBytes(StandardCharsets.UTF_8);

    /** One input row: where it is ({@link ParsedRow}) and its JSON, as UTF-8. */
    record Line(String file, int part, long row, byte[] json) {
    }

    private HostChunks() {
    }

    /** The parsed rows of {@code lines}, a chunk at a time, as the partition is consumed. */
    static Iterator<Row> read(Iterator<Line> lines, HostParser.Form form) {
        Iterator<List<Row>> reads = reads(lines, form);
        return new Iterator<>() {
            private Iterator<Row> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && reads.hasNext()) {
                    current = reads.next().iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** The chunks of {@code lines} as the job keeps them ({@link ReadChunk}), read one at a time as the partition is consumed. */
    static Iterator<ReadChunk> chunks(Iterator<Line> lines, HostParser.Form form) {
        Iterator<List<Row>> reads = reads(lines, form);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return reads.hasNext();
            }

            @Override
            public ReadChunk next() {
                return ReadChunk.of(reads.next());
            }
        };
    }

    /** The parsed rows of each chunk of {@code lines}, one chunk a step. */
    private static Iterator<List<Row>> reads(Iterator<Line> lines, HostParser.Form form) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public List<Row> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Line> chunk = new ArrayList<>();
                long bytes = 0;
                while (lines.hasNext() && chunk.size() < MAX_LINES && bytes < MAX_BYTES) {
                    Line l = lines.next();
                    chunk.add(l);
                    bytes += l.json().length;
                }
                return parse(chunk, form);
            }
        };
    }

    /** {@code chunk} read together if it can be, else each half alone. */
    static List<Row> parse(List<Line> chunk, HostParser.Form form) {
        if (chunk.size() == 1) {
            Line l = chunk.get(0);
            return HostParser.parse(l.file(), l.part(), l.row(), l.json(), form);
        }
        List<Row> together = together(chunk);
        if (together != null) {
            return together;
        }
        List<Row> out = new ArrayList<>(parse(chunk.subList(0, chunk.size() / 2), form));
        out.addAll(parse(chunk.subList(chunk.size() / 2, chunk.size()), form));
        return out;
    }

    /** The rows of {@code chunk} from one read, or null when that is not what reading each alone gives. */
    private static List<Row> together(List<Line> chunk) {
        Map<String, Line> byHost = new HashMap<>();
        int size = 0;
        for (Line l : chunk) {
            size += l.json().length + 1;
        }
        byte[] joined = new byte[size];
        int at = 0;
        for (Line l : chunk) {
            if (HostParser.isBlank(l.json())) {
                continue; // skipped, as alone
            }
            String name = name(l.json());
            if (name == null || byHost.put(name, l) != null) {
                return null;
            }
            System.arraycopy(l.json(), 0, joined, at, l.json().length);
            at += l.json().length;
            joined[at++] = '\n';
        }
        if (byHost.isEmpty()) {
            return new ArrayList<>();
        }
        Fleet fleet;
        try {
            fleet = Fleet.read(new ByteArrayInputStream(joined, 0, at), chunk.get(0).file());
        } catch (InvalidInventoryException e) {
            return null;
        }
        // As many hosts as rows, each the name of one: every row is one host (a row holding two,
        // or a host spread over two rows, would not add up).
        if (fleet.hosts().size() != byHost.size() || !byHost.keySet().containsAll(fleet.hosts())) {
            return null;
        }
        return HostParser.rows(fleet, byHost::get);
    }

    /**
     * The host name a row names (its top-level {@code name}), or null when it names none. Rows
     * written by machines start with it, unescaped: that is read from the bytes; any other row
     * is parsed. It need only be right for rows that read: a chunk is taken only when the
     * names and the reader's hosts agree.
     */
    static String name(byte[] json) {
        if (json.length > NAME_FIRST.length && java.util.Arrays.equals(json, 0, NAME_FIRST.length, NAME_FIRST, 0, NAME_FIRST.length)) {
            for (int i = NAME_FIRST.length; i < json.length; i++) {
                if (json[i] == '"') {
                    return new String(json, NAME_FIRST.length, i - NAME_FIRST.length, StandardCharsets.UTF_8);
                }
                if (json[i] == '\\') {
                    break;
                }
            }
        }
        try {
            JsonNode n = JSON.readTree(json);
            return n != null && n.isObject() && n.path("name").isTextual() ? n.get("name").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
