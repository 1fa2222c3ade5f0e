package org.vfiocompat.engine.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Inventories;

/**
 * A host's optional {@code software} (kernel, QEMU, libvirt, OS): read strictly, checked, written
 * in canonical order, kept by merge, and the schema agrees with the reader about it.
 */
class HostSoftwareTest {

    private static final String WITH = """
            {"version": 1, "hosts": [{"software": {"qemu": "8.2.2", "osVersion": "24.04", "kernel": "6.17.0-14-generic",
              "osId": "ubuntu", "libvirt": "10.0.0"}, "name": "host-2"}]}
            """;

    @TempDir
    Path tmp;

    private static InventoryJson read(String json) {
        return org.vfiocompat.engine.json.JsonInput.read(json.getBytes(StandardCharsets.UTF_8), "x.json", InventoryJson.class,
                InvalidInventoryException::new);
    }

    @Test
    void isReadAndWrittenInCanonicalOrder() {
        InventoryJson json = read(WITH);
        assertThat(json.hosts().get(0).software())
                .isEqualTo(new InventoryJson.SoftwareJson("6.17.0-14-generic", "8.2.2", "10.0.0", "ubuntu", "24.04"));
        InventoryReader.check(json, "x.json");
        assertThat(InventoryWriter.write(json)).isEqualTo("""
                {
                  "hosts": [
                    {
                      "devices": [],
                      "mdevParents": [],
                      "name": "host-2",
                      "software": {
                        "kernel": "6.17.0-14-generic",
                        "libvirt": "10.0.0",
                        "osId": "ubuntu",
                        "osVersion": "24.04",
                        "qemu": "8.2.2"
                      }
                    }
                  ],
                  "version": 1
                }
                """);
    }

    @Test
    void everyFieldIsOptionalAndAnInventoryWithoutReadsAsBefore() {
        InventoryJson json = read("{\"version\": 1, \"hosts\": [{\"name\": \"h\", \"software\": {\"kernel\": \"6.6.0\"}}]}");
        assertThat(json.hosts().get(0).software()).isEqualTo(new InventoryJson.SoftwareJson("6.6.0", null, null, null, null));
        InventoryJson without = read("{\"version\": 1, \"hosts\": [{\"name\": \"h\"}]}");
        assertThat(without.hosts().get(0).software()).isNull();
        assertThat(InventoryWriter.write(without)).doesNotContain("software");
    }

    @Test
    void unknownFieldsAndBlankValuesAreRefusedWithTheirPointer() throws IOException {
        Path unknown = Files.writeString(tmp.resolve("u.json"), "{\"version\": 1, \"hosts\": [{\"name\": \"h\", \"software\": {\"kernal\": \"6.6\"}}]}");
        assertThatThrownBy(() -> InventoryReader.read(unknown, "u.json")).isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("u.json at /hosts/0/software/kernal").hasMessageContaining("unknown field 'kernal'");
        Path blank = Files.writeString(tmp.resolve("b.json"), "{\"version\": 1, \"hosts\": [{\"name\": \"h\", \"software\": {\"qemu\": \" \"}}]}");
        assertThatThrownBy(() -> InventoryReader.read(blank, "b.json")).isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("b.json at /hosts/0/software/qemu: must not be blank");
        Path number = Files.writeString(tmp.resolve("n.json"), "{\"version\": 1, \"hosts\": [{\"name\": \"h\", \"software\": {\"qemu\": 8}}]}");
        assertThatThrownBy(() -> InventoryReader.read(number, "n.json")).isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("n.json at /hosts/0/software/qemu");
    }

    @Test
    void theSchemaAgrees() throws IOException {
        JsonSchemaSubset schema = new JsonSchemaSubset(new ObjectMapper().readTree(RepoFiles.schema().toFile()));
        ObjectMapper m = new ObjectMapper();
        assertThat(schema.validate(m.readTree(WITH))).isEmpty();
        assertThat(schema.validate(m.readTree("{\"version\": 1, \"hosts\": [{\"name\": \"h\", \"software\": {\"kernal\": \"6.6\"}}]}")))
                .containsExactly("/hosts/0/software/kernal: not allowed");
        assertThat(schema.validate(m.readTree("{\"version\": 1, \"hosts\": [{\"name\": \"h\", \"software\": {\"qemu\": \" \"}}]}")))
                .hasSize(1);
    }

    @Test
    void mergeKeepsIt() throws IOException {
        Path a = Files.writeString(tmp.resolve("a.json"), WITH);
        Path b = Files.writeString(tmp.resolve("b.json"), "{\"version\": 1, \"hosts\": [{\"name\": \"host-1\"}]}");
        String merged = Inventories.merge(List.of(a, b)).inventoryJson();
        InventoryJson json = read(merged);
        assertThat(json.hosts()).extracting(InventoryJson.HostJson::software)
                .containsExactly(null, new InventoryJson.SoftwareJson("6.17.0-14-generic", "8.2.2", "10.0.0", "ubuntu", "24.04"));
        assertThat(merged.getBytes(StandardCharsets.UTF_8)).isEqualTo(InventoryWriter.write(json).getBytes(StandardCharsets.UTF_8));
    }
}
