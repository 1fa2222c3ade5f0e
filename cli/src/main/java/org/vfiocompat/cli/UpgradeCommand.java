package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vfiocompat.json.JsonViews;
import org.vfiocompat.server.PlanJson;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.planner.HostChange;
import org.vfiocompat.planner.LostPath;
import org.vfiocompat.planner.UpgradeReport;
import org.vfiocompat.planner.Wave;
import org.vfiocompat.planner.WavePlan;
import org.vfiocompat.planner.WayBack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "upgrade",
        description = "A rolling-upgrade what-if: apply planned host fact changes (driver, firmware versions the packs "
                + "declare in their version strings) wave by wave, and for each wave the drain plan that empties its hosts "
                + "first, the VMs that lose every live path, and whether each upgraded host still has a way back (a LIVE path "
                + "to a host not yet upgraded). The same engine and packs judge the changed fleet.",
        footer = {"", "Examples:",
            "  vfio-compat upgrade --inventory examples/planning-fleet.json --set nvidia-driver=570.124.03 --waves examples/planning-waves.txt",
            "  vfio-compat upgrade --inventory examples/planning-fleet.json --set gpu-3.nvidia-driver=570.124.03 --waves W --format html -o u.html"})
final class UpgradeCommand implements Callable<Integer> {

    /** {@code host.fact=value} or {@code fact=value}: a fact name has no dot, so the last dot before '=' ends the host. */
    private static final Pattern SET = Pattern.compile("(?:(.+)\\.)?([a-z][a-z0-9-]*)=(.*)", Pattern.DOTALL);

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

    @Option(names = "--set", required = true, paramLabel = "[HOST.]FACT=VALUE",
            description = "A planned change (repeatable): HOST.FACT=VALUE for one host, FACT=VALUE for every host of the waves.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--waves", required = true, paramLabel = "FILE", description = "One wave per line, hosts separated by spaces or commas; # comments.")
    Path wavesFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = Formats.DESCRIPTION)
    Formats.PlanReport format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write here instead of stdout; the file appears whole or not at all.")
    Path out;

    @Option(names = "--fail-on-lost", description = "Exit 1 when a wave costs a VM its every live path or leaves an upgraded host no way back.")
    boolean failOnLost;

    @Override
    public Integer call() {
        Fleet fleet = inventory.load();
        WavePlan waves = WavePlan.read(wavesFile);
        List<HostChange> changes = new ArrayList<>();
        for (String s : sets) {
            Matcher m = SET.matcher(s);
            if (!m.matches() || m.group(3).isEmpty()) {
                throw new UsageProblem("--set " + s + ": write HOST.FACT=VALUE or FACT=VALUE (a fact is lower-case letters, digits and dashes)");
            }
            if (m.group(1) == null) {
                waves.hosts().forEach(h -> changes.add(new HostChange(h, m.group(2), m.group(3))));
            } else {
                changes.add(new HostChange(m.group(1), m.group(2), m.group(3)));
            }
        }
        CompatibilityEngine engine = Engines.build(spec, packSource, packCache, trust, platform, engineOptions);
        UpgradeReport r = plannerOptions.planner(engine).upgrade(fleet, changes, waves);
        PrintWriter err = spec.commandLine().getErr();
        r.warnings().forEach(w -> err.print("vfio-compat: warning: " + OneLine.of(w) + "\n"));
        err.flush();
        try (AtomicOutput output = AtomicOutput.open(out, spec.commandLine().getOut())) {
            PrintWriter w = output.writer();
            switch (format) {
                case json -> JsonViews.writePretty(w, json(r));
                case table -> table(w, r);
                case csv -> csv(w, r);
                case html -> w.print(HtmlReport.upgrade(fleet.name(), r));
            }
            output.commit();
        }
        boolean lost = r.waves().stream().anyMatch(x -> !x.lost().isEmpty() || x.wayBack().stream().anyMatch(b -> !b.exists()));
        return failOnLost && lost ? ExitCodes.FOUND_PROBLEMS : ExitCodes.OK;
    }

    private static ObjectNode json(UpgradeReport r) {
        ObjectNode n = JsonViews.object();
        ArrayNode changes = n.putArray("changes");
        for (HostChange c : r.changes()) {
            ObjectNode cn = JsonViews.object();
            cn.put("host", c.host());
            cn.put("fact", c.fact());
            cn.put("value", c.value());
            changes.add(cn);
        }
        n.put("vms", r.vms());
        n.put("liveVms", r.liveVms());
        ArrayNode warnings = n.putArray("warnings");
        r.warnings().forEach(warnings::add);
        ArrayNode waves = n.putArray("waves");
        for (Wave w : r.waves()) {
            ObjectNode wn = JsonViews.object();
            wn.put("wave", w.number());
            ArrayNode hosts = wn.putArray("hosts");
            w.hosts().forEach(hosts::add);
            wn.set("drain", PlanJson.drain(w.drain()));
            ArrayNode lost = wn.putArray("lost");
            for (LostPath l : w.lost()) {
                ObjectNode ln = JsonViews.object();
                ln.put("vm", l.vm());
                ln.put("reason", l.reason());
                lost.add(ln);
            }
            wn.put("liveVms", w.liveVms());
            ArrayNode back = wn.putArray("wayBack");
            for (WayBack b : w.wayBack()) {
                ObjectNode bn = JsonViews.object();
                bn.put("host", b.host());
                bn.put("exists", b.exists());
                bn.put("via", b.via());
                bn.put("reason", b.reason());
                back.add(bn);
            }
            waves.add(wn);
        }
        return n;
    }

    private static void table(PrintWriter w, UpgradeReport r) {
        w.print("Upgrade: " + r.changes().size() + " change" + (r.changes().size() == 1 ? "" : "s") + " in " + r.waves().size()
                + " wave" + (r.waves().size() == 1 ? "" : "s") + "; " + r.liveVms() + " of " + r.vms() + " VMs have a live path before\n");
        for (Wave wave : r.waves()) {
            w.print("\nWave " + wave.number() + ": " + String.join(", ", wave.hosts()) + "\n");
            PlanViews.drainTable(w, wave.drain(), "  ");
            w.print("\n  After the upgrade: " + wave.liveVms() + " of " + r.vms() + " VMs have a live path; "
                    + wave.lost().size() + " lost one\n");
            if (!wave.lost().isEmpty()) {
                TextTable t = new TextTable("LOST", "REASON");
                wave.lost().forEach(l -> t.row(l.vm(), l.reason()));
                t.print(w, "    ");
            }
            w.print("\n  Way back:\n");
            TextTable t = new TextTable("HOST", "WAY BACK", "VIA", "REASON");
            wave.wayBack().forEach(b -> t.row(b.host(), b.exists() ? "yes" : "no", b.via(), b.reason()));
            t.print(w, "    ");
        }
    }

    private static void csv(PrintWriter w, UpgradeReport r) {
        Csv.row(w, PlanViews.concat(new Object[] {"wave"}, (Object[]) PlanViews.CSV_HEADER));
        for (Wave wave : r.waves()) {
            PlanViews.drainCsv(w, wave.drain(), wave.number());
            for (LostPath l : wave.lost()) {
                Csv.row(w, wave.number(), "lost", l.vm(), "", "", "", "", "", "", "", "", l.reason());
            }
            for (WayBack b : wave.wayBack()) {
                Csv.row(w, wave.number(), b.exists() ? "way-back" : "no-way-back", "", b.host(), b.via(), "", "", "", "", "", "", b.reason());
            }
        }
    }
}
