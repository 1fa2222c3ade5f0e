package org.vfiocompat.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.PackInfo;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.engine.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "batch",
        description = "Evaluate every device assigned to a VM against the rest of the fleet: its top-K compatible "
                + "targets, and a summary with the devices that have nowhere to go (stranded). "
                + "Output is deterministic byte for byte; wall time goes to stderr (and into JSON with --timing).",
        footer = {"", "Examples:",
            "  vfio-compat batch --inventory examples/fleet.json --format table",
            "  vfio-compat batch --inventory examples/fleet.json --top 3 --format csv --out targets.csv"})
final class BatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PackSourceOptions packSource;

    @Mixin
    PackCacheOptions packCache;

    @Mixin
    TrustOptions trust;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    InventoryOption inventory;

    @Option(names = "--top", paramLabel = "K", defaultValue = "10", description = "Targets kept per device (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json", description = Formats.DESCRIPTION)
    Formats.Batch format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write here instead of stdout; the file appears whole or not at all.")
    Path out;

    @Option(names = "--fail-on-stranded", description = "Exit 1 when any assigned device has no compatible target.")
    boolean failOnStranded;

    @Option(names = "--timing", description = "Include elapsedMillis in the JSON/NDJSON summary (makes output vary between runs).")
    boolean timing;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no summary line on stderr.")
    boolean quiet;

    /** Set for the duration of call(). */
    private ProgressBar bar;

    /** More threads than this only cost memory: a batch's work is as parallel as its distinct profiles. */
    static final int MAX_THREADS = 256;

    @Option(names = "--threads", paramLabel = "N", description = "Threads evaluating profiles (default: available processors). "
            + "Output is the same for any number.")
    Integer threads;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new UsageProblem("--top must be at least 1, got " + top);
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1 || workers > MAX_THREADS) {
            throw new UsageProblem("--threads must be from 1 to " + MAX_THREADS + ", got " + workers);
        }
        Fleet fleet = inventory.load();
        // One pool for the whole batch, handed to the engine: it never makes threads of its own.
        java.util.concurrent.ForkJoinPool pool = workers > 1 ? new java.util.concurrent.ForkJoinPool(workers) : null;
        CompatibilityEngine engine = Engines.build(spec, packSource, packCache, trust, engineOptions, b -> {
            if (pool != null) {
                b.batchExecutor(pool);
            }
        });
        bar = ProgressBar.forTerminal(spec.commandLine().getErr(), !quiet);
        BatchSummary summary;
        try (AtomicOutput output = AtomicOutput.open(out, spec.commandLine().getOut())) {
            PrintWriter w = output.writer();
            summary = switch (format) {
                case json -> json(engine, fleet, w);
                case ndjson -> ndjson(engine, fleet, w);
                case csv -> csv(engine, fleet, w);
                case table -> table(engine, fleet, w);
            };
            output.commit();
        } finally {
            bar.close();
            if (pool != null) {
                pool.shutdown();
            }
        }
        List<PackInfo> quarantined = engine.packs().stream().filter(PackInfo::quarantined).toList();
        if (!quarantined.isEmpty()) {
            // Said even with --quiet: a quarantined pack's devices all came out UNKNOWN.
            PrintWriter err = spec.commandLine().getErr();
            quarantined.forEach(p -> err.print("batch: pack " + p.id() + " was quarantined: " + p.quarantineReason().orElse("") + "\n"));
            err.flush();
        }
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            err.print("batch: " + summary.devicesEvaluated() + " devices evaluated, " + summary.stranded().size()
                    + " stranded, " + summary.candidatePairs() + " candidate pairs (" + summary.distinctPairsEvaluated()
                    + " distinct) in " + summary.elapsedNanos() / 1_000_000 + " ms; verdict cache "
                    + engine.cacheStats().hits() + " hits, " + engine.cacheStats().misses() + " misses"
                    + (out == null ? "" : "; wrote " + out) + "\n");
            err.flush();
        }
        return failOnStranded && !summary.stranded().isEmpty() ? ExitCodes.FOUND_PROBLEMS : ExitCodes.OK;
    }

    private BatchSummary run(CompatibilityEngine engine, Fleet fleet, Consumer<SourceResult> sink) {
        return engine.batch(fleet, top, sink, bar::update);
    }

    private ObjectNode sourceNode(SourceResult r) {
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
            target.setAll(nodes.candidate(t.candidate()));
            target.set("verdict", nodes.verdict(t.verdict()));
            targets.add(target);
        }
        return n;
    }

    /**
     * The JSON of candidates and verdicts, made once each: a batch writes the same few hundred
     * verdicts and the same candidates into the top lists of thousands of sources, and building
     * their nodes again for each was most of the time a large batch spends writing. Keyed by
     * identity (the batch hands out the same instances) and emptied when large, so memory stays
     * bounded.
     */
    private final NodeCache nodes = new NodeCache();

    private static final class NodeCache {
        private static final int MAX = 200_000;
        private final java.util.Map<Candidate, ObjectNode> candidates = new java.util.IdentityHashMap<>();
        private final java.util.Map<Verdict, ObjectNode> verdicts = new java.util.IdentityHashMap<>();
        private final java.util.Map<Candidate, String> candidateFields = new java.util.IdentityHashMap<>();
        private final java.util.Map<Verdict, String> verdictJson = new java.util.IdentityHashMap<>();

        /** The candidate's members as compact JSON, without the braces around them. */
        synchronized String candidateFields(Candidate c) {
            if (candidateFields.size() > MAX) {
                candidateFields.clear();
            }
            return candidateFields.computeIfAbsent(c, x -> {
                String json = JsonViews.compact(JsonViews.candidate(x));
                return json.substring(1, json.length() - 1);
            });
        }

        /** The verdict as compact JSON. */
        synchronized String verdictJson(Verdict v) {
            if (verdictJson.size() > MAX) {
                verdictJson.clear();
            }
            return verdictJson.computeIfAbsent(v, x -> JsonViews.compact(JsonViews.verdict(x)));
        }

        synchronized ObjectNode candidate(Candidate c) {
            if (candidates.size() > MAX) {
                candidates.clear();
            }
            return candidates.computeIfAbsent(c, JsonViews::candidate);
        }

        synchronized ObjectNode verdict(Verdict v) {
            if (verdicts.size() > MAX) {
                verdicts.clear();
            }
            return verdicts.computeIfAbsent(v, JsonViews::verdict);
        }
    }

    private ArrayNode packsNode(CompatibilityEngine engine) {
        ArrayNode packs = JsonViews.array();
        for (PackInfo p : engine.packs()) {
            packs.add(JsonViews.pack(p));
        }
        return packs;
    }

    /** One JSON document, streamed: only the current source's result is held in memory. */
    private BatchSummary json(CompatibilityEngine engine, Fleet fleet, PrintWriter w) {
        try {
            JsonGenerator gen = JsonViews.MAPPER.createGenerator(w);
            gen.setPrettyPrinter(JsonViews.MAPPER.getSerializationConfig().getDefaultPrettyPrinter());
            gen.writeStartObject();
            gen.writeNumberField("top", top);
            gen.writeFieldName("packs");
            JsonViews.MAPPER.writeTree(gen, packsNode(engine));
            gen.writeArrayFieldStart("sources");
            BatchSummary summary = run(engine, fleet, unchecked(r -> JsonViews.MAPPER.writeTree(gen, sourceNode(r))));
            gen.writeEndArray();
            gen.writeFieldName("summary");
            JsonViews.MAPPER.writeTree(gen, JsonViews.summary(summary, engine.packs(), timing));
            gen.writeEndObject();
            gen.flush();
            w.print('\n');
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One line per source, then one summary line. Each line is assembled from JSON fragments of
     * its candidates and verdicts serialised once each ({@link NodeCache}): the same bytes the
     * tree would give, without serialising the same few hundred verdicts again for every source.
     */
    private BatchSummary ndjson(CompatibilityEngine engine, Fleet fleet, PrintWriter w) {
        BatchSummary summary = run(engine, fleet, r -> {
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
                        .append(nodes.candidateFields(t.candidate()))
                        .append(",\"verdict\":").append(nodes.verdictJson(t.verdict())).append('}');
            }
            w.append(line).append("]}\n");
        });
        ObjectNode last = JsonViews.object();
        last.put("type", "summary");
        last.put("top", top);
        last.set("packs", packsNode(engine));
        last.setAll(JsonViews.summary(summary, engine.packs(), timing));
        JsonViews.writeLine(w, last);
        return summary;
    }

    /** One row per (source, target); a stranded source gets one row with no target. */
    private BatchSummary csv(CompatibilityEngine engine, Fleet fleet, PrintWriter w) {
        Csv.row(w, "source", "vm", "source_type", "rank", "target", "target_kind", "capacity", "target_type",
                "level", "limit", "score", "pack", "reason");
        return run(engine, fleet, r -> {
            if (r.top().isEmpty()) {
                Csv.row(w, r.source().ref(), r.source().assignedTo(), r.source().profile().getMigrationType(),
                        "", "", "", "", "", "STRANDED", "", "", "", "no compatible target among " + r.candidates() + " candidates");
            }
            for (int i = 0; i < r.top().size(); i++) {
                RankedTarget t = r.top().get(i);
                Csv.row(w, r.source().ref(), r.source().assignedTo(), r.source().profile().getMigrationType(),
                        i + 1, t.candidate().ref(), Describe.kind(t.candidate()), t.candidate().capacity(),
                        t.candidate().profile().getMigrationType(), t.verdict().level(),
                        t.verdict().limit().map(Enum::name).orElse(""), t.verdict().score(),
                        t.verdict().packId(), t.verdict().reason());
            }
        });
    }

    /** For people: a block per source, then the summary. */
    private BatchSummary table(CompatibilityEngine engine, Fleet fleet, PrintWriter w) {
        BatchSummary summary = run(engine, fleet, r -> {
            w.print(Describe.source(r.source()) + "\n");
            if (r.top().isEmpty()) {
                w.print("  STRANDED: no compatible target among " + r.candidates() + " candidates\n\n");
                return;
            }
            TextTable t = new TextTable("#", "TARGET", "KIND", "CAP", "LEVEL", "SCORE", "REASON").alignRight(0, 3, 5);
            for (int i = 0; i < r.top().size(); i++) {
                RankedTarget x = r.top().get(i);
                t.row(i + 1, x.candidate().ref(), Describe.kind(x.candidate()), x.candidate().capacity(),
                        x.verdict().level(), x.verdict().score(), x.verdict().reason());
            }
            t.print(w, "  ");
            w.print("  (" + r.compatible() + " compatible of " + r.candidates() + " candidates)\n\n");
        });
        w.print("Summary: " + summary.devicesEvaluated() + " devices evaluated, " + summary.stranded().size()
                + " stranded" + (summary.stranded().isEmpty() ? "" : ": " + String.join(", ", summary.stranded())) + "\n");
        return summary;
    }

    /** Lets a consumer throw IOException, rethrown unchecked. */
    private interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }

    private static <T> Consumer<T> unchecked(IoConsumer<T> c) {
        return t -> {
            try {
                c.accept(t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
