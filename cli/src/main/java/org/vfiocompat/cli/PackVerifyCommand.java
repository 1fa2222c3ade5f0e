package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.PackTools;
import org.vfiocompat.engine.LayerCheck;
import org.vfiocompat.engine.PackVerification;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.json.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify",
        description = "Run every load-time check on pack folders (manifest, signature and file hashes, DRL, compile, "
                + "generated classes, bytecode allow-list, termination) and print what each layer checked. "
                + "With --trust-store KEYS --require-signatures, an unsigned or tampered pack, or one signed by a key "
                + "not trusted for its namespaces, is refused. Exit 2 when a pack is refused.",
        footer = {"", "Example:", "  vfio-compat pack verify vendor-packs/intel-gvtg"})
final class PackVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Pack folders.")
    List<Path> dirs = new ArrayList<>();

    @Mixin
    TrustOptions trust;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = Formats.DESCRIPTION)
    Formats.TextOrJson format;

    @Override
    public Integer call() {
        trust.check();
        PrintWriter out = spec.commandLine().getOut();
        boolean allOk = true;
        ArrayNode list = JsonViews.array();
        for (Path dir : dirs) {
            PackVerification v = PackTools.verify(dir, trust.trustStore, trust.requireSignatures);
            allOk &= v.ok();
            if (format == Formats.TextOrJson.json) {
                ObjectNode n = list.addObject();
                n.put("folder", v.folder());
                n.put("ok", v.ok());
                ArrayNode passed = n.putArray("passed");
                v.passed().forEach(c -> passed.add(PackVerifyCommand.line(c)));
                ArrayNode problems = n.putArray("problems");
                for (Problem p : v.problems()) {
                    problems.addObject().put("code", p.code()).put("file", p.file()).put("location", p.location().where())
                            .put("message", p.message());
                }
            } else {
                out.print(v.folder() + ": " + (v.ok() ? "OK" : "REFUSED") + "\n");
                v.passed().forEach(c -> out.print("  " + OneLine.of(line(c)) + "\n"));
                v.problems().forEach(p -> out.print("  refused: " + OneLine.of(p) + "\n"));
            }
        }
        if (format == Formats.TextOrJson.json) {
            JsonViews.writePretty(out, list);
        }
        out.flush();
        return allOk ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }

    /** {@code manifest     ok  what it checked}: the layer's name in a column, "ok" for a load-time check. */
    static String line(LayerCheck check) {
        String label = check.layer().label();
        return label + " ".repeat(Math.max(1, 13 - label.length())) + (check.layer().checkedAtLoad() ? "ok  " : "")
                + check.checked();
    }
}
