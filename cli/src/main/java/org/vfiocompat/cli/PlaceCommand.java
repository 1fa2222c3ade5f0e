package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.vfiocompat.json.JsonViews;
import org.vfiocompat.server.PlanJson;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.planner.DeviceMove;
import org.vfiocompat.planner.Placement;
import org.vfiocompat.planner.RefusedHost;
import org.vfiocompat.planner.VmMove;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "place",
        description = "The hosts that can receive a whole VM (every one of its devices on the same host, within capacity), "
                + "best first: LIVE before COLD, then the sum of the packs' scores. A VM with more than one VFIO device moves LIVE "
                + "only when every one supports P2P migration. --all also lists the refused hosts with the limiting device.",
        footer = {"", "Example:",
            "  vfio-compat place --inventory examples/planning-fleet.json --vm gpu-1/vm-db-1 --all"})
final class PlaceCommand implements Callable<Integer> {

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

    @Option(names = "--vm", required = true, paramLabel = "HOST/VM", description = "The VM that would move: host/vm, as the inventory's assignedTo names it.")
    String vm;

    @Option(names = "--top", paramLabel = "N", description = "Show at most N hosts (default: all).")
    Integer top;

    @Option(names = "--all", description = "Also list the refused hosts with the limiting device and why.")
    boolean all;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = Formats.DESCRIPTION)
    Formats.Plan format;

    @Option(names = "--fail-on-stuck", description = "Exit 1 when no host can receive the VM.")
    boolean failOnStuck;

    @Override
    public Integer call() {
        if (top != null && top < 1) {
            throw new UsageProblem("--top must be at least 1, got " + top);
        }
        Fleet fleet = inventory.load();
        CompatibilityEngine engine = Engines.build(spec, packSource, packCache, trust, platform, engineOptions);
        Placement p = plannerOptions.planner(engine).place(fleet, vm);
        List<VmMove> shown = top == null ? p.targets() : p.targets().subList(0, Math.min(top, p.targets().size()));
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case json -> JsonViews.writePretty(out, PlanJson.placement(p, top == null ? 0 : top, all));
            case csv -> {
                Csv.row(out, "rank", "vm", "to", "vm_level", "vm_score", "device", "target", "kind", "level", "score", "reason");
                for (int i = 0; i < shown.size(); i++) {
                    VmMove m = shown.get(i);
                    for (DeviceMove d : m.devices()) {
                        Csv.row(out, i + 1, m.vm(), m.to(), m.level(), m.score(), d.device(), d.target(), d.kind(), d.verdict().level(),
                                d.verdict().score(), d.verdict().reason());
                    }
                }
                if (all) {
                    for (RefusedHost r : p.refused()) {
                        Csv.row(out, "", p.vm(), r.host(), "REFUSED", "", r.limiting(), "", "", "", "", r.reason());
                    }
                }
            }
            case table -> table(out, p, shown);
        }
        out.flush();
        return failOnStuck && p.targets().isEmpty() ? ExitCodes.FOUND_PROBLEMS : ExitCodes.OK;
    }

    private void table(PrintWriter out, Placement p, List<VmMove> shown) {
        out.print(p.vm() + ": " + p.devices().size() + " device" + (p.devices().size() == 1 ? "" : "s") + " (" + String.join(", ", p.devices()) + ")\n");
        out.print(p.targets().size() + " of " + (p.targets().size() + p.refused().size()) + " other hosts can receive it whole"
                + (shown.size() < p.targets().size() ? ", best " + shown.size() + " shown" : "") + "\n");
        if (!shown.isEmpty()) {
            out.print("\n");
            TextTable t = new TextTable("#", "HOST", "VM LEVEL", "VM SCORE", "DEVICE", "TARGET", "KIND", "LEVEL", "SCORE").alignRight(0, 3, 8);
            for (int i = 0; i < shown.size(); i++) {
                VmMove m = shown.get(i);
                for (int d = 0; d < m.devices().size(); d++) {
                    DeviceMove dm = m.devices().get(d);
                    t.row(d == 0 ? i + 1 : "", d == 0 ? m.to() : "", d == 0 ? m.level() : "", d == 0 ? m.score() : "", dm.device(), dm.target(),
                            Describe.kindName(dm.kind()), dm.verdict().level(), dm.verdict().score());
                }
            }
            t.print(out, "  ");
        }
        PlanViews.notLive(out, shown, "");
        if (!p.refused().isEmpty()) {
            if (all) {
                out.print("\nRefused (" + p.refused().size() + "):\n");
                TextTable t = new TextTable("HOST", "LIMITING", "REASON");
                p.refused().forEach(r -> t.row(r.host(), r.limiting(), r.reason()));
                t.print(out, "  ");
            } else {
                out.print("\nRefused: " + p.refused().size() + " host" + (p.refused().size() == 1 ? "" : "s") + " (--all lists them with the limiting device)\n");
            }
        }
    }
}
