package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.Ranking;
import org.vfiocompat.json.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rank",
        description = "Every device or creatable mdev on the other hosts that one device could move to, best first: "
                + "LIVE before COLD, then the pack's score, then host and id. --all also lists the refused ones and why.",
        footer = {"", "Example:",
            "  vfio-compat rank --inventory examples/fleet.json --device host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325 --all"})
final class RankCommand implements Callable<Integer> {

    /** Distinct refusal reasons shown without --all. */
    private static final int MAX_REASONS = 5;

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

    @Option(names = {"-d", "--device"}, required = true, paramLabel = "REF", description = "The device that would move: host/deviceId.")
    String device;

    @Option(names = "--top", paramLabel = "N", description = "Show at most N compatible targets (default: all).")
    Integer top;

    @Option(names = "--all", description = "Also list refused candidates with their reasons.")
    boolean all;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = Formats.DESCRIPTION)
    Formats.TableOrJson format;

    @Option(names = "--fail-on-stranded", description = "Exit 1 when the device has no compatible target.")
    boolean failOnStranded;

    @Override
    public Integer call() {
        if (top != null && top < 1) {
            throw new UsageProblem("--top must be at least 1, got " + top);
        }
        Fleet fleet = inventory.load();
        FleetDevice source = FleetRefs.device(fleet, device);
        CompatibilityEngine engine = Engines.build(spec, packSource, packCache, trust, platform, engineOptions);
        Ranking ranking = engine.rank(source.profile(), fleet.candidatesElsewhere(source.host()));
        List<RankedTarget> shown = top == null ? ranking.compatible()
                : ranking.compatible().subList(0, Math.min(top, ranking.compatible().size()));
        PrintWriter out = spec.commandLine().getOut();
        if (format == Formats.TableOrJson.json) {
            ObjectNode n = JsonViews.object();
            n.set("source", JsonViews.source(source));
            n.put("candidates", ranking.compatible().size() + ranking.refused().size());
            n.put("compatible", ranking.compatible().size());
            ArrayNode targets = n.putArray("targets");
            for (int i = 0; i < shown.size(); i++) {
                targets.add(JsonViews.target(i + 1, shown.get(i)));
            }
            if (all) {
                ArrayNode refused = n.putArray("refused");
                ranking.refused().forEach(r -> refused.add(JsonViews.target(0, r)));
            }
            JsonViews.writePretty(out, n);
        } else {
            printTable(out, source, ranking, shown);
        }
        out.flush();
        return failOnStranded && ranking.stranded() ? ExitCodes.FOUND_PROBLEMS : ExitCodes.OK;
    }

    /** Why the others were refused, most common reason first: the answer to "why not" without --all. */
    private static void printCommonReasons(PrintWriter out, List<RankedTarget> rejected) {
        Map<String, Integer> byReason = new TreeMap<>();
        for (RankedTarget r : rejected) {
            byReason.merge(r.verdict().level() + "\t" + r.verdict().reason(), 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> common = new ArrayList<>(byReason.entrySet());
        common.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        out.print("\nRefused: " + rejected.size() + " (--all lists them); most common reasons:\n");
        TextTable t = new TextTable("COUNT", "LEVEL", "REASON").alignRight(0);
        common.stream().limit(MAX_REASONS).forEach(e -> {
            String[] levelAndReason = e.getKey().split("\t", 2);
            t.row(e.getValue(), levelAndReason[0], levelAndReason[1]);
        });
        t.print(out, "  ");
        if (common.size() > MAX_REASONS) {
            out.print("  ... and " + (common.size() - MAX_REASONS) + " other reasons\n");
        }
    }

    private void printTable(PrintWriter out, FleetDevice source, Ranking ranking, List<RankedTarget> shown) {
        int candidates = ranking.compatible().size() + ranking.refused().size();
        out.print(Describe.source(source) + "\n");
        out.print(ranking.compatible().size() + " compatible of " + candidates + " candidates on other hosts"
                + (shown.size() < ranking.compatible().size() ? ", best " + shown.size() + " shown" : "") + "\n");
        if (!shown.isEmpty()) {
            out.print("\n");
            TextTable t = new TextTable("#", "TARGET", "KIND", "CAP", "LEVEL", "SCORE", "REASON").alignRight(0, 3, 5);
            for (int i = 0; i < shown.size(); i++) {
                RankedTarget r = shown.get(i);
                t.row(i + 1, r.candidate().ref(), Describe.kind(r.candidate()), r.candidate().capacity(),
                        r.verdict().level(), r.verdict().score(), r.verdict().reason());
            }
            t.print(out, "  ");
        }
        if (!all && !ranking.refused().isEmpty()) {
            printCommonReasons(out, ranking.refused());
        }
        if (all && !ranking.refused().isEmpty()) {
            out.print("\nRefused (" + ranking.refused().size() + "):\n");
            TextTable t = new TextTable("TARGET", "KIND", "LEVEL", "LIMIT", "REASON");
            for (RankedTarget r : ranking.refused()) {
                t.row(r.candidate().ref(), Describe.kind(r.candidate()), r.verdict().level(), r.verdict().limit().map(Enum::name).orElse(""),
                        r.verdict().reason());
            }
            t.print(out, "  ");
        }
    }
}
