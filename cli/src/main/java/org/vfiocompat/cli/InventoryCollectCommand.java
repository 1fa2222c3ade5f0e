package org.vfiocompat.cli;

import java.nio.file.Path;
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
                + "every file is optional.",
        footer = {"", "Examples:",
            "  vfio-compat inventory collect --host host-a --domain-xml /etc/libvirt/qemu --out host-a.json",
            "  vfio-compat inventory collect --sysfs ./sysfs-copy --host test-1",
            "  vfio-compat inventory collect --from ./host-2-outputs --host host-2"})
final class InventoryCollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PackSourceOptions packSource;

    @Option(names = "--sysfs", paramLabel = "ROOT", defaultValue = "/sys", description = "sysfs root (default: ${DEFAULT-VALUE}).")
    Path sysfs;

    @Option(names = "--from", paramLabel = "DIR",
            description = "A folder of this host's recorded tool output, files named after their commands (see docs/inventory.md); "
                    + "not with --sysfs (its sysfs/ sub-folder is read instead). Default host name: the folder's name.")
    Path from;

    @Option(names = "--host", paramLabel = "NAME", description = "The host's name in the inventory (default: this machine's).")
    String host;

    @Mixin
    InventoryCommand.Output output;

    @Override
    public Integer call() {
        if (from != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--sysfs")) {
                throw new UsageProblem("--from and --sysfs do not go together: --from reads DIR/sysfs");
            }
            Path name = from.toAbsolutePath().normalize().getFileName();
            String hostName = host != null ? host : name == null ? InventoryCommand.hostName(null) : name.toString();
            return InventoryCommand.write(spec, Inventories.fromRecorded(from, hostName, packSource.packRoots(),
                    output.assignments()), output.out);
        }
        return InventoryCommand.write(spec, Inventories.collect(sysfs, InventoryCommand.hostName(host), packSource.packRoots(),
                output.assignments()), output.out);
    }
}
