package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Profiles;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.json.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * One pair, told the way a pack author debugs it: the verdict, every rule that fired in firing
 * order with the ones whose findings decided marked, and the reason. Either side is a device of
 * an inventory or a profile written inline, so a pair no fleet holds yet can be explained too.
 */
@Command(name = "explain",
        description = "Explain one pair: the verdict, each rule that fired in order (and which decided), and the reason. "
                + "SOURCE and TARGET are inventory refs (host/deviceId, or host/parentId/type for a creatable mdev), or "
                + "give either side inline with --source-profile / --target-profile.",
        footer = {"", "Examples:",
            "  vfio-compat explain --inventory examples/fleet.json \\",
            "      host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325 host-d/0000:00:02.0/i915-GVTg_V5_4",
            "  vfio-compat explain --source-profile @source.json --target-profile @target.json",
            "", "A profile is JSON: {\"kind\": \"MDEV\", \"deviceApi\": \"vfio-pci\", \"migrationType\": \"...\", "
                + "\"migrationVersion\": \"...\", \"attributes\": {...}, \"parentModel\": \"...\"}; @FILE reads it from FILE."})
final class ExplainCommand implements Callable<Integer> {

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

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", description = "Fleet inventory (JSON) the refs name devices of.")
    Path inventory;

    @Option(names = "--source-profile", paramLabel = "JSON|@FILE", description = "The source as an inline profile.")
    String sourceProfile;

    @Option(names = "--target-profile", paramLabel = "JSON|@FILE", description = "The target as an inline profile.")
    String targetProfile;

    @Parameters(arity = "0..2", paramLabel = "REF", description = "SOURCE then TARGET, for each side not given inline.")
    List<String> refs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = Formats.DESCRIPTION)
    Formats.TextOrJson format;

    /** One side of the pair: how the user named it, and its profile. */
    /** One side of the pair; {@code kind} matters for a target only (an inline profile is an existing device). */
    private record Side(String name, DeviceProfile profile, CandidateKind kind, ObjectNode json) {
    }

    @Override
    public Integer call() {
        int needed = (sourceProfile == null ? 1 : 0) + (targetProfile == null ? 1 : 0);
        if (refs.size() != needed) {
            throw new UsageProblem("explain needs a source and a target: " + needed + " ref(s) besides the inline "
                    + "profiles, got " + refs.size());
        }
        Fleet fleet = needed == 0 ? null : loadFleet();
        Deque<String> queue = new ArrayDeque<>(refs);
        Side source = sourceProfile != null ? inline("--source-profile", sourceProfile) : fromFleet(fleet, queue.pop(), true);
        Side target = targetProfile != null ? inline("--target-profile", targetProfile) : fromFleet(fleet, queue.pop(), false);
        CompatibilityEngine engine = Engines.build(spec, packSource, packCache, trust, platform, engineOptions);
        Verdict v = engine.check(source.profile(), target.profile(), target.kind());
        PrintWriter out = spec.commandLine().getOut();
        if (format == Formats.TextOrJson.json) {
            ObjectNode n = JsonViews.explanation(source.json(), target.json(), v);
            JsonViews.writePretty(out, n);
        } else {
            text(out, source, target, v);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void text(PrintWriter out, Side source, Side target, Verdict v) {
        out.print("source   " + source.name() + ": " + Describe.profile(source.profile()) + "\n");
        out.print("target   " + target.name() + ": " + Describe.profile(target.profile()) + "\n");
        out.print("verdict  " + v.level() + v.limit().map(l -> " (limited by " + l + ")").orElse("")
                + (v.compatible() ? ", score " + v.score() : "") + "\n");
        out.print("reason   " + v.reason() + "\n");
        out.print("pack     " + (v.packId().isEmpty() ? "none decided" : v.packId() + " " + v.packVersion()) + "\n");
        for (Verdict.Decider d : v.deciders()) {
            out.print("decided  " + d.packId() + " " + d.packVersion() + (d.platform() ? " (platform)" : "") + ": "
                    + d.level() + d.limit().map(l -> "/" + l).orElse("")
                    + (d.rules().isEmpty() ? "" : ", rules " + String.join(", ", d.rules())) + ": " + d.reason() + "\n");
        }
        if (v.firedRules().isEmpty()) {
            out.print("no rule fired: " + (v.packId().isEmpty() || !v.reason().contains("no rule of pack")
                    ? "routing or the engine decided before or instead of the pack's rules"
                    : "the pack recorded no finding, so nothing accepted the pair") + "\n");
            return;
        }
        out.print("rules fired, in order (* decided the verdict):\n");
        for (int i = 0; i < v.firedRules().size(); i++) {
            String rule = v.firedRules().get(i);
            out.print(String.format(java.util.Locale.ROOT, "  %2d %s %s", i + 1, v.rules().contains(rule) ? "*" : " ", rule)
                    + "\n");
        }
    }

    private Fleet loadFleet() {
        if (inventory == null) {
            throw new UsageProblem("refs name inventory devices: give --inventory FILE, or the profiles inline");
        }
        return Fleet.load(inventory);
    }

    private static Side fromFleet(Fleet fleet, String ref, boolean isSource) {
        if (isSource) {
            FleetDevice d = FleetRefs.device(fleet, ref);
            return new Side(d.ref() + (d.assigned() ? " (" + d.assignedTo() + ")" : ""), d.profile(),
                    CandidateKind.EXISTING, JsonViews.withAttributes(JsonViews.source(d), d.profile()));
        }
        Candidate c = FleetRefs.candidate(fleet, ref);
        return new Side(c.ref() + " (" + Describe.kind(c) + ")", c.profile(), c.kind(),
                JsonViews.withAttributes(JsonViews.candidate(c), c.profile()));
    }

    private static Side inline(String option, String value) {
        String json = value;
        String name = option;
        if (value.startsWith("@")) {
            Path file = Path.of(value.substring(1));
            name = file.toString();
            try {
                json = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new UsageProblem(option + ": no such file " + file);
            } catch (IOException e) {
                throw new UsageProblem(option + ": cannot read " + file + ": " + e.getMessage());
            }
        }
        DeviceProfile p = Profiles.read(json, name);
        ObjectNode n = JsonViews.object();
        n.put("ref", option);
        n.setAll(JsonViews.profile(p));
        return new Side(option, p, CandidateKind.EXISTING, JsonViews.withAttributes(n, p));
    }
}
