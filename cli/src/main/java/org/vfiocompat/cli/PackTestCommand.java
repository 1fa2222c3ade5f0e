package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.PackTools;
import org.vfiocompat.engine.PackCoverage;
import org.vfiocompat.engine.PackTestReport;
import org.vfiocompat.engine.RuleCoverage;
import org.vfiocompat.engine.VectorResult;
import org.vfiocompat.json.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "test",
        description = "Load packs and run their test vectors like a test runner: each vector passes or fails, a "
                + "failure shows the expected and the actual verdict and the rules that fired, and rule coverage lists "
                + "the rules no vector fired (--verbose lists the rules fired for a vector that passed too). "
                + "Exit 1 when a vector fails or coverage is under --fail-under. "
                + "Every pack given is loaded together, so routing between them is tested too.",
        footer = {"", "Example:", "  vfio-compat pack test --fail-under 100 vendor-packs/intel-gvtg"})
final class PackTestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PACK",
            description = "Pack folders, folders of pack folders, pack .zip files or classpath: locations.")
    List<String> packs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = Formats.DESCRIPTION)
    Formats.TextOrJson format;

    @Option(names = "--fail-under", paramLabel = "PERCENT", defaultValue = "0",
            description = "Exit 1 when the rule coverage of any pack (rules fired by a vector, in percent) is under PERCENT.")
    double failUnder;

    @Mixin
    PackCacheOptions packCache;

    @Override
    public Integer call() {
        if (!(failUnder >= 0 && failUnder <= 100)) {
            throw new UsageProblem("--fail-under must be a percentage from 0 to 100, got " + failUnder);
        }
        CompatibilityEngine engine = Engines.build(spec, b -> b.packLocations(packs), packCache);
        PackTestReport report = PackTools.test(engine);
        List<PackCoverage> under = report.coverageBelow(failUnder);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Formats.TextOrJson.json) {
            JsonViews.writePretty(out, json(report, under));
        } else {
            text(out, report, under);
        }
        out.flush();
        return report.failed() > 0 || !under.isEmpty() ? ExitCodes.FOUND_PROBLEMS : ExitCodes.OK;
    }

    private ObjectNode json(PackTestReport report, List<PackCoverage> under) {
        ObjectNode n = JsonViews.object();
        ArrayNode list = n.putArray("vectors");
        for (VectorResult r : report.vectors()) {
            ObjectNode v = list.addObject();
            v.put("pack", r.packId());
            v.put("file", r.file());
            v.put("name", r.name());
            v.put("passed", r.passed());
            v.put("expected", r.expected());
            v.put("actual", r.actual());
            ArrayNode fired = v.putArray("firedRules");
            r.rules().forEach(fired::add);
        }
        n.put("passed", report.vectors().size() - report.failed());
        n.put("failed", report.failed());
        ArrayNode coverage = n.putArray("coverage");
        for (PackCoverage c : report.coverage()) {
            ObjectNode p = coverage.addObject();
            p.put("pack", c.packId());
            p.put("version", c.packVersion());
            p.put("rules", c.rules().size());
            p.put("fired", c.firedCount());
            p.put("percent", shown(c.percent()));
            ArrayNode rules = p.putArray("ruleFirings");
            for (RuleCoverage r : c.rules()) {
                rules.addObject().put("name", r.name()).put("file", r.file()).put("line", r.line()).put("firings", r.firings());
            }
            ArrayNode never = p.putArray("neverFired");
            c.neverFired().forEach(r -> never.add(r.name()));
        }
        n.put("failUnder", failUnder);
        ArrayNode below = n.putArray("packsUnderFailUnder");
        under.forEach(c -> below.add(c.packId()));
        return n;
    }

    private void text(PrintWriter out, PackTestReport report, List<PackCoverage> under) {
        for (VectorResult r : report.vectors()) {
            out.print((r.passed() ? "PASS " : "FAIL ") + OneLine.of(r.packId() + " " + r.file() + ": " + r.name()) + "\n");
            if (!r.passed()) {
                out.print("     expected " + r.expected() + "\n     actual   " + r.actual() + "\n");
            }
            if (!r.passed() || VfioCompatCommand.verbose(spec)) {
                out.print("     fired    " + r.rules() + "\n");
            }
        }
        out.print((report.vectors().size() - report.failed()) + " passed, " + report.failed() + " failed\n");
        out.print("\nRule coverage:\n");
        for (PackCoverage c : report.coverage()) {
            out.print("  " + c.packId() + " " + c.packVersion() + ": " + c.firedCount() + " of " + c.rules().size()
                    + " rules fired by a vector (" + percent(c.percent()) + ")\n");
            for (RuleCoverage r : c.neverFired()) {
                out.print("    never fired: " + OneLine.of(r.file() + (r.line() > 0 ? " at line " + r.line() : "") + ": rule \""
                        + r.name() + "\"") + "\n");
            }
        }
        for (PackCoverage c : under) {
            out.print("FAIL coverage of " + c.packId() + " is " + percent(c.percent()) + ", under --fail-under "
                    + percent(failUnder) + "\n");
        }
    }

    /** A percentage cut (never rounded up) to one decimal, so 99.96 is never shown as 100. */
    private static double shown(double percent) {
        return Math.floor(percent * 10) / 10;
    }

    private static String percent(double percent) {
        return String.format(Locale.ROOT, "%.1f%%", shown(percent));
    }
}
