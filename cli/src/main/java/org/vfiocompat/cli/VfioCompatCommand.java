package org.vfiocompat.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "vfio-compat",
        mixinStandardHelpOptions = true,
        version = "vfio-compat 0.1.0",
        description = "Which devices elsewhere in the fleet can receive a VM's VFIO device by live migration, "
                + "in what order, and why not the others. Vendor rule packs decide; the engine routes, evaluates and ranks.",
        subcommands = {RankCommand.class, CheckCommand.class, ExplainCommand.class, BatchCommand.class, PacksCommand.class,
                StatusCommand.class, PackCommand.class, InventoryCommand.class},
        footer = {"", "Exit codes: 0 done; 1 problems found that you asked to fail on; 2 bad input or pack;"
                + " 3 internal error.",
                "Example:", "  vfio-compat rank --inventory examples/fleet.json --device host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325"})
final class VfioCompatCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
