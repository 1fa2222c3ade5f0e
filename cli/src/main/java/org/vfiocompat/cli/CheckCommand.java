package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.json.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check",
        description = "Whether one device's state can move to one target, and why (or why not).",
        footer = {"", "Example:",
            "  vfio-compat check --inventory examples/fleet.json \\",
            "      host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325 host-d/0000:00:02.0/i915-GVTg_V5_4"})
final class CheckCommand implements Callable<Integer> {

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

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The device that would move: host/deviceId.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "host/deviceId, or host/parentId/type for a creatable mdev.")
    String target;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = Formats.DESCRIPTION)
    Formats.TextOrJson format;

    @Option(names = "--fail-unless-compatible", description = "Exit 1 when the verdict is neither LIVE nor COLD.")
    boolean failUnlessCompatible;

    @Override
    public Integer call() {
        // The packs load while the inventory is read, as for a batch: a bad inventory or a
        // device it does not hold is still the one error said, and the packs' warnings come
        // after the read. The engine hears of the source's profile as soon as both exist, so
        // under process isolation its pack's worker gets the pack then, not at the check.
        ExpectedProfiles expected = new ExpectedProfiles();
        Engines.Pending building = Engines.start(expected::engineBuilt, spec, packSource, packCache, trust, platform, engineOptions);
        FleetDevice src;
        Candidate tgt;
        try {
            Fleet fleet = inventory.load();
            src = FleetRefs.device(fleet, source);
            tgt = FleetRefs.candidate(fleet, target);
        } catch (RuntimeException | Error e) {
            building.abandon();
            throw e;
        }
        expected.accept(src.profile());
        CompatibilityEngine engine = building.get();
        Verdict v = engine.check(src.profile(), tgt);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Formats.TextOrJson.json) {
            ObjectNode n = JsonViews.object();
            n.set("source", JsonViews.source(src));
            n.set("target", JsonViews.candidate(tgt));
            n.set("verdict", JsonViews.verdict(v));
            JsonViews.writePretty(out, n);
        } else {
            out.print(src.ref() + " -> " + tgt.ref() + "\n");
            out.print("  " + v.level() + v.limit().map(l -> " (limited by " + l + ")").orElse("")
                    + (v.compatible() ? ", score " + v.score() : "") + "\n");
            out.print("  " + v.reason() + "\n");
            if (!v.packId().isEmpty()) {
                out.print("  decided by pack " + v.packId() + " " + v.packVersion()
                        + (v.rules().isEmpty() ? "" : ", rules: " + String.join(", ", v.rules())) + "\n");
            }
            for (Verdict.Decider d : v.deciders().subList(Math.min(1, v.deciders().size()), v.deciders().size())) {
                out.print("  and by " + (d.platform() ? "platform pack " : "pack ") + d.packId() + " " + d.packVersion()
                        + (d.rules().isEmpty() ? "" : ", rules: " + String.join(", ", d.rules())) + "\n");
            }
        }
        out.flush();
        return failUnlessCompatible && !v.compatible() ? ExitCodes.FOUND_PROBLEMS : ExitCodes.OK;
    }
}
