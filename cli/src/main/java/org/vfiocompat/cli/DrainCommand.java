package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vfiocompat.json.JsonViews;
import org.vfiocompat.server.PlanJson;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.planner.DrainPlan;
import org.vfiocompat.planner.HostDrain;
import org.vfiocompat.planner.Planner;
import org.vfiocompat.planner.Resilience;
import org.vfiocompat.planner.StuckVm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "drain",
        description = "One plan that moves every VM off the named hosts without using any target beyond its capacity: "
                + "most VMs moved, then most LIVE, then the packs' scores, then the fewest VMs landing on one host. "
                + "The plan is optimal for that order, or says its gap past --time-limit; the VMs that cannot move are listed "
                + "with why. --each-host: for every host, can it be drained now (the N+1 report). Deterministic byte for byte.",
        footer = {"", "Examples:",
            "  vfio-compat drain --inventory examples/planning-fleet.json --host gpu-1",
            "  vfio-compat drain --inventory examples/planning-fleet.json --each-host --format csv",
            "  vfio-compat drain --inventory examples/planning-fleet.json --host gvt-1 --format html -o drain.html"})
final class DrainCommand implements Callable<Integer> {

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

    @Mixin
    PlannerOptions plannerOptions;

    @Option(names = "--host", paramLabel = "HOST", description = "A host to drain (repeatable; the hosts are drained together).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--each-host", description = "Drain every host on its own and report which cannot be drained now, and which VMs would stay.")
    boolean eachHost;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = Formats.DESCRIPTION)
    Formats.PlanReport format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write here instead of stdout; the file appears whole or not at all.")
    Path out;

    @Option(names = "--fail-on-stuck", description = "Exit 1 when a VM cannot move (with --each-host: when a host cannot be drained).")
    boolean failOnStuck;

    @Override
    public Integer call() {
        if (eachHost == !hosts.isEmpty()) {
            throw new UsageProblem(eachHost ? "--each-host drains every host; leave out --host" : "name a host to drain with --host, or use --each-host");
        }
        Fleet fleet = inventory.load();
        CompatibilityEngine engine = Engines.build(spec, packSource, packCache, trust, platform, engineOptions);
        Planner planner = plannerOptions.planner(engine);
        long start = System.nanoTime();
        boolean stuck;
        try (AtomicOutput output = AtomicOutput.open(out, spec.commandLine().getOut())) {
            PrintWriter w = output.writer();
            if (eachHost) {
                Resilience r = planner.drainEachHost(fleet);
                each(w, fleet, r);
                stuck = !r.notDrainable().isEmpty();
            } else {
                DrainPlan p = planner.drain(fleet, hosts);
                switch (format) {
                    case json -> JsonViews.writePretty(w, PlanJson.drain(p));
                    case table -> PlanViews.drainTable(w, p, "");
                    case csv -> {
                        Csv.row(w, (Object[]) PlanViews.CSV_HEADER);
                        PlanViews.drainCsv(w, p);
                    }
                    case html -> w.print(HtmlReport.drain(fleet.name(), p));
                }
                stuck = !p.stuck().isEmpty();
            }
            output.commit();
        }
        PrintWriter err = spec.commandLine().getErr();
        err.print("drain: planned in " + (System.nanoTime() - start) / 1_000_000 + " ms" + (out == null ? "" : "; wrote " + out) + "\n");
        err.flush();
        return failOnStuck && stuck ? ExitCodes.FOUND_PROBLEMS : ExitCodes.OK;
    }

    private void each(PrintWriter w, Fleet fleet, Resilience r) {
        switch (format) {
            case json -> {
                ObjectNode n = JsonViews.object();
                n.put("hosts", r.hosts().size());
                n.put("notDrainable", r.notDrainable().size());
                ArrayNode all = n.putArray("drains");
                for (HostDrain h : r.hosts()) {
                    ObjectNode hn = JsonViews.object();
                    hn.put("host", h.host());
                    hn.put("vms", h.vms());
                    hn.put("drainable", h.drainable());
                    ArrayNode s = hn.putArray("stuck");
                    h.stuck().forEach(x -> s.add(PlanJson.stuck(x)));
                    all.add(hn);
                }
                JsonViews.writePretty(w, n);
            }
            case csv -> {
                Csv.row(w, "host", "vms", "drainable", "stuck_vm", "why", "reason");
                for (HostDrain h : r.hosts()) {
                    if (h.stuck().isEmpty()) {
                        Csv.row(w, h.host(), h.vms(), h.drainable(), "", "", "");
                    }
                    for (StuckVm s : h.stuck()) {
                        Csv.row(w, h.host(), h.vms(), h.drainable(), s.vm(), s.why(), s.reason());
                    }
                }
            }
            case table, html -> {
                if (format == Formats.PlanReport.html) {
                    w.print(HtmlReport.eachHost(fleet.name(), r));
                    return;
                }
                w.print("N+1: " + (r.hosts().size() - r.notDrainable().size()) + " of " + r.hosts().size() + " hosts can be drained now\n\n");
                TextTable t = new TextTable("HOST", "VMS", "DRAINABLE", "STUCK", "WHY", "REASON").alignRight(1);
                for (HostDrain h : r.hosts()) {
                    if (h.stuck().isEmpty()) {
                        t.row(h.host(), h.vms(), h.drainable() ? "yes" : "no", "", "", "");
                    }
                    for (int i = 0; i < h.stuck().size(); i++) {
                        StuckVm s = h.stuck().get(i);
                        t.row(i == 0 ? h.host() : "", i == 0 ? h.vms() : "", i == 0 ? "no" : "", s.vm(), s.why(), s.reason());
                    }
                }
                t.print(w, "  ");
            }
        }
    }
}
