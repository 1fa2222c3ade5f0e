package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.ImportResult;
import org.vfiocompat.engine.Inventories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "inventory",
        description = "Make inventories from what hosts expose: sysfs, mdevctl, libvirt; merge them into a fleet.",
        subcommands = {InventoryCollectCommand.class, InventoryImportCommand.class, InventoryMergeCommand.class})
final class InventoryCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options of collect and import: the output file and where VM assignments come from. */
    static final class Output {

        @Option(names = {"-o", "--out"}, paramLabel = "FILE",
                description = "Write here instead of stdout; the file appears whole or not at all.")
        Path out;

        @Option(names = "--assigned", paramLabel = "FILE",
                description = "Which VM uses which device: '<mdev uuid or PCI address> <vm>' per line; repeatable.")
        List<Path> assignedLists = new ArrayList<>();

        @Option(names = "--domain-xml", paramLabel = "FILE|DIR",
                description = "libvirt domain XML (virsh dumpxml; one or many domains per file, or a folder of *.xml): "
                        + "its <hostdev> elements say which VM uses which device; repeatable.")
        List<Path> domainXml = new ArrayList<>();

        Inventories.Assignments assignments() {
            return new Inventories.Assignments(assignedLists, domainXml);
        }
    }

    /** Writes the inventory (atomically with --out) and each warning as one line on stderr. */
    static int write(CommandSpec spec, ImportResult result, Path out) {
        PrintWriter err = spec.commandLine().getErr();
        result.warnings().forEach(w -> err.print("vfio-compat: warning: " + OneLine.of(w) + "\n"));
        err.flush();
        try (AtomicOutput output = AtomicOutput.open(out, spec.commandLine().getOut())) {
            output.writer().print(result.inventoryJson());
            output.commit();
        }
        return ExitCodes.OK;
    }

    /** {@code name}, or this machine's host name when it is null. */
    static String hostName(String name) {
        if (name != null) {
            return name;
        }
        try {
            String fromEtc = Files.readString(Path.of("/etc/hostname")).strip();
            if (!fromEtc.isEmpty()) {
                return fromEtc;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall through to the environment
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        throw new UsageProblem("cannot tell this host's name: give --host NAME");
    }
}
