package org.vfiocompat.engine.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Reads iproute2's {@code devlink -j} JSON, whichever command made it, by its top-level key:
 * {@code dev info} ({@code "info"}: {@code fw.psid}, running else stored {@code fw.version}),
 * {@code port show} ({@code "port"}: flavour, pf/vf numbers, the port function's
 * {@code migratable}), {@code dev param show} ({@code "param"}) and {@code dev eswitch show}
 * ({@code "dev"}: the eswitch mode). Keys are read by name; a missing one is no value (version
 * groups with no entries are left out by devlink itself), an unknown one is ignored. A value of
 * the wrong JSON shape is an error with its JSON pointer.
 */
final class Devlink {

    /** {@code dev info} of one devlink instance ({@code pci/0000:17:00.0}); null fields are not told. */
    record Info(String handle, String driver, String psid, String fwVersion) {
    }

    /** {@code port show} of one port ({@code pci/0000:17:00.0/1}); {@code device} is the instance it belongs to. */
    record Port(String handle, String device, String flavour, Integer pfnum, Integer vfnum, String migratable) {
    }

    /** One {@code dev param show} value: instance, name, configuration mode and value as text. */
    record Param(String device, String name, String cmode, String value) {
    }

    /** Everything read from the devlink files of one host. */
    record Facts(List<Info> infos, List<Port> ports, List<Param> params, Map<String, String> eswitchModes) {

        static Facts empty() {
            return new Facts(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>());
        }

        Info info(String device) {
            return infos.stream().filter(i -> i.handle().equals(device)).findFirst().orElse(null);
        }
    }

    private final Path file;
    private final Warnings warnings;

    private Devlink(Path file, Warnings warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    /** Adds what {@code file} says to {@code into}; errors go to {@code warnings}. */
    static void read(Path file, Warnings warnings, Facts into) {
        JsonNode root = ToolOutput.json(file, warnings);
        if (root != null) {
            new Devlink(file, warnings).root(root, into);
        }
    }

    private void root(JsonNode root, Facts into) {
        if (!root.isObject()) {
            error("", "expected an object ({\"info\": ...}, {\"port\": ...}, {\"param\": ...} or {\"dev\": ...})");
            return;
        }
        boolean known = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = ToolOutput.step(e.getKey());
            switch (e.getKey()) {
                case "info" -> objects(e.getValue(), at).forEach((k, v) -> into.infos().add(info(k, v, at + ToolOutput.step(k))));
                case "port" -> objects(e.getValue(), at).forEach((k, v) -> into.ports().add(port(k, v, at + ToolOutput.step(k))));
                case "param" -> members(e.getValue(), at).forEach((k, v) -> params(k, v, at + ToolOutput.step(k), into));
                case "dev" -> objects(e.getValue(), at).forEach((k, v) -> {
                    String mode = string(v, "mode", at + ToolOutput.step(k));
                    if (mode != null) {
                        into.eswitchModes().put(k, mode);
                    }
                });
                default -> {
                    continue;
                }
            }
            known = true;
        }
        if (!known) {
            warnings.add(ProblemCodes.IMPORT_LEFT_OUT, Place.of(file), "no devlink output this importer reads (info, port, param, dev); ignored");
        }
    }

    private Info info(String handle, JsonNode v, String at) {
        JsonNode versions = member(v, "versions", at);
        String vat = at + "/versions";
        String psid = string(member(versions, "fixed", vat), "fw.psid", vat + "/fixed");
        String running = string(member(versions, "running", vat), "fw.version", vat + "/running");
        String stored = string(member(versions, "stored", vat), "fw.version", vat + "/stored");
        return new Info(handle, string(v, "driver", at), psid, running != null ? running : stored);
    }

    private Port port(String handle, JsonNode v, String at) {
        int slash = handle.lastIndexOf('/');
        String device = slash > 0 ? handle.substring(0, slash) : handle;
        JsonNode function = member(v, "function", at);
        return new Port(handle, device, string(v, "flavour", at), integer(v, "pfnum", at), integer(v, "vfnum", at),
                string(function, "migratable", at + "/function"));
    }

    private void params(String device, JsonNode list, String at, Facts into) {
        if (!list.isArray()) {
            error(at, "expected a list of parameters");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String pat = at + "/" + i;
            JsonNode p = list.get(i);
            if (!p.isObject()) {
                error(pat, "expected a parameter object");
                continue;
            }
            String name = string(p, "name", pat);
            JsonNode values = p.get("values");
            if (name == null || values == null) {
                continue;
            }
            if (!values.isArray()) {
                error(pat + "/values", "expected a list of {cmode, value}");
                continue;
            }
            for (int j = 0; j < values.size(); j++) {
                JsonNode value = values.get(j);
                if (!value.isObject()) {
                    error(pat + "/values/" + j, "expected an object");
                    continue;
                }
                JsonNode raw = value.get("value");
                if (raw != null && (raw.isValueNode() && !raw.isNull())) {
                    into.params().add(new Param(device, name, string(value, "cmode", pat + "/values/" + j), raw.asText()));
                }
            }
        }
    }

    /** The members of an object, each an object too (errors for those that are not). */
    private Map<String, JsonNode> objects(JsonNode node, String at) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        members(node, at).forEach((k, v) -> {
            if (v.isObject()) {
                out.put(k, v);
            } else {
                error(at + ToolOutput.step(k), "expected an object");
            }
        });
        return out;
    }

    private Map<String, JsonNode> members(JsonNode node, String at) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (!node.isObject()) {
            error(at, "expected an object");
            return out;
        }
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** An optional object member; null when absent or null, an error when it is something else. */
    private JsonNode member(JsonNode parent, String key, String at) {
        JsonNode v = parent == null ? null : parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            error(at + ToolOutput.step(key), "expected an object");
            return null;
        }
        return v;
    }

    private String string(JsonNode parent, String key, String at) {
        JsonNode v = parent == null ? null : parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            error(at + ToolOutput.step(key), "expected a string");
            return null;
        }
        return ToolOutput.value(v.asText());
    }

    private Integer integer(JsonNode parent, String key, String at) {
        JsonNode v = parent == null ? null : parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            error(at + ToolOutput.step(key), "expected an integer of 0 or more");
            return null;
        }
        return v.asInt();
    }

    private void error(String at, String message) {
        warnings.error(ProblemCodes.IMPORT_MALFORMED, new Place(Location.pointer(file.toString(), at.isEmpty() ? "/" : at)), message);
    }
}
