package org.vfiocompat.engine.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validator for the part of JSON Schema 2020-12 that docs/inventory.schema.json uses, so the
 * example inventory can be checked against the schema without another dependency. A keyword it
 * does not know is an error rather than ignored: a schema change that needs more fails loudly.
 */
final class JsonSchemaSubset {

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$defs", "title", "description");

    private final JsonNode root;

    JsonSchemaSubset(JsonNode root) {
        this.root = root;
    }

    /** Every place {@code instance} breaks the schema, as {@code pointer: what}; empty when it conforms. */
    List<String> validate(JsonNode instance) {
        List<String> errors = new ArrayList<>();
        validate(root, instance, "", errors);
        return errors;
    }

    /** The schema a local reference ({@code #/$defs/host}) points at. */
    JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalStateException("only local references are supported: " + ref);
        }
        JsonNode node = root.at(ref.substring(1));
        if (node.isMissingNode()) {
            throw new IllegalStateException("unresolved reference " + ref);
        }
        return node;
    }

    private void validate(JsonNode schema, JsonNode value, String at, List<String> errors) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                errors.add(at + ": not allowed");
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String keyword = e.getKey();
            JsonNode arg = e.getValue();
            switch (keyword) {
                case "$ref" -> validate(resolve(arg.asText()), value, at, errors);
                case "type" -> {
                    if (!hasType(value, arg.asText())) {
                        errors.add(at + ": expected " + arg.asText() + ", got " + value.getNodeType());
                    }
                }
                case "const" -> {
                    if (!arg.equals(value)) {
                        errors.add(at + ": expected " + arg + ", got " + value);
                    }
                }
                case "enum" -> {
                    boolean found = false;
                    for (JsonNode option : arg) {
                        found |= option.equals(value);
                    }
                    if (!found) {
                        errors.add(at + ": " + value + " is not one of " + arg);
                    }
                }
                case "minimum" -> {
                    if (value.isNumber() && value.decimalValue().compareTo(arg.decimalValue()) < 0) {
                        errors.add(at + ": " + value + " is below the minimum " + arg);
                    }
                }
                case "pattern" -> {
                    if (value.isTextual() && !Pattern.compile(arg.asText()).matcher(value.asText()).find()) {
                        errors.add(at + ": '" + value.asText() + "' does not match " + arg.asText());
                    }
                }
                case "required" -> {
                    if (value.isObject()) {
                        for (JsonNode name : arg) {
                            if (!value.has(name.asText())) {
                                errors.add(at + ": missing required '" + name.asText() + "'");
                            }
                        }
                    }
                }
                case "properties" -> {
                    if (value.isObject()) {
                        arg.fields().forEachRemaining(p -> {
                            if (value.has(p.getKey())) {
                                validate(p.getValue(), value.get(p.getKey()), at + "/" + escape(p.getKey()), errors);
                            }
                        });
                    }
                }
                case "additionalProperties" -> {
                    if (value.isObject()) {
                        JsonNode declared = schema.path("properties");
                        value.fields().forEachRemaining(f -> {
                            if (!declared.has(f.getKey())) {
                                validate(arg, f.getValue(), at + "/" + escape(f.getKey()), errors);
                            }
                        });
                    }
                }
                case "items" -> {
                    if (value.isArray()) {
                        for (int i = 0; i < value.size(); i++) {
                            validate(arg, value.get(i), at + "/" + i, errors);
                        }
                    }
                }
                case "allOf" -> arg.forEach(sub -> validate(sub, value, at, errors));
                case "if" -> {
                    List<String> probe = new ArrayList<>();
                    validate(arg, value, at, probe);
                    if (probe.isEmpty() && schema.has("then")) {
                        validate(schema.get("then"), value, at, errors);
                    }
                    if (!probe.isEmpty() && schema.has("else")) {
                        validate(schema.get("else"), value, at, errors);
                    }
                }
                case "then", "else" -> {
                    // applied by "if"
                }
                case "not" -> {
                    List<String> probe = new ArrayList<>();
                    validate(arg, value, at, probe);
                    if (probe.isEmpty()) {
                        errors.add(at + ": must not match " + arg);
                    }
                }
                default -> {
                    if (!ANNOTATIONS.contains(keyword)) {
                        throw new IllegalStateException("schema keyword '" + keyword + "' at " + at
                                + " is not supported by this test validator");
                    }
                }
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
