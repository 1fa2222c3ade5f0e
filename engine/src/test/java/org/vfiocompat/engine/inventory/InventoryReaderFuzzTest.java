package org.vfiocompat.engine.inventory;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.vfiocompat.engine.FuzzInvariants;

/**
 * Fuzz target: the inventory reader on any bytes. The seeds (InventoryReaderFuzzTestInputs/) are
 * the example inventories and the inputs of InventoryReaderTest; how to fuzz for real is in
 * docs/security.md ("Fuzzing").
 */
class InventoryReaderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void inventory(byte[] bytes) {
        FuzzInvariants.hold(bytes, () -> InventoryReader.read(bytes, "inventory.json"),
                "inventory.json"::equals);
    }
}
