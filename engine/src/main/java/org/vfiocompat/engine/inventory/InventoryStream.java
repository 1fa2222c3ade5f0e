package org.vfiocompat.engine.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.engine.json.StrictUtf8Input;

/**
 * Reads an inventory as a stream, one host at a time, into a {@link FleetIndex}; what the input
 * is, is told by its content, never by its name:
 * <ul>
 *   <li>gzip (its magic bytes {@code 1f 8b}) is unpacked, and what it holds is read as below;</li>
 *   <li>a JSON object whose first member is {@code version} or {@code hosts} is an inventory
 *       document, today's format; several documents one after another (the outputs of
 *       {@code inventory collect} on each host, concatenated) are one fleet;</li>
 *   <li>any other object is a host, and the input is NDJSON: one host object per line, exactly
 *       the shape of an element of a document's {@code hosts}.</li>
 * </ul>
 * Only the host being read is held as JSON. Errors name the file, the line and the JSON pointer:
 * for a document {@code /hosts/3/devices/0/kind}, for NDJSON the pointer inside the host on
 * its line. The strictness is the whole-file reader's: unknown fields, exact enum names, no
 * null where a value belongs, strict UTF-8 ({@link StrictUtf8Input}), no value larger than
 * {@link #MAX_VALUE_BYTES}.
 */
final class InventoryStream {

    /** The largest host (or run of bytes between two hosts) read: far above any real host. */
    static final int MAX_VALUE_BYTES = 64 << 20;

    private static final ObjectReader HOST = JsonInput.reader(InventoryJson.HostJson.class);

    /** What the values of an input are, decided by the first. */
    private enum Kind { DOCUMENTS, HOSTS }

    private final String name;
    private final FleetIndex index;
    /** Whether the input is a part of an NDJSON file, read on its own (see {@link #readHosts}). */
    private final boolean part;
    /** The values hosts repeat, made once for the whole input (see {@link RepeatedStrings}). */
    private final RepeatedStrings strings = new RepeatedStrings();
    /** The bytes read that a host's error may need again: a stream's window onto them; null for a part. */
    private ValueWindow window;
    /**
     * A part, held whole: its own window. It needs no bound of its own: {@link LineChunks} cuts
     * none larger than a few times its size, far below {@link #MAX_VALUE_BYTES}.
     */
    private byte[] chunk;
    private JsonParser parser;
    private Kind kind;
    private int documents;

    private InventoryStream(String name, FleetIndex index, boolean part) {
        this.name = name;
        this.index = index;
        this.part = part;
        this.kind = part ? Kind.HOSTS : null;
    }

    /**
     * Reads {@code in} (not closed) into {@code index}; problems of content go to the index,
     * and reading stops at the first that leaves the rest unreadable (bad JSON, bad UTF-8).
     */
    static void read(InputStream in, String name, FleetIndex index) {
        new InventoryStream(name, index, false).readAll(in, null);
    }

    /**
     * Reads {@code chunk}, whole lines of an NDJSON file's hosts cut from it by
     * {@link ParallelInventoryRead}, into {@code index}; only whether a problem was found is used
     * (where it is, is the sequential reader's to say). So a document among the lines is a
     * problem, and the parser does not refuse duplicate members: {@link HostBinder} finds those
     * itself, at a fraction of the cost of Jackson's set of names per object.
     */
    static void readHosts(byte[] chunk, String name, FleetIndex index) {
        new InventoryStream(name, index, true).readAll(null, chunk);
    }

    /** Reads {@code raw}, or when it is null {@code chunk}, a part held whole (parsed in place, its own window). */
    private void readAll(InputStream raw, byte[] chunk) {
        try {
            if (chunk != null) {
                // In place: no stream, window or parser buffer copies the bytes again (a tenth of the read).
                StrictUtf8Input.check(chunk, name);
                this.chunk = chunk;
                parser = JsonInput.parser(chunk);
            } else {
                window = new ValueWindow(new StrictUtf8Input(part ? raw : unpacked(raw), name), MAX_VALUE_BYTES);
                parser = JsonInput.parser(window);
            }
            if (part) {
                parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            }
            long previousEndLine = 0;
            JsonToken t = parser.nextToken();
            if (t == null) {
                stop(new Problem(ProblemCodes.JSON_SYNTAX, Location.line(name, 1, 1), "not valid JSON: the file is empty"));
            }
            while (t != null && !index.full()) {
                JsonLocation start = parser.currentTokenLocation();
                keepFrom(start.getByteOffset());
                if (t == JsonToken.VALUE_NULL && kind == null) {
                    stop(new Problem(ProblemCodes.JSON_WRONG_TYPE, Location.file(name), "the file holds JSON null, not an object"));
                }
                if (t != JsonToken.START_OBJECT) {
                    stop(new Problem(ProblemCodes.JSON_WRONG_TYPE, line(start), "expected an object (an inventory or a host), got " + found(t)));
                }
                JsonToken first = parser.nextToken();
                Kind here = first == JsonToken.END_OBJECT || isDocumentMember(parser.currentName()) ? Kind.DOCUMENTS : Kind.HOSTS;
                if (kind == null) {
                    kind = here;
                } else if (kind != here) {
                    stop(new Problem(ProblemCodes.INVENTORY_INVALID_VALUE, line(start), kind == Kind.HOSTS
                            ? "an inventory document among hosts: NDJSON holds one host per line"
                            : "a host after an inventory document: put it in the document's hosts, or write every host as a line of NDJSON"));
                }
                if (kind == Kind.HOSTS) {
                    if (start.getLineNr() <= previousEndLine) {
                        stop(new Problem(ProblemCodes.JSON_SYNTAX, line(start), "not valid NDJSON: a host must start a line of its own"));
                    }
                    host(start, "", start.getLineNr());
                } else {
                    document(start);
                }
                previousEndLine = parser.currentLocation().getLineNr();
                keepFrom(parser.currentLocation().getByteOffset());
                try {
                    t = parser.nextToken();
                } catch (com.fasterxml.jackson.core.JsonParseException e) {
                    // After a whole value, only another value may follow: say so in our words.
                    JsonLocation at = e.getLocation();
                    stop(new Problem(ProblemCodes.JSON_SYNTAX, Location.line(name, at.getLineNr(), at.getColumnNr()),
                            "not valid JSON: content after the end of the JSON value"));
                }
            }
        } catch (Stop stop) {
            // Reported through the index.
        } catch (StrictUtf8Input.NotUtf8 e) {
            index.problem(e.problem());
        } catch (ValueWindow.TooLarge e) {
            index.problem(new Problem(ProblemCodes.FILE_TOO_LARGE, Location.file(name), "a host larger than " + MAX_VALUE_BYTES
                    + " bytes (or as much input without one) from byte " + e.from));
        } catch (JsonProcessingException e) {
            index.problem(JsonInput.problemIn(name, e, new byte[0], JsonLocation.NA, ""));
        } catch (ZipException e) {
            index.problem(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(name), "not valid gzip: " + e.getMessage()));
        } catch (java.io.EOFException e) {
            index.problem(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(name), "cut short: " + e.getMessage()));
        } catch (IOException e) {
            index.problem(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(name),
                    "cannot be read: " + (e.getMessage() == null ? e.toString() : e.getMessage())));
        }
    }

    /** Keeps the input from {@code offset} on (a part held whole keeps all of itself). */
    private void keepFrom(long offset) {
        if (window != null) {
            window.keepFrom(offset);
        }
    }

    /** The input from {@code offset} to the last byte read (a part: to its end). */
    private byte[] bytesFrom(long offset) {
        return window != null ? window.bytesFrom(offset) : java.util.Arrays.copyOfRange(chunk, (int) offset, chunk.length);
    }

    /** {@code raw}, unpacked when it starts with gzip's magic bytes. */
    static InputStream unpacked(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static boolean isDocumentMember(String field) {
        return "version".equals(field) || "hosts".equals(field);
    }

    /** One inventory document; the parser is at its first member (or its end). */
    private void document(JsonLocation start) throws IOException {
        documents++;
        // The first document's pointers say where a problem is, as they always have; in a
        // second concatenated document, the line says which document.
        int line = documents > 1 ? start.getLineNr() : 0;
        boolean version = false;
        boolean hosts = false;
        for (JsonToken t = parser.currentToken(); t == JsonToken.FIELD_NAME && !index.full(); t = parser.nextToken()) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("version".equals(field)) {
                version = true;
                if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
                    stop(new Problem(ProblemCodes.JSON_WRONG_TYPE, here("/version"), "expected an integer, got " + found(value)));
                }
                index.version(parser.getIntValue(), at(line, "/version"));
            } else if ("hosts".equals(field)) {
                hosts = true;
                if (value == JsonToken.VALUE_NULL) {
                    stop(new Problem(ProblemCodes.JSON_NULL, here("/hosts"), "must not be null"));
                }
                if (value != JsonToken.START_ARRAY) {
                    stop(new Problem(ProblemCodes.JSON_WRONG_TYPE, here("/hosts"), "expected an array, got " + found(value)));
                }
                int h = 0;
                for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY && !index.full(); e = parser.nextToken(), h++) {
                    JsonLocation hostStart = parser.currentTokenLocation();
                    keepFrom(hostStart.getByteOffset());
                    HostPlace place = new HostPlace(name, "/hosts/" + h, line);
                    if (e == JsonToken.VALUE_NULL) {
                        index.add(null, place);
                    } else if (e != JsonToken.START_OBJECT) {
                        stop(new Problem(ProblemCodes.JSON_WRONG_TYPE, place.at(""), "expected an object, got " + found(e)));
                    } else {
                        host(hostStart, "/hosts/" + h, line);
                    }
                }
            } else {
                stop(new Problem(ProblemCodes.JSON_UNKNOWN_FIELD, here("/" + field.replace("~", "~0").replace("/", "~1")),
                        "unknown field '" + field + "' (known fields: hosts, version)"));
            }
        }
        if (index.full()) {
            return;
        }
        if (!version) {
            stop(new Problem(ProblemCodes.JSON_MISSING_FIELD, here("/version"), "missing required field 'version'"));
        }
        if (!hosts) {
            stop(new Problem(ProblemCodes.JSON_MISSING_FIELD, here("/hosts"), "missing required field 'hosts'"));
        }
    }

    /**
     * One host; the parser is at its first token or (NDJSON) its first member. The streaming
     * {@link HostBinder} binds it; what that binder does not take, databind binds (or refuses)
     * as it always has, from the host's bytes kept in the window.
     */
    private void host(JsonLocation start, String pointer, int line) throws IOException {
        // The host's object is the parser's context now; its parent is where the host ends.
        JsonStreamContext outside = parser.getParsingContext().getParent();
        InventoryJson.HostJson host;
        try {
            host = HostBinder.bind(parser, strings);
        } catch (HostBinder.Mismatch | IOException e) {
            host = bindSlowly(start, pointer, outside, e instanceof IOException io ? io : null);
        }
        index.add(host, new HostPlace(name, pointer, line));
    }

    /**
     * The host starting at {@code start}, bound by databind from its bytes after the streaming
     * binder gave up; {@code failed} is why the input could not be read on (bad JSON, bad UTF-8,
     * too large), or null when the binder stopped at something it does not take. The problem
     * reported is the one the databind-only reader reported: the first binding error databind
     * meets in the bytes read so far, and when there is none, the input's failure.
     */
    private InventoryJson.HostJson bindSlowly(JsonLocation start, String pointer, JsonStreamContext outside, IOException failed)
            throws IOException {
        IOException failure = failed;
        if (failure == null) {
            try {
                // To the host's end, so that the window holds all of it (and the parser is past it).
                while (parser.getParsingContext() != outside || parser.currentToken() != JsonToken.END_OBJECT) {
                    if (parser.nextToken() == null) {
                        break;
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        byte[] bytes = bytesFrom(start.getByteOffset());
        // Closed only after the problem is described: the description reads the parser's
        // current token ("got a string (\"3\")"), which a closed parser no longer has.
        JsonParser again = JsonInput.parser(new java.io.SequenceInputStream(
                new Blank(start.getLineNr() - 1, start.getColumnNr() - 1), new java.io.ByteArrayInputStream(bytes)));
        try {
            InventoryJson.HostJson host = HOST.readValue(again);
            if (failure == null) {
                return host; // databind takes what the streaming binder did not
            }
        } catch (JsonProcessingException e) {
            boolean syntax = e instanceof com.fasterxml.jackson.core.JsonParseException
                    || e.getCause() instanceof com.fasterxml.jackson.core.JsonParseException;
            if (failure == null || !syntax) {
                // Placed by the host's own bytes, and by the blank lines and columns before them
                // where the parser over the whole input would have found it.
                stop(JsonInput.problemIn(name, e, bytes, start, pointer));
            }
        } finally {
            again.close();
        }
        if (failure instanceof JsonProcessingException e) {
            stop(JsonInput.problemIn(name, e, bytes, start, pointer));
        }
        throw failure;
    }

    /**
     * {@code lines} newlines, then {@code columns} spaces: before a host's bytes, they make a
     * parser of the host alone count lines and columns as the parser of the whole input did.
     */
    private static final class Blank extends InputStream {
        private long lines;
        private long columns;

        Blank(long lines, long columns) {
            this.lines = Math.max(0, lines);
            this.columns = Math.max(0, columns);
        }

        @Override
        public int read() {
            if (lines > 0) {
                lines--;
                return '\n';
            }
            if (columns > 0) {
                columns--;
                return ' ';
            }
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            byte fill = lines > 0 ? (byte) '\n' : (byte) ' ';
            int n = (int) Math.min(len, lines > 0 ? lines : columns);
            if (n == 0) {
                return len == 0 ? 0 : -1;
            }
            java.util.Arrays.fill(b, off, off + n, fill);
            if (lines > 0) {
                lines -= n;
            } else {
                columns -= n;
            }
            return n;
        }
    }

    private Location at(int line, String pointer) {
        Location l = Location.pointer(name, pointer);
        return line > 0 ? l.withLine(line) : l;
    }

    /** {@code pointer}, with the line and column of the current token, as the whole-file reader placed binding errors. */
    private Location here(String pointer) {
        return line(parser.currentTokenLocation()).withPointer(pointer);
    }

    private Location line(JsonLocation at) {
        return Location.line(name, at.getLineNr(), at.getColumnNr());
    }

    /** What the input holds at the current token {@code t}, in the words of the whole-file reader. */
    private String found(JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> "a string (\"" + cut(parser.getText()) + "\")";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + cut(parser.getText()) + ")";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean (" + parser.getText() + ")";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> t.asString();
        };
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** Ends the reading: the input past this problem cannot be read as meant. */
    private void stop(Problem problem) {
        index.problem(problem);
        throw new Stop();
    }

    /** Thrown by {@link #stop}: the problem is already recorded. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /** For the whole-file entry points: the problems of reading {@code in}, thrown. */
    static InventoryContent readChecked(InputStream in, String name) {
        FleetIndex index = new FleetIndex(name);
        read(in, name, index);
        return index.content();
    }
}
