package org.vfiocompat.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.PackInfo;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.json.BatchLines;
import org.vfiocompat.json.JsonViews;
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
    PlatformOptions platform;

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
        // One pool for the whole batch, handed to the engine: it never makes threads of its own.
        java.util.concurrent.ForkJoinPool pool = workers > 1 ? new java.util.concurrent.ForkJoinPool(workers) : null;
        // Packs load while the inventory is read: a bad inventory is still the error said, and
        // the packs' warnings come after the read, as before.
        // The engine is told each distinct profile as the read finds it (those read before it
        // was built, once it is): under process isolation the packs judging them start their
        // workers and load their packs beside the read, not after it (docs/performance.md).
        ExpectedProfiles expected = new ExpectedProfiles();
        Engines.Pending building = Engines.start(expected::engineBuilt, spec, packSource, packCache, trust, platform, engineOptions, b -> {
            if (pool != null) {
                b.batchExecutor(pool);
            }
        });
        Fleet fleet;
        try {
            fleet = inventory.load(expected);
        } catch (RuntimeException | Error e) {
            building.abandon();
            if (pool != null) {
                pool.shutdown();
            }
            throw e;
        }
        CompatibilityEngine engine = building.get();
        bar = ProgressBar.forTerminal(spec.commandLine().getErr(), !quiet);
        BatchSummary summary;
        try (AtomicOutput output = AtomicOutput.open(out, spec.commandLine().getOut())) {
            PrintWriter w = output.writer();
            summary = switch (format) {
                case json -> json(engine, fleet, w);
                case ndjson -> ndjson(engine, fleet, output);
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

    /** The JSON of this batch's candidates and verdicts, serialised once each (see {@link BatchLines}). */
    private final BatchLines lines = new BatchLines();

    /** One JSON document, streamed: only the current source's result is held in memory. */
    private BatchSummary json(CompatibilityEngine engine, Fleet fleet, PrintWriter w) {
        try {
            JsonGenerator gen = JsonViews.MAPPER.createGenerator(w);
            gen.setPrettyPrinter(JsonViews.MAPPER.getSerializationConfig().getDefaultPrettyPrinter());
            gen.writeStartObject();
            gen.writeNumberField("top", top);
            gen.writeFieldName("packs");
            JsonViews.MAPPER.writeTree(gen, BatchLines.packsNode(engine.packs()));
            gen.writeArrayFieldStart("sources");
            BatchSummary summary = run(engine, fleet, unchecked(r -> JsonViews.MAPPER.writeTree(gen, lines.sourceNode(r))));
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

    /** One line per source, then one summary line: the bytes {@code POST /v1/batch} streams. */
    private BatchSummary ndjson(CompatibilityEngine engine, Fleet fleet, AtomicOutput output) {
        java.util.Optional<java.io.OutputStream> bytes = output.stream();
        if (bytes.isPresent()) {
            // UTF-8 straight from the cached fragments: no characters encoded again per line.
            java.io.OutputStream out = bytes.get();
            BatchSummary summary = run(engine, fleet, r -> lines.writeSourceLine(out, r));
            BatchLines.writeSummaryLine(out, top, engine.packs(), summary, timing);
            return summary;
        }
        PrintWriter w = output.writer();
        BatchSummary summary = run(engine, fleet, r -> lines.writeSourceLine(w, r));
        BatchLines.writeSummaryLine(w, top, engine.packs(), summary, timing);
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
