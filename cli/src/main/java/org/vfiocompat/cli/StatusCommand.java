package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import org.vfiocompat.engine.CacheStats;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.EngineStatus;
import org.vfiocompat.engine.PackInfo;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ReloadResult;
import org.vfiocompat.json.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status",
        description = "Load the packs as an engine would and report its state: each pack with digest, signer, "
                + "namespaces and quarantine state; whether signatures are required and the trust store; cache "
                + "statistics; how the load went. The same as CompatibilityEngine.status() for embedders.",
        footer = {"", "Examples:", "  vfio-compat status", "  vfio-compat status --format json",
                "", "Stay up, reload the packs when they change and print one line per reload (Ctrl-C stops):",
                "    vfio-compat status --watch 2"})
final class StatusCommand implements Callable<Integer> {

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

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = Formats.DESCRIPTION)
    Formats.TableOrJson format;

    @Option(names = "--watch", paramLabel = "SECONDS",
            description = "Stay up after the status: watch the pack folders (and trust store), reload them when they "
                    + "change and have held still for SECONDS, and print one line per reload (NDJSON with --format "
                    + "json). A failed reload keeps the last good packs. Stops on Ctrl-C.")
    Integer watchSeconds;

    /** For tests: stop watching after this many reloads (0: never). */
    @Option(names = "--watch-reloads", hidden = true, defaultValue = "0")
    int watchReloads;

    @Override
    public Integer call() {
        if (watchSeconds != null && watchSeconds < 1) {
            throw new UsageProblem("--watch needs at least 1 second, got " + watchSeconds);
        }
        // Each reload the watch makes is handed over here as it happens (no polling of lastReload()).
        BlockingQueue<ReloadResult> reloads = new LinkedBlockingQueue<>();
        CompatibilityEngine engine = Engines.build(spec, packSource, packCache, trust, platform, b -> {
            if (watchSeconds != null) {
                b.reloadListener(reloads::add);
            }
        });
        if (watchSeconds != null) {
            // Before the status is printed: the watch takes its baseline now, so a change made
            // once the status is out (by a user, or a test waiting for it) is always seen.
            engine.watch(Duration.ofSeconds(watchSeconds));
        }
        EngineStatus status = engine.status();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Formats.TableOrJson.json) {
            JsonViews.writePretty(out, json(status));
        } else {
            table(out, status);
        }
        out.flush();
        if (watchSeconds != null) {
            report(reloads, out);
        }
        return ExitCodes.OK;
    }

    /**
     * The long-running mode: the engine watches its packs and reloads them itself
     * ({@link CompatibilityEngine#watch}) and tells its reload listener of each; this prints
     * each one as it lands.
     */
    private void report(BlockingQueue<ReloadResult> reloads, PrintWriter out) {
        int reported = 0;
        try {
            while (watchReloads == 0 || reported < watchReloads) {
                ReloadResult now = reloads.take();
                reported++;
                out.print(format == Formats.TableOrJson.json ? JsonViews.compact(reloadJson(now)) + "\n" : reloadLine(now));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reloadLine(ReloadResult r) {
        StringBuilder line = new StringBuilder();
        line.append(r.time()).append(r.ok() ? "  reload ok: generation " : "  reload FAILED, keeping generation ")
                .append(r.generation()).append(", ").append(r.packDigests().size()).append(" pack(s)");
        if (r.ok()) {
            r.packDigests().forEach(d -> line.append(' ').append(d, 0, Math.min(19, d.length())));
        }
        line.append('\n');
        r.refused().forEach(p -> line.append("  refused ").append(OneLine.of(p.id() + ": " + p.reason())).append('\n'));
        r.problems().forEach(p -> line.append("  ").append(p).append('\n'));
        return line.toString();
    }

    private static ObjectNode reloadJson(ReloadResult r) {
        ObjectNode n = JsonViews.object();
        n.put("type", "reload").put("time", r.time().toString()).put("ok", r.ok()).put("generation", r.generation());
        n.set("packDigests", JsonViews.MAPPER.valueToTree(r.packDigests()));
        ArrayNode problems = n.putArray("problems");
        r.problems().forEach(p -> problems.add(p.toString()));
        ArrayNode refused = n.putArray("refused");
        r.refused().forEach(p -> refused.add(JsonViews.refusedPack(p)));
        return n;
    }

    private static ObjectNode json(EngineStatus status) {
        ObjectNode n = JsonViews.object();
        ArrayNode packs = n.putArray("packs");
        for (PackInfo p : status.packs()) {
            ObjectNode pack = JsonViews.packBrief(p);
            pack.put("digest", p.digest());
            pack.put("signer", p.signature().describe());
            pack.set("namespaces", JsonViews.MAPPER.valueToTree(p.namespaces()));
            pack.put("status", p.quarantined() ? "quarantined" : "active");
            p.platformScope().ifPresent(scope -> pack.put("platform", scope).put("platformEnabled", p.platformEnabled()));
            if (p.quarantined()) {
                pack.put("quarantineReason", p.quarantineReason().orElse(""));
            }
            packs.add(pack);
        }
        ArrayNode refused = n.putArray("refusedPacks");
        status.refusedPacks().forEach(r -> refused.add(JsonViews.refusedPack(r)));
        n.put("signaturesRequired", status.signaturesRequired());
        n.put("trustStore", status.trustStore().map(Path::toString).orElse(""));
        CacheStats c = status.cache();
        n.putObject("cache").put("maximumSize", c.maximumSize()).put("size", c.size()).put("hits", c.hits())
                .put("misses", c.misses()).put("evictions", c.evictions());
        // The load time is left out: the output stays the same byte for byte between runs.
        ReloadResult r = status.lastReload();
        ObjectNode load = n.putObject("lastLoad").put("ok", r.ok()).put("generation", r.generation());
        ArrayNode problems = load.putArray("problems");
        for (Problem p : r.problems()) {
            problems.add(p.toString());
        }
        return n;
    }

    private static void table(PrintWriter out, EngineStatus status) {
        TextTable t = new TextTable("PACK", "VERSION", "SIGNER", "STATUS", "NAMESPACES", "DIGEST");
        for (PackInfo p : status.packs()) {
            t.row(p.id(), p.version(), p.signature().describe(), JsonViews.packStatus(p),
                    JsonViews.packClaims(p), p.digest().substring(0, 19));
        }
        status.refusedPacks().forEach(r -> t.row(r.id(), "-", "-", "REFUSED (" + r.code() + ")", String.join(" ", r.namespaces()), "-"));
        t.print(out, "");
        PacksCommand.printRefusals(out, status.refusedPacks());
        out.print("\nsignatures:  " + (status.signaturesRequired() ? "required" : "not required") + "; trust store: "
                + status.trustStore().map(Path::toString).orElse("none") + "\n");
        CacheStats c = status.cache();
        out.print("cache:       " + c.size() + " of " + c.maximumSize() + " verdicts, " + c.hits() + " hits, " + c.misses()
                + " misses, " + c.evictions() + " evictions\n");
        ReloadResult r = status.lastReload();
        out.print("last load:   " + (r.ok() ? "ok" : "FAILED") + ", generation " + r.generation() + "\n");
        r.problems().forEach(p -> out.print("  " + p + "\n"));
    }
}
