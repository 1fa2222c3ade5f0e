package org.vfiocompat.cli;

import java.nio.file.Path;
import org.vfiocompat.engine.Fleet;
import picocli.CommandLine.Option;

/** The {@code --inventory} option of the commands that read a fleet. */
final class InventoryOption {

    @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "FILE", description = "Fleet inventory: JSON, NDJSON (one host per line), or gzip of either.")
    Path inventory;

    /** The fleet, read and checked; bad input throws with file and JSON pointer. */
    Fleet load() {
        return Fleet.load(inventory);
    }

    /** The same, telling {@code seen} each distinct device profile as it is first read. */
    Fleet load(java.util.function.Consumer<org.vfiocompat.rules.DeviceProfile> seen) {
        return Fleet.load(inventory, seen);
    }
}
