package org.vfiocompat.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.Inventories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "merge",
        description = "Merge inventories (one per host, or several hosts each) into one fleet inventory. "
                + "A host, or an mdev UUID, found in two files is an error naming both.",
        footer = {"", "Example:", "  vfio-compat inventory merge host-*.json --out fleet.json"})
final class InventoryMergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Inventories to merge.")
    List<Path> files;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write here instead of stdout; the file appears whole or not at all.")
    Path out;

    @Override
    public Integer call() {
        return InventoryCommand.write(spec, Inventories.merge(files), out);
    }
}
