package org.vfiocompat.engine.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vfiocompat.engine.importer.Imports.NONE;
import static org.vfiocompat.engine.importer.Imports.PACKS;
import static org.vfiocompat.engine.importer.Imports.SYSFS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.inventory.InventoryJson;

class MergeTest {

    @TempDir
    Path tmp;

    private Path collected(String host) throws IOException {
        Path file = tmp.resolve(host + ".json");
        Files.writeString(file, Importers.collect(SYSFS, host, PACKS, NONE).json());
        return file;
    }

    private Path nodedevHost(String host) throws IOException {
        Path file = tmp.resolve(host + ".json");
        Files.writeString(file, Importers.fromTools(host, null, null,
                List.of(Imports.FORMATS.resolve("nodedev-pci-gvt.xml")), PACKS, NONE).json());
        return file;
    }

    @Test
    void hostsOfManyFilesBecomeOneSortedFleet() throws IOException {
        Path b = nodedevHost("host-b");
        Path a = collected("host-a");
        Path c = nodedevHost("host-c");

        Importers.Output out = Importers.merge(List.of(b, a, c));

        InventoryJson fleet = Imports.json(out);
        assertThat(fleet.hosts()).extracting(InventoryJson.HostJson::name).containsExactly("host-a", "host-b", "host-c");
        assertThat(fleet.hosts().get(0).devices()).hasSize(4);
        assertThat(Importers.merge(List.of(c, a, b)).json()).isEqualTo(out.json());
    }

    @Test
    void aHostInTwoFilesIsAnErrorNamingBoth() throws IOException {
        Path first = collected("host-a");
        Path second = tmp.resolve("again.json");
        Files.writeString(second, Importers.fromTools("host-a", null, null,
                List.of(Imports.FORMATS.resolve("nodedev-pci-gvt.xml")), PACKS, NONE).json());

        assertThatThrownBy(() -> Importers.merge(List.of(first, second)))
                .isInstanceOfSatisfying(InvalidInventoryException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem(ProblemCodes.INVENTORY_MERGE_CONFLICT, Location.pointer(second.toString(), "/hosts/0/name"), "host 'host-a' is also in " + first)));
    }

    @Test
    void anMdevUuidInTwoFilesIsAnErrorNamingBoth() throws IOException {
        Path a = collected("host-a");
        Path b = collected("host-b");

        assertThatThrownBy(() -> Importers.merge(List.of(a, b)))
                .isInstanceOfSatisfying(InvalidInventoryException.class, e -> {
                    assertThat(e.problems()).hasSize(3);
                    assertThat(e.problems().get(0)).isEqualTo(new Problem(ProblemCodes.INVENTORY_MERGE_CONFLICT, Location.pointer(b.toString(), "/hosts/0/devices/1/id"),
                            "mdev " + ExampleImportTest.GVT_V5_8 + " on host host-b is also in " + a + " (host host-a)"));
                });
    }

    @Test
    void aFileThatDoesNotReadIsNamed() throws IOException {
        Path a = collected("host-a");
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"version\": 1, \"hosts\": [{\"name\": \"x\", \"devices\": 3}]}");

        assertThatThrownBy(() -> Importers.merge(List.of(a, bad)))
                .isInstanceOfSatisfying(InvalidInventoryException.class,
                        e -> assertThat(e.problems().get(0).file()).isEqualTo(bad.toString()));
    }
}
