package org.vfiocompat.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vfiocompat.engine.ImportResult;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.Inventories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "collect",
        description = "Scan this host's sysfs and print its inventory: mdev parents and their types, existing mdevs, "
                + "and PCI functions bound to vfio-pci or a variant driver. A driver's migration_version is used as it is; "
                + "otherwise the pack owning the type derives the version from its manifest (packs are not compiled). "
                + "Which VM uses a device is not in sysfs: give --domain-xml or --assigned. "
                + "With --from DIR, read a folder of recorded tool output instead (uname-r.txt, os-release, virsh-version.txt, "
                + "nvidia-smi-q-x.xml, nvidia-smi-vgpu-q.txt, devlink-*.json, lspci-nn-D-vmm-k.txt, mdevctl-*.json, virsh-*.xml, sysfs/); "
                + "every file is optional. With --run-tools, run those tools on this host (each optional, with a timeout) and read "
                + "their output the same way.",
        footer = {"", "Examples:",
            "  vfio-compat inventory collect --host host-a --domain-xml /etc/libvirt/qemu --out host-a.json",
            "  vfio-compat inventory collect --sysfs ./sysfs-copy --host test-1",
            "  vfio-compat inventory collect --from ./host-2-outputs --host host-2",
            "  vfio-compat inventory collect --run-tools --out this-host.json"})
final class InventoryCollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PackSourceOptions packSource;

    @Mixin
    TrustOptions trust;

    @Option(names = "--sysfs", paramLabel = "ROOT", defaultValue = "/sys", description = "sysfs root (default: ${DEFAULT-VALUE}).")
    Path sysfs;

    @Option(names = "--from", paramLabel = "DIR",
            description = "A folder of this host's recorded tool output, files named after their commands (see docs/inventory.md); "
                    + "not with --sysfs (its sysfs/ sub-folder is read instead). Default host name: the folder's name.")
    Path from;

    @Option(names = "--run-tools", description = "Run this host's tools (uname, virsh, nvidia-smi, devlink, lspci, mdevctl) and read "
            + "their output as --from reads a folder; a tool that is missing, fails or times out is a warning naming it.")
    boolean runTools;

    @Option(names = "--tool-path", paramLabel = "DIRS", description = "Where --run-tools looks for the tools, a PATH-style list "
            + "(default: the PATH).")
    String toolPath;

    @Option(names = "--tool-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long --run-tools lets each tool run before killing it (default: ${DEFAULT-VALUE}).")
    int toolTimeout;

    @Option(names = "--os-release", paramLabel = "FILE", defaultValue = "/etc/os-release",
            description = "The OS description --run-tools reads (default: ${DEFAULT-VALUE}).")
    Path osRelease;

    @Option(names = "--host", paramLabel = "NAME", description = "The host's name in the inventory (default: this machine's).")
    String host;

    @Mixin
    InventoryCommand.Output output;

    @Override
    public Integer call() {
        if (runTools) {
            if (from != null) {
                throw new UsageProblem("--from and --run-tools do not go together: --from reads recorded output, --run-tools makes it");
            }
            return runTools();
        }
        if (from != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--sysfs")) {
                throw new UsageProblem("--from and --sysfs do not go together: --from reads DIR/sysfs");
            }
            Path name = from.toAbsolutePath().normalize().getFileName();
            String hostName = host != null ? host : name == null ? InventoryCommand.hostName(null) : name.toString();
            return InventoryCommand.write(spec, Inventories.fromRecorded(from, hostName, packSource.packRoots(),
                    trust.packTrust(packSource.strictPacks), output.assignments()), output.out);
        }
        return InventoryCommand.write(spec, Inventories.collect(sysfs, InventoryCommand.hostName(host), packSource.packRoots(),
                trust.packTrust(packSource.strictPacks), output.assignments()), output.out);
    }

    /**
     * Records the tools' output in a temporary folder (sysfs linked, not copied), reads it as
     * {@code --from} does and removes the folder; warnings name the tools' files and the real sysfs.
     */
    private int runTools() {
        if (toolTimeout < 1 || toolTimeout > 3600) {
            throw new UsageProblem("--tool-timeout must be 1 to 3600 seconds, got " + toolTimeout);
        }
        PrintWriter err = spec.commandLine().getErr();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("vfio-compat-tools");
            String path = toolPath != null ? toolPath : System.getenv("PATH");
            new HostTools(HostTools.parsePath(path), toolTimeout * 1000L, err).record(dir, sysfs, osRelease);
            ImportResult result = Inventories.fromRecorded(dir, InventoryCommand.hostName(host), packSource.packRoots(),
                    trust.packTrust(packSource.strictPacks), output.assignments());
            String tmp = dir.toString();
            for (var w : result.warnings()) {
                err.print("vfio-compat: warning: " + OneLine.of(w).replace(tmp + "/sysfs", sysfs.toString()).replace(tmp + "/", "")
                        + "\n");
            }
            err.flush();
            return InventoryCommand.write(spec, new ImportResult(result.inventoryJson(), List.of()), output.out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (dir != null) {
                deleteRecursively(dir);
            }
        }
    }

    /** Removes the folder and what the tools wrote into it; the sysfs link is removed, never followed. */
    private static void deleteRecursively(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary folder is no reason to fail a collect that succeeded
        }
    }
}
