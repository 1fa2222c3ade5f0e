package org.vfiocompat.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
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
 * <p>A batch writes the same few hundred verdicts and candidates into the top lists of
 * thousands of sources, and building their JSON again for each was most of the time a large
 * batch spent writing: so each candidate and verdict is serialised once, keyed by identity (the
 * batch hands out the same instances), and the caches are emptied when large, so memory stays
 * bounded. One instance serves one batch; it is thread-safe.
 */
public final class BatchLines {

    /** What closes a source line after its last target (the newline not included). */
    public static final String SOURCE_END = "]}";

    private static final int MAX_CACHED = 200_000;

    private final Map<Candidate, ObjectNode> candidates = new IdentityHashMap<>();
    private final Map<Verdict, ObjectNode> verdicts = new IdentityHashMap<>();
    private final Map<Candidate, String> candidateFields = new IdentityHashMap<>();
    private final Map<Verdict, String> verdictJson = new IdentityHashMap<>();

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
     * Writes the source's NDJSON line ({@code "type": "source"}), assembled from the JSON
     * fragments of its candidates and verdicts: the bytes the tree would give, without
     * serialising the same verdicts again for every source.
     */
    public void writeSourceLine(Writer w, SourceResult r) {
        String open = sourceHead(r.source(), r.candidates(), r.compatible());
        StringBuilder line = new StringBuilder(open.length() + 512 * r.top().size());
        line.append(open);
        List<RankedTarget> top = r.top();
        for (int i = 0; i < top.size(); i++) {
            RankedTarget t = top.get(i);
            appendTarget(line, i + 1, cachedCandidateFields(t.candidate()), cachedVerdictJson(t.verdict()));
        }
        try {
            w.append(line).append(SOURCE_END).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        ObjectNode last = JsonViews.object();
        last.put("type", "summary");
        last.put("top", top);
        last.set("packs", packsNode(packs));
        last.setAll(JsonViews.summary(summary, packs, timing));
        JsonViews.writeLine(w, last);
    }

    /** The packs a batch names: id, version and vendor of each. */
    public static ArrayNode packsNode(List<PackInfo> packs) {
        ArrayNode list = JsonViews.array();
        packs.forEach(p -> list.add(JsonViews.packBrief(p)));
        return list;
    }

    private synchronized String cachedCandidateFields(Candidate c) {
        if (candidateFields.size() > MAX_CACHED) {
            candidateFields.clear();
        }
        return candidateFields.computeIfAbsent(c, BatchLines::candidateFields);
    }

    private synchronized String cachedVerdictJson(Verdict v) {
        if (verdictJson.size() > MAX_CACHED) {
            verdictJson.clear();
        }
        return verdictJson.computeIfAbsent(v, BatchLines::verdictJson);
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
