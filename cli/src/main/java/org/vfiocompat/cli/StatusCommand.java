package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.CacheStats;
import org.vfiocompat.engine.EngineStatus;
import org.vfiocompat.engine.PackInfo;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ReloadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Load the packs as an engine would and report its state: each pack with digest, signer, "
                + "namespaces and quarantine state; whether signatures are required and the trust store; cache "
                + "statistics; how the load went. The same as CompatibilityEngine.status() for embedders.",
        footer = {"", "Examples:", "  vfio-compat status", "  vfio-compat status --format json"})
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        Formats.require(format, "table", "json");
        try {
            EngineStatus status = common.engine().status();
            PrintWriter out = spec.commandLine().getOut();
            if (format.equals("json")) {
                JsonViews.writePretty(out, json(status));
            } else {
                table(out, status);
            }
            out.flush();
            return ExitCodes.OK;
        } finally {
            common.close();
        }
    }

    private static ObjectNode json(EngineStatus status) {
        ObjectNode n = JsonViews.object();
        ArrayNode packs = n.putArray("packs");
        for (PackInfo p : status.packs()) {
            ObjectNode pack = JsonViews.pack(p);
            pack.put("digest", p.digest());
            pack.put("signer", p.signer());
            pack.set("namespaces", JsonViews.MAPPER.valueToTree(p.namespaces()));
            pack.put("status", p.quarantined() ? "quarantined" : "active");
            if (p.quarantined()) {
                pack.put("quarantineReason", p.quarantineReason());
            }
            packs.add(pack);
        }
        n.put("signaturesRequired", status.signaturesRequired());
        n.put("trustStore", status.trustStore());
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
            t.row(p.id(), p.version(), p.signer(), p.quarantined() ? "QUARANTINED: " + p.quarantineReason() : "active",
                    String.join(" ", p.namespaces()), p.digest().substring(0, 19));
        }
        t.print(out, "");
        out.print("\nsignatures:  " + (status.signaturesRequired() ? "required" : "not required") + "; trust store: "
                + (status.trustStore().isEmpty() ? "none" : status.trustStore()) + "\n");
        CacheStats c = status.cache();
        out.print("cache:       " + c.size() + " of " + c.maximumSize() + " verdicts, " + c.hits() + " hits, " + c.misses()
                + " misses, " + c.evictions() + " evictions\n");
        ReloadResult r = status.lastReload();
        out.print("last load:   " + (r.ok() ? "ok" : "FAILED") + ", generation " + r.generation() + "\n");
        r.problems().forEach(p -> out.print("  " + p + "\n"));
    }
}
