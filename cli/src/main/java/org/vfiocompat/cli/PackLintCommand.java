package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.PackTools;
import org.vfiocompat.engine.PackLint;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.json.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Lint is the author's edit loop: every finding of every pack at once, in a form editors and CI
 * parse. {@code pack verify} is the audit view of one pack: what each sandbox layer checked.
 */
@Command(name = "lint",
        description = "Run every load-time check on packs without evaluating anything: manifest, namespaces "
                + "(overlaps between the packs given), DRL checks, build, sandbox verification of the generated "
                + "bytecode, and the test-vector files (read and checked, not run). Every finding names its file and "
                + "line. Exit 1 when there is any finding.",
        footer = {"", "Example:", "  vfio-compat pack lint vendor-packs/intel-gvtg"})
final class PackLintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PACK",
            description = "Pack folders, folders of pack folders, pack .zip files or classpath: locations; "
                    + "given together, they are also checked against each other.")
    List<String> packs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = Formats.DESCRIPTION)
    Formats.TextOrJson format;

    @Override
    public Integer call() {
        PackLint lint = PackTools.lint(packs);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Formats.TextOrJson.json) {
            ObjectNode n = JsonViews.object();
            ArrayNode ok = n.putArray("packsOk");
            lint.packs().forEach(p -> ok.add(p.toString()));
            ArrayNode findings = n.putArray("findings");
            for (Problem p : lint.findings()) {
                ObjectNode f = findings.addObject();
                Location at = p.location();
                f.put("code", p.code());
                f.put("file", p.file());
                f.put("location", at.where());
                at.pointer().ifPresent(pointer -> f.put("pointer", pointer));
                at.line().ifPresent(line -> f.put("line", line));
                at.column().ifPresent(column -> f.put("column", column));
                f.put("message", p.message());
            }
            JsonViews.writePretty(out, n);
        } else {
            lint.findings().forEach(p -> out.print(OneLine.of(p) + "\n"));
            lint.packs().forEach(p -> out.print("ok " + OneLine.of(p) + "\n"));
            out.print(lint.findings().size() + " finding(s), " + lint.packs().size() + " pack(s) clean\n");
        }
        out.flush();
        return lint.ok() ? ExitCodes.OK : ExitCodes.FOUND_PROBLEMS;
    }
}
