package org.vfiocompat.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.Inventories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import",
        description = "Make one host's inventory from mdevctl's and libvirt's output. Sources may be combined: "
                + "mdevctl gives types, descriptions and mdevs; libvirt node devices add PCI ids and vfio-pci functions.",
        footer = {"", "Examples:",
            "  mdevctl types --dumpjson > types.json; mdevctl list --dumpjson > list.json",
            "  vfio-compat inventory import --host host-a --mdevctl-types types.json --mdevctl-list list.json",
            "  virsh nodedev-list | xargs -n1 virsh nodedev-dumpxml > nodedevs.xml",
            "  vfio-compat inventory import --host host-a --libvirt-nodedev nodedevs.xml --domain-xml domains/"})
final class InventoryImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TrustOptions trust;

    @Mixin
    PackSourceOptions packSource;

    @Option(names = "--host", required = true, paramLabel = "NAME", description = "The host these files describe.")
    String host;

    @Option(names = "--mdevctl-types", paramLabel = "FILE", description = "Output of 'mdevctl types --dumpjson'.")
    Path mdevctlTypes;

    @Option(names = "--mdevctl-list", paramLabel = "FILE", description = "Output of 'mdevctl list --dumpjson'.")
    Path mdevctlList;

    @Option(names = "--libvirt-nodedev", paramLabel = "FILE|DIR",
            description = "Output of 'virsh nodedev-dumpxml': one device per file, many concatenated, or a folder of *.xml; "
                    + "repeatable.")
    List<Path> nodedev = new ArrayList<>();

    @Mixin
    InventoryCommand.Output output;

    @Override
    public Integer call() {
        if (mdevctlTypes == null && mdevctlList == null && nodedev.isEmpty()) {
            throw new UsageProblem("nothing to import: give --mdevctl-types/--mdevctl-list and/or --libvirt-nodedev");
        }
        if (mdevctlList != null && mdevctlTypes == null && nodedev.isEmpty()) {
            throw new UsageProblem("--mdevctl-list needs the types too (--mdevctl-types or --libvirt-nodedev): "
                    + "an mdev's device API and its parent come from them");
        }
        return InventoryCommand.write(spec, Inventories.fromTools(host, mdevctlTypes, mdevctlList, nodedev,
                packSource.packRoots(), trust.packTrust(packSource.strictPacks), output.assignments()), output.out);
    }
}
