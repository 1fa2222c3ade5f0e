package org.vfiocompat.engine;

import java.util.List;

/**
 * What an importer produced: an inventory as canonical JSON text (version 1, sorted, the same
 * bytes for the same input), and the warnings met on the way, each naming its path or file and
 * place. Warnings never stop an import; errors throw {@link InvalidInventoryException}.
 *
 * @param inventoryJson the inventory, ending in a newline
 * @param warnings      what was skipped or guessed, and where
 */
public record ImportResult(String inventoryJson, List<Problem> warnings) {

    public ImportResult {
        warnings = List.copyOf(warnings);
    }
}
