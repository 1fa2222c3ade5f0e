package org.vfiocompat.spark;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.rules.DeviceProfile;

/**
 * One input row read by the engine's own inventory reader ({@link Fleet#read}), so a row is
 * held to exactly the rules of a file read by the CLI: unknown fields, exact enums, null
 * refused, strict UTF-8, every content check. A row is a host (a line of NDJSON, a Parquet row
 * turned into the same JSON) or, for a whole inventory document, every host of it. A bad row
 * becomes {@link ParsedRow#bad} rows naming where in it each problem is. Rows are read many at a
 * time ({@link HostChunks}); one at a time is what names a bad one.
 */
final class HostParser {

    /** How the row's JSON came to be, which says how to name a place in it. */
    enum Form {
        /** A line of NDJSON: places are a line and a JSON pointer inside the host. */
        NDJSON,
        /** A Parquet row as JSON: places are Parquet columns ({@code devices[0].kind}). */
        PARQUET,
        /** A whole inventory document: places are the reader's own (pointer, line:column). */
        DOCUMENT
    }

    private HostParser() {
    }

    /**
     * @param file  the input file, as errors name it
     * @param part  the split of the file the row is in ({@link ParsedRow})
     * @param row   the line (NDJSON, from 1 in its split) or row (Parquet, from 1); 0 for a document
     * @param bytes the row's JSON, as UTF-8
     */
    static List<Row> parse(String file, int part, long row, byte[] bytes, Form form) {
        List<Row> out = new ArrayList<>();
        if (isBlank(bytes)) {
            return out;
        }
        Fleet fleet;
        try {
            fleet = Fleet.read(new ByteArrayInputStream(bytes), file);
        } catch (InvalidInventoryException e) {
            for (Problem p : e.problems()) {
                out.add(ParsedRow.bad(file, part, row, form == Form.NDJSON, place(p.location(), row, form), p.message()));
            }
            return out;
        }
        HostChunks.Line line = new HostChunks.Line(file, part, row, bytes);
        return rows(fleet, host -> line);
    }

    /** The rows of a fleet read from one or more input rows; {@code lineOf} says which row holds a host. */
    static List<Row> rows(Fleet fleet, java.util.function.Function<String, HostChunks.Line> lineOf) {
        List<Row> out = new ArrayList<>();
        // The reader gives equal profiles as one object: each is encoded once, and told once (a PROFILE row).
        java.util.IdentityHashMap<DeviceProfile, String> keys = new java.util.IdentityHashMap<>();
        java.util.function.BiFunction<DeviceProfile, HostChunks.Line, String> key = (profile, l) -> keys.computeIfAbsent(profile, p -> {
            String json = ProfileCodec.encode(p);
            String k = ProfileCodec.key(json);
            out.add(ParsedRow.profile(k, json, l.file(), l.part(), l.row()));
            return k;
        });
        HostChunks.Line at = null;
        String atHost = null;
        for (String host : fleet.hosts()) {
            HostChunks.Line l = lineOf.apply(host);
            out.add(ParsedRow.host(host, l.file(), l.part(), l.row()));
        }
        for (FleetDevice d : fleet.devices()) {
            if (!d.host().equals(atHost)) {
                atHost = d.host();
                at = lineOf.apply(atHost);
            }
            String profile = key.apply(d.profile(), at);
            if (d.assigned()) {
                out.add(ParsedRow.source(d.host(), d.id(), profile, d.assignedTo(), at.file(), at.part(), at.row()));
            } else {
                Candidate c = d.asCandidate();
                out.add(ParsedRow.candidate(c.host(), c.id(), profile, c.kind().name(), c.capacity(), at.file(), at.part(), at.row()));
            }
        }
        for (Candidate c : fleet.creatable()) {
            HostChunks.Line l = lineOf.apply(c.host());
            out.add(ParsedRow.candidate(c.host(), c.id(), key.apply(c.profile(), l), c.kind().name(),
                    c.capacity(), l.file(), l.part(), l.row()));
        }
        return out;
    }

    /** Where in the row a problem is, in the words of the row's form. */
    static String place(Location at, long row, Form form) {
        String pointer = at.pointer().orElse("");
        return switch (form) {
            // "line N" goes first, once N, the line in the file, is known (ParsedRow.BAD_LINE).
            case NDJSON -> (pointer.isEmpty() ? "" : " at " + pointer)
                    + (at.column().isPresent() ? " (column " + at.column().getAsInt() + ")" : "");
            case PARQUET -> "row " + row + (pointer.isEmpty() ? "" : " column " + column(pointer));
            case DOCUMENT -> {
                String where = at.toString();
                yield where.startsWith(at.file() + " at ") ? where.substring(at.file().length() + 4) : where.substring(at.file().length()).trim();
            }
        };
    }

    /** A JSON pointer as a Parquet column path: {@code /devices/0/kind} is {@code devices[0].kind}. */
    static String column(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String name = part.replace("~1", "/").replace("~0", "~");
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(name).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(name);
            }
        }
        return sb.toString();
    }

    static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
