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
                + "Which VM uses a device is not in sysfs: give --domain-xml or --assigned.",
        footer = {"", "Examples:",
            "  vfio-compat inventory collect --host host-a --domain-xml /etc/libvirt/qemu --out host-a.json",
            "  vfio-compat inventory collect --sysfs ./sysfs-copy --host test-1"})
final class InventoryCollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PackSourceOptions packSource;

    @Option(names = "--sysfs", paramLabel = "ROOT", defaultValue = "/sys", description = "sysfs root (default: ${DEFAULT-VALUE}).")
    Path sysfs;

    @Option(names = "--host", paramLabel = "NAME", description = "The host's name in the inventory (default: this machine's).")
    String host;

    @Mixin
    InventoryCommand.Output output;

    @Override
    public Integer call() {
        return InventoryCommand.write(spec, Inventories.collect(sysfs, InventoryCommand.hostName(host), packSource.packRoots(),
                output.assignments()), output.out);
    }
}
