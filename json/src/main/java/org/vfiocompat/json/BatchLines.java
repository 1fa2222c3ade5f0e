package org.vfiocompat.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.PackInfo;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * A batch's results as JSON, one source at a time: the lines of {@code vfio-compat batch
 * --format ndjson}, of {@code POST /v1/batch} and of the Spark job (the same bytes), and the
 * source objects of {@code --format json}. Only the current source is held, so a batch of any
 * size streams.
 *
 * <p>A source line is assembled from fragments: its head ({@link #sourceHead}), then per target
 * the rank, the candidate's members ({@link #candidateFields}) and the verdict
 * ({@link #verdictJson}), then {@link #SOURCE_END}. The Spark job builds its lines from the
 * same static fragments, so the two cannot drift apart.
 *
 * <p>A batch writes the same few hundred targets (a candidate with its verdict) into the top
 * lists of thousands of sources, and building their JSON again for each was most of the time a
 * large batch spent writing: so each target's JSON, and each source profile's, is serialised
 * once, as UTF-8 bytes, keyed by identity (the batch hands out the same instances), and so is
 * each list of top targets the batch hands to many sources; a line is those bytes copied one
 * after the other into a buffer, written with one call. The caches
 * are emptied when they hold more than {@value #MAX_CACHED_BYTES} bytes, so memory stays
 * bounded whatever the fleet. One instance serves one batch; it is thread-safe.
 */
public final class BatchLines {

    /** What closes a source line after its last target (the newline not included). */
    public static final String SOURCE_END = "]}";

    private static final int MAX_CACHED = 200_000;
    /** At most this many bytes of target and profile JSON are cached (each fragment is a few hundred). */
    static final int MAX_CACHED_BYTES = 32 << 20;

    private static final byte[] HEAD = ascii("{\"type\":\"source\",\"source\":{\"ref\":");
    private static final byte[] HOST = ascii(",\"host\":");
    private static final byte[] ID = ascii(",\"id\":");
    private static final byte[] VM = ascii(",\"vm\":");
    private static final byte[] CANDIDATES = ascii("},\"candidates\":");
    private static final byte[] COMPATIBLE = ascii(",\"compatible\":");
    private static final byte[] STRANDED = ascii(",\"stranded\":true,\"targets\":[");
    private static final byte[] NOT_STRANDED = ascii(",\"stranded\":false,\"targets\":[");
    private static final byte[] FIRST_RANK = ascii("{\"rank\":");
    private static final byte[] NEXT_RANK = ascii(",{\"rank\":");
    private static final byte[] END = ascii(SOURCE_END + "\n");

    private final Map<Candidate, ObjectNode> candidates = new IdentityHashMap<>();
    private final Map<Verdict, ObjectNode> verdicts = new IdentityHashMap<>();
    /** Per target, {@code <candidate members>,"verdict":<verdict>}}: what follows its rank. */
    private final Map<RankedTarget, byte[]> targetBytes = new IdentityHashMap<>();
    /** Per source profile, its members: what follows the source's {@code "vm"}. */
    private final Map<DeviceProfile, byte[]> profileBytes = new IdentityHashMap<>();
    /**
     * Per list of top targets, its ranked targets: what follows {@code "targets":[}. The batch
     * hands the same list to every source of a profile whose host is not among its targets
     * (nearly all of them), so a line is mostly one copy of these bytes.
     */
    private final Map<List<RankedTarget>, byte[]> topBytes = new IdentityHashMap<>();
    /** Top lists seen once and not cached yet (see {@link #assemble}). */
    private final Map<List<RankedTarget>, Boolean> seenOnce = new IdentityHashMap<>();
    private long cachedBytes;
    /** The line being assembled. */
    private final Bytes line = new Bytes();
    /** A top list's targets being assembled. */
    private final Bytes targets = new Bytes();

    /** The source as {@code batch --format json} lists it: the device, its counts and its ranked targets. */
    public ObjectNode sourceNode(SourceResult r) {
        ObjectNode n = JsonViews.object();
        n.set("source", JsonViews.source(r.source()));
        n.put("candidates", r.candidates());
        n.put("compatible", r.compatible());
        n.put("stranded", r.stranded());
        ArrayNode targets = n.putArray("targets");
        List<RankedTarget> top = r.top();
        for (int i = 0; i < top.size(); i++) {
            RankedTarget t = top.get(i);
            ObjectNode target = JsonViews.object();
            target.put("rank", i + 1);
            target.setAll(candidate(t.candidate()));
            target.set("verdict", verdict(t.verdict()));
            targets.add(target);
        }
        return n;
    }

    /**
     * Writes the source's NDJSON line ({@code "type": "source"}) and its newline, as UTF-8:
     * the bytes the tree would give, without serialising the same targets again for every
     * source, and without encoding characters.
     */
    public synchronized void writeSourceLine(OutputStream out, SourceResult r) {
        assemble(r);
        try {
            out.write(line.buf, 0, line.len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #writeSourceLine(OutputStream, SourceResult)} to a writer: the same line, as the
     * characters of its UTF-8 bytes (a lone surrogate, which UTF-8 cannot hold, is {@code ?}, as
     * an {@code OutputStreamWriter} would have written it), so a UTF-8 writer gives the same bytes.
     */
    public synchronized void writeSourceLine(Writer w, SourceResult r) {
        assemble(r);
        try {
            w.write(new String(line.buf, 0, line.len, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A source's line without its newline, as UTF-8: {@link #sourceHead}'s bytes made from the
     * cached fragments instead of a tree, then {@code targets} (the UTF-8 of what goes between
     * the brackets of {@code "targets"}, {@link #appendTarget}'s text) and {@link #SOURCE_END}:
     * for a caller that holds its targets as text and writes lines as bytes (the Spark job).
     */
    public synchronized byte[] sourceLine(FleetDevice source, long candidates, long compatible, byte[] targets) {
        Bytes b = line;
        b.len = 0;
        appendHead(b, source, candidates, compatible);
        b.append(targets);
        b.append(END);
        return java.util.Arrays.copyOf(b.buf, b.len - 1); // END's newline left out
    }

    /** Fills {@link #line} with the source's line, from the cached fragments. */
    private void assemble(SourceResult r) {
        Bytes b = line;
        b.len = 0;
        appendHead(b, r.source(), r.candidates(), r.compatible());
        List<RankedTarget> top = r.top();
        byte[] known = topBytes.get(top);
        if (known != null) {
            b.append(known);
        } else if (seenOnce.remove(top) != null) {
            // Seen before: a list the batch shares, worth its bytes.
            targets.len = 0;
            appendTargets(targets, top);
            b.append(cached(topBytes, top, t -> java.util.Arrays.copyOf(targets.buf, targets.len)));
        } else {
            // A list seen for the first time may be one source's own (its host is among the
            // plan's first targets): only remembered, so such lists never fill the cache.
            if (seenOnce.size() >= MAX_CACHED) {
                seenOnce.clear();
            }
            seenOnce.put(top, Boolean.TRUE);
            appendTargets(b, top);
        }
        b.append(END);
    }

    /** Appends a source line up to its first target: {@link #sourceHead}'s bytes. */
    private void appendHead(Bytes b, FleetDevice source, long candidates, long compatible) {
        b.append(HEAD);
        b.appendString(source.ref());
        b.append(HOST);
        b.appendString(source.host());
        b.append(ID);
        b.appendString(source.id());
        b.append(VM);
        b.appendString(source.assignedTo());
        b.append((byte) ',');
        b.append(cached(profileBytes, source.profile(), BatchLines::profileMembers));
        b.append(CANDIDATES);
        b.appendLong(candidates);
        b.append(COMPATIBLE);
        b.appendLong(compatible);
        b.append(compatible == 0 ? STRANDED : NOT_STRANDED);
    }

    /** Appends the targets of a top list, ranked: what goes between the brackets of {@code "targets"}. */
    private void appendTargets(Bytes b, List<RankedTarget> top) {
        for (int i = 0; i < top.size(); i++) {
            b.append(i == 0 ? FIRST_RANK : NEXT_RANK);
            b.appendInt(i + 1);
            b.append((byte) ',');
            b.append(cached(targetBytes, top.get(i), BatchLines::targetMembers));
        }
    }

    /** What follows a target's {@code "rank":n,}: its candidate's members, its verdict and the closing brace. */
    private static byte[] targetMembers(RankedTarget t) {
        return (candidateFields(t.candidate()) + ",\"verdict\":" + verdictJson(t.verdict()) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A profile's members as compact JSON, without the braces around them. */
    private static byte[] profileMembers(DeviceProfile p) {
        String json = JsonViews.compact(JsonViews.profile(p));
        return json.substring(1, json.length() - 1).getBytes(StandardCharsets.UTF_8);
    }

    private <K> byte[] cached(Map<K, byte[]> cache, K key, java.util.function.Function<K, byte[]> make) {
        byte[] bytes = cache.get(key);
        if (bytes == null) {
            bytes = make.apply(key);
            if (cachedBytes + bytes.length > MAX_CACHED_BYTES) {
                targetBytes.clear();
                profileBytes.clear();
                topBytes.clear();
                cachedBytes = 0;
            }
            cache.put(key, bytes);
            cachedBytes += bytes.length;
        }
        return bytes;
    }

    /** How many bytes of fragments are cached now (at most {@link #MAX_CACHED_BYTES}). */
    synchronized long cachedBytes() {
        return cachedBytes;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A growable byte buffer for one line. Not a {@link java.io.ByteArrayOutputStream}: that
     * one locks on every write, and a line is a few dozen writes.
     */
    private static final class Bytes {
        byte[] buf = new byte[16 << 10];
        int len;

        void append(byte b) {
            ensure(1);
            buf[len++] = b;
        }

        void append(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, len, bytes.length);
            len += bytes.length;
        }

        /** Appends {@code n} in decimal, as {@code Integer.toString} writes it, without making that string. */
        void appendInt(int n) {
            appendLong(n);
        }

        /** Appends {@code n} in decimal, as {@code Long.toString} writes it, without making that string. */
        void appendLong(long n) {
            if (n < 0) {
                if (n == Long.MIN_VALUE) {
                    append(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                append((byte) '-');
                n = -n;
            }
            int digits = 1;
            for (long rest = n / 10; rest > 0; rest /= 10) {
                digits++;
            }
            ensure(digits);
            for (int i = len + digits - 1; i >= len; i--) {
                buf[i] = (byte) ('0' + n % 10);
                n /= 10;
            }
            len += digits;
        }

        /**
         * Appends {@code s} as a JSON string: printable ASCII without {@code "} or {@code \\}
         * (what ids and host names are) goes as it is, between quotes, which is what Jackson
         * writes for it; anything else is left to Jackson.
         */
        void appendString(String s) {
            // The string's bytes are copied in first and then looked at: String's own encoder
            // copies an ASCII string as one array copy, where a charAt a character (twice: to
            // look, then to copy) was a fifth of the batch's time in the launcher's C1 code. A
            // character beyond ASCII comes out as '?', so a '?' is left to Jackson as well.
            byte[] ascii = s.getBytes(StandardCharsets.US_ASCII);
            for (byte c : ascii) {
                if (c < 0x20 || c == 0x7F || c == '"' || c == '\\' || c == '?') {
                    append(JsonViews.compact(s).getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            ensure(ascii.length + 2);
            buf[len++] = '"';
            System.arraycopy(ascii, 0, buf, len, ascii.length);
            len += ascii.length;
            buf[len++] = '"';
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }
    }

    /**
     * A source line up to its first target:
     * {@code {"type":"source","source":{...},"candidates":c,"compatible":n,"stranded":b,"targets":[}.
     * A device with no compatible target elsewhere ({@code compatible == 0}) is stranded.
     */
    public static String sourceHead(FleetDevice source, long candidates, long compatible) {
        ObjectNode head = JsonViews.object();
        head.put("type", "source");
        head.set("source", JsonViews.source(source));
        head.put("candidates", candidates);
        head.put("compatible", compatible);
        head.put("stranded", compatible == 0);
        String json = JsonViews.compact(head);
        return json.substring(0, json.length() - 1) + ",\"targets\":[";
    }

    /** The candidate's members as compact JSON, without the braces around them. */
    public static String candidateFields(Candidate c) {
        String json = JsonViews.compact(JsonViews.candidate(c));
        return json.substring(1, json.length() - 1);
    }

    /** The verdict as compact JSON. */
    public static String verdictJson(Verdict v) {
        return JsonViews.compact(JsonViews.verdict(v));
    }

    /** Appends the target at {@code rank} (1 for the first) from its candidate's members and its verdict's JSON. */
    public static void appendTarget(StringBuilder line, int rank, String candidateFields, String verdictJson) {
        line.append(rank == 1 ? "{\"rank\":" : ",{\"rank\":").append(rank).append(',')
                .append(candidateFields).append(",\"verdict\":").append(verdictJson).append('}');
    }

    /** The last NDJSON line: {@code "type": "summary"}, the batch's top, its packs and the summary. */
    public static void writeSummaryLine(Writer w, int top, List<PackInfo> packs, BatchSummary summary, boolean timing) {
        JsonViews.writeLine(w, summaryNode(top, packs, summary, timing));
    }

    /** {@link #writeSummaryLine(Writer, int, List, BatchSummary, boolean)} as UTF-8 bytes. */
    public static void writeSummaryLine(OutputStream out, int top, List<PackInfo> packs, BatchSummary summary, boolean timing) {
        try {
            out.write((JsonViews.compact(summaryNode(top, packs, summary, timing)) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode summaryNode(int top, List<PackInfo> packs, BatchSummary summary, boolean timing) {
        ObjectNode last = JsonViews.object();
        last.put("type", "summary");
        last.put("top", top);
        last.set("packs", packsNode(packs));
        last.setAll(JsonViews.summary(summary, packs, timing));
        return last;
    }

    /** The packs a batch names: id, version and vendor of each. */
    public static ArrayNode packsNode(List<PackInfo> packs) {
        ArrayNode list = JsonViews.array();
        packs.forEach(p -> list.add(JsonViews.packBrief(p)));
        return list;
    }

    private synchronized ObjectNode candidate(Candidate c) {
        if (candidates.size() > MAX_CACHED) {
            candidates.clear();
        }
        return candidates.computeIfAbsent(c, JsonViews::candidate);
    }

    private synchronized ObjectNode verdict(Verdict v) {
        if (verdicts.size() > MAX_CACHED) {
            verdicts.clear();
        }
        return verdicts.computeIfAbsent(v, JsonViews::verdict);
    }
}
