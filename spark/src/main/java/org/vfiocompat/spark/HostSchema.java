package org.vfiocompat.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet schema of a host row, generated from the inventory's JSON Schema
 * ({@code docs/inventory.schema.json}, {@code $defs/host}, bundled in this jar): an object with
 * properties becomes a struct with those fields in the schema's order, an object of string
 * values a {@code map<string,string>}, an array an array, an integer an int, a string (or an
 * enum of strings) a string. Every field is nullable: absent and null are the same to the
 * reader, which then applies the inventory's own rules (required fields, exact enums), so
 * a Parquet row is checked exactly as the JSON host it stands for.
 */
public final class HostSchema {

    private static final String RESOURCE = "/org/vfiocompat/spark/inventory.schema.json";

    private HostSchema() {
    }

    /** The struct of one host row. */
    public static StructType host() {
        JsonNode schema = load();
        return (StructType) typeOf(schema, schema.at("/$defs/host"), "host");
    }

    private static JsonNode load() {
        try (InputStream in = HostSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataType typeOf(JsonNode root, JsonNode node, String where) {
        JsonNode resolved = resolve(root, node);
        String type = resolved.path("type").asText("");
        switch (type) {
            case "string":
                return DataTypes.StringType;
            case "integer":
                return DataTypes.IntegerType;
            case "array":
                return new ArrayType(typeOf(root, resolved.get("items"), where + "[]"), true);
            case "object":
                JsonNode props = resolved.get("properties");
                if (props == null || props.isEmpty()) {
                    JsonNode values = resolved.get("additionalProperties");
                    if (values == null || !values.isObject()) {
                        throw new IllegalStateException(where + ": an object with neither properties nor typed values");
                    }
                    return DataTypes.createMapType(DataTypes.StringType, typeOf(root, values, where + "{}"), true);
                }
                List<StructField> fields = new ArrayList<>();
                for (Map.Entry<String, JsonNode> p : props.properties()) {
                    fields.add(DataTypes.createStructField(p.getKey(), typeOf(root, p.getValue(), where + "." + p.getKey()), true));
                }
                return DataTypes.createStructType(fields);
            default:
                throw new IllegalStateException(where + ": JSON Schema type '" + type + "' has no Parquet type here");
        }
    }

    /** {@code node} with its {@code $ref} followed (a local {@code #/...} pointer), its own members kept. */
    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = resolve(root, root.at(ref.asText().substring(1)));
        if (node.has("type")) {
            return node;
        }
        return target;
    }
}
