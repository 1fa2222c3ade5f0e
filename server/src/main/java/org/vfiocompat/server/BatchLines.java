package org.vfiocompat.server;

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
import org.vfiocompat.engine.PackInfo;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.engine.Verdict;

/**
 * A batch's results as JSON, one source at a time: the lines of {@code vfio-compat batch
 * --format ndjson} and of {@code POST /v1/batch} (the same bytes), and the source objects of
 * {@code --format json}. Only the current source is held, so a batch of any size streams.
 *
 * <p>A batch writes the same few hundred verdicts and candidates into the top lists of
 * thousands of sources, and building their JSON again for each was most of the time a large
 * batch spent writing: so each candidate and verdict is serialised once, keyed by identity (the
 * batch hands out the same instances), and the caches are emptied when large, so memory stays
 * bounded. One instance serves one batch; it is thread-safe.
 */
public final class BatchLines {

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
        ObjectNode head = JsonViews.object();
        head.put("type", "source");
        head.set("source", JsonViews.source(r.source()));
        head.put("candidates", r.candidates());
        head.put("compatible", r.compatible());
        head.put("stranded", r.stranded());
        String open = JsonViews.compact(head);
        StringBuilder line = new StringBuilder(open.length() + 512 * r.top().size());
        line.append(open, 0, open.length() - 1).append(",\"targets\":[");
        List<RankedTarget> top = r.top();
        for (int i = 0; i < top.size(); i++) {
            RankedTarget t = top.get(i);
            line.append(i == 0 ? "{\"rank\":" : ",{\"rank\":").append(i + 1).append(',')
                    .append(candidateFields(t.candidate()))
                    .append(",\"verdict\":").append(verdictJson(t.verdict())).append('}');
        }
        try {
            w.append(line).append("]}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** The candidate's members as compact JSON, without the braces around them. */
    private synchronized String candidateFields(Candidate c) {
        if (candidateFields.size() > MAX_CACHED) {
            candidateFields.clear();
        }
        return candidateFields.computeIfAbsent(c, x -> {
            String json = JsonViews.compact(JsonViews.candidate(x));
            return json.substring(1, json.length() - 1);
        });
    }

    private synchronized String verdictJson(Verdict v) {
        if (verdictJson.size() > MAX_CACHED) {
            verdictJson.clear();
        }
        return verdictJson.computeIfAbsent(v, x -> JsonViews.compact(JsonViews.verdict(x)));
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
