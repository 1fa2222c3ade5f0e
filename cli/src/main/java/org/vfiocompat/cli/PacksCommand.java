package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.PackInfo;
import org.vfiocompat.json.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "packs",
        description = "Load the packs and list them: id, version, vendor, namespaces, digest.",
        footer = {"", "Example:", "  vfio-compat packs --packs vendor-packs --format json"})
final class PacksCommand implements Callable<Integer> {

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

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = Formats.DESCRIPTION)
    Formats.TableOrJson format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var engine = Engines.build(spec, packSource, packCache, trust, platform);
        var packs = engine.packs();
        var refused = engine.refusedPacks();
        if (format == Formats.TableOrJson.json) {
            JsonViews.writePretty(out, JsonViews.packs(packs, refused));
        } else {
            TextTable t = new TextTable("PACK", "VERSION", "VENDOR", "STATUS", "NAMESPACES", "DIGEST");
            for (PackInfo p : packs) {
                t.row(p.id(), p.version(), p.vendor(), JsonViews.packStatus(p),
                        JsonViews.packClaims(p), p.digest().substring(0, 19));
            }
            refused.forEach(r -> t.row(r.id(), "-", "-", "REFUSED (" + r.code() + ")", String.join(" ", r.namespaces()), "-"));
            t.print(out, "");
            printRefusals(out, refused);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Below a pack table: why each refused pack was refused, one line each (its devices are UNKNOWN). */
    static void printRefusals(PrintWriter out, java.util.List<org.vfiocompat.engine.RefusedPack> refused) {
        if (!refused.isEmpty()) {
            out.print("\nrefused (not loaded; their devices are answered UNKNOWN):\n");
            refused.forEach(r -> out.print("  " + OneLine.of(r.id() + ": " + r.reason()) + "\n"));
        }
    }
}
