package org.vfiocompat.engine.importer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vfiocompat.engine.importer.Imports.NONE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Problem;

/**
 * A value an importer read but the inventory reader refuses is reported at the input it came
 * from, not in "(the inventory being written)" (issue 13's fuzz findings).
 */
class ImporterTracingTest {

    @TempDir
    Path tmp;

    @Test
    void aParentIdTheReaderRefusesIsReportedAtItsMdevctlEntry() throws IOException {
        Path types = Files.writeString(tmp.resolve("types.json"), """
                [{"0000 00:02.0": [{"i915-GVTg_V5_4": {"available_instances": 1, "device_api": "vfio-pci"}}]},
                 {"0000:00:03.0": [{" ": {"available_instances": 1, "device_api": "vfio-pci"}}]}]
                """);

        assertThatThrownBy(() -> Importers.fromTools("h", types, null, List.of(), List.of(), NONE))
                .isInstanceOfSatisfying(InvalidInventoryException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                                types + " at /0/0000 00:02.0: refused in the inventory at id: parent id must be non-empty and contain no '/' or spaces",
                                types + " at /1/0000:00:03.0/0/ : refused in the inventory at migrationType: must be a non-empty string"));
    }
}
