package org.vfiocompat.engine.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/inventory.schema.json says what {@link InventoryJson} reads, field for field: the same
 * properties, the same required ones, the same types, and no other fields. Changing a record
 * without the schema (or the schema without the record) fails here.
 */
class InventorySchemaTest {

    private static JsonNode schema;
    private static JsonSchemaSubset validator;

    @BeforeAll
    static void readSchema() throws IOException {
        schema = new ObjectMapper().readTree(RepoFiles.schema().toFile());
        validator = new JsonSchemaSubset(schema);
    }

    @Test
    void isAJsonSchemaOfDraft2020_12() {
        assertThat(schema.isObject()).isTrue();
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(schema.path("description").asText()).contains("docs/inventory.md");
    }

    @Test
    void matchesTheRecordsFieldForField() {
        Set<Class<?>> seen = new LinkedHashSet<>();
        checkObject(InventoryJson.class, schema, "#", seen);

        assertThat(seen).containsExactlyInAnyOrder(InventoryJson.class, InventoryJson.HostJson.class,
                InventoryJson.DeviceJson.class, InventoryJson.ParentJson.class, InventoryJson.TypeJson.class,
                InventoryJson.PciJson.class, InventoryJson.SoftwareJson.class);
    }

    @Test
    void theVersionIsTheOneTheReaderReads() {
        JsonNode version = schema.at("/properties/version");

        assertThat(version.path("type").asText()).isEqualTo("integer");
        assertThat(version.path("const").isInt()).isTrue();
        assertThat(version.path("const").asInt()).isEqualTo(InventoryJson.CURRENT_VERSION);
    }

    @Test
    void availableInstancesIsAnIntegerOfZeroOrMore() {
        JsonNode n = schema.at("/$defs/mdevType/properties/availableInstances");

        assertThat(n.path("type").asText()).isEqualTo("integer");
        assertThat(n.path("minimum").asInt(-1)).isZero();
    }

    @Test
    void mdevsNeedAParentAndPhysDevicesHaveNone() {
        String device = """
                {"version": 1, "hosts": [{"name": "host-a", "devices": [
                  {"id": "d", "kind": "%s", %s "deviceApi": "vfio-pci", "migrationType": "t", "migrationVersion": "v"}]}]}
                """;

        assertThat(validate(device.formatted("MDEV", "\"parent\": \"p\","))).isEmpty();
        assertThat(validate(device.formatted("MDEV", ""))).containsExactly("/hosts/0/devices/0: missing required 'parent'");
        assertThat(validate(device.formatted("PHYS", ""))).isEmpty();
        assertThat(validate(device.formatted("PHYS", "\"parent\": \"p\","))).hasSize(1);
    }

    @Test
    void refusesWhatTheReaderRefuses() {
        assertThat(validate("{\"version\": 2, \"hosts\": []}")).containsExactly("/version: expected 1, got 2");
        assertThat(validate("{\"version\": 1}")).containsExactly(": missing required 'hosts'");
        assertThat(validate("{\"version\": 1, \"hosts\": [{\"name\": \"host-a\", \"rack\": \"r1\"}]}"))
                .containsExactly("/hosts/0/rack: not allowed");
        assertThat(validate("{\"version\": 1, \"hosts\": [{\"name\": \"rack 1/host-a\"}]}")).hasSize(1);
        assertThat(validate("{\"version\": 1, \"hosts\": [{\"name\": \"host-a\", \"mdevParents\": [{\"id\": \"p\", \"model\": \"m\","
                + " \"types\": [{\"migrationType\": \"t\", \"deviceApi\": \"vfio-pci\", \"availableInstances\": -1,"
                + " \"migrationVersion\": \"v\"}]}]}]}"))
                .containsExactly("/hosts/0/mdevParents/0/types/0/availableInstances: -1 is below the minimum 0");
        assertThat(validate("{\"version\": 1, \"hosts\": [{\"name\": \"host-a\", \"devices\": [{\"id\": \"d\", \"kind\": \"GPU\","
                + " \"deviceApi\": \"vfio-pci\", \"migrationType\": \"t\", \"migrationVersion\": \"v\"}]}]}"))
                .containsExactly("/hosts/0/devices/0/kind: \"GPU\" is not one of [\"MDEV\",\"PHYS\"]");
    }

    // ------------------------------------------------------------------ the walk

    /** Checks that {@code node} (a schema object, after references) describes {@code record} exactly. */
    private static void checkObject(Class<?> record, JsonNode node, String at, Set<Class<?>> seen) {
        assertThat(record.isRecord()).as("%s is a record", record).isTrue();
        seen.add(record);
        JsonNode object = deref(node);
        assertThat(object.path("type").asText()).as("%s: type", at).isEqualTo("object");
        assertThat(object.path("additionalProperties").isBoolean() && !object.path("additionalProperties").booleanValue())
                .as("%s: additionalProperties is false", at).isTrue();
        assertThat(object.path("description").asText()).as("%s: description", at).isNotBlank();

        Set<String> properties = new HashSet<>();
        object.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> required = new HashSet<>();
        object.path("required").forEach(r -> required.add(r.asText()));

        Set<String> fields = new HashSet<>();
        Set<String> requiredFields = new HashSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            JsonProperty json = c.getAccessor().getAnnotation(JsonProperty.class);
            assertThat(json).as("%s.%s has @JsonProperty", record.getSimpleName(), c.getName()).isNotNull();
            fields.add(json.value());
            if (json.required()) {
                requiredFields.add(json.value());
            }
        }
        assertThat(properties).as("%s: properties of %s", at, record.getSimpleName()).isEqualTo(fields);
        assertThat(required).as("%s: required properties of %s", at, record.getSimpleName()).isEqualTo(requiredFields);

        for (RecordComponent c : record.getRecordComponents()) {
            String name = c.getAccessor().getAnnotation(JsonProperty.class).value();
            JsonNode property = object.path("properties").path(name);
            String pAt = at + "/properties/" + name;
            assertThat(property.path("description").asText(deref(property).path("description").asText()))
                    .as("%s: description", pAt).isNotBlank();
            checkValue(c.getGenericType(), property, pAt, seen);
        }
    }

    /** Checks that {@code node} describes values of the Java type {@code type}. */
    private static void checkValue(Type type, JsonNode node, String at, Set<Class<?>> seen) {
        JsonNode s = deref(node);
        if (type == String.class) {
            assertThat(s.path("type").asText()).as("%s: type", at).isEqualTo("string");
        } else if (type == int.class) {
            assertThat(s.path("type").asText()).as("%s: type", at).isEqualTo("integer");
        } else if (type instanceof Class<?> c && c.isEnum()) {
            List<String> constants = Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList();
            List<String> allowed = new java.util.ArrayList<>();
            s.path("enum").forEach(v -> allowed.add(v.asText()));
            assertThat(s.path("type").asText()).as("%s: type", at).isEqualTo("string");
            assertThat(allowed).as("%s: enum", at).containsExactlyElementsOf(constants);
        } else if (type instanceof Class<?> c && c.isRecord()) {
            checkObject(c, s, at, seen);
        } else if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            assertThat(s.path("type").asText()).as("%s: type", at).isEqualTo("array");
            checkValue(p.getActualTypeArguments()[0], s.path("items"), at + "/items", seen);
        } else if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            assertThat(p.getActualTypeArguments()[0]).as("%s: map keys", at).isEqualTo(String.class);
            assertThat(s.path("type").asText()).as("%s: type", at).isEqualTo("object");
            checkValue(p.getActualTypeArguments()[1], s.path("additionalProperties"), at + "/additionalProperties", seen);
        } else {
            throw new AssertionError(at + ": no check for Java type " + type + "; extend this test");
        }
    }

    private static JsonNode deref(JsonNode node) {
        assertThat(node.isMissingNode()).as("schema node exists").isFalse();
        return node.has("$ref") ? deref(validator.resolve(node.get("$ref").asText())) : node;
    }

    private static List<String> validate(String json) {
        try {
            return validator.validate(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
