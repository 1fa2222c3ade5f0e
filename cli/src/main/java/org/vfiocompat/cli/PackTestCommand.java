package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.VectorResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Load packs and run their test vectors; exit 1 when any vector fails. "
                + "Every pack given is loaded together, so routing between them is tested too.",
        footer = {"", "Example:", "  vfio-compat pack test vendor-packs/intel-gvtg"})
final class PackTestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Pack folders, or folders of pack folders.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-v", "--verbose"}, description = "Also list the rules that fired for every vector.")
    boolean verbose;

    @Override
    public Integer call() {
        Formats.require(format, "text", "json");
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(dirs).build();
        List<VectorResult> results = engine.runPackTests();
        long failed = results.stream().filter(r -> !r.passed()).count();
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            ObjectNode n = JsonViews.object();
            ArrayNode list = n.putArray("vectors");
            for (VectorResult r : results) {
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
            n.put("passed", results.size() - failed);
            n.put("failed", failed);
            JsonViews.writePretty(out, n);
        } else {
            for (VectorResult r : results) {
                out.print((r.passed() ? "PASS " : "FAIL ") + r.packId() + " " + r.file() + ": " + r.name() + "\n");
                if (!r.passed()) {
                    out.print("     expected " + r.expected() + "\n     actual   " + r.actual() + "\n");
                }
                if (verbose || !r.passed()) {
                    out.print("     fired    " + r.rules() + "\n");
                }
            }
            out.print((results.size() - failed) + " passed, " + failed + " failed\n");
        }
        out.flush();
        return failed > 0 ? ExitCodes.FOUND_PROBLEMS : ExitCodes.OK;
    }
}
