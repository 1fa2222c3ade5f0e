package org.vfiocompat.engine.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Reads mdevctl's JSON: {@code mdevctl types --dumpjson} (parents, their types and counts) and
 * {@code mdevctl list --dumpjson} (existing or defined mdevs). Both are lists of one-key objects,
 * parent id to a list of one-key objects. mdevctl knows no PCI ids and no migration versions, so
 * a pack can derive a version only from the type and its description; give libvirt's node
 * devices too (they add the ids) for packs that need them.
 */
final class MdevctlReader {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final Warnings warnings;

    MdevctlReader(Warnings warnings) {
        this.warnings = warnings;
    }

    void readTypes(Path file, HostFacts facts) {
        JsonNode root = parse(file);
        Place place = Place.of(file);
        for (Entry parent : entries(file, root, "")) {
            List<TypeFacts> types = new ArrayList<>();
            for (Entry type : entries(file, parent.value, parent.at)) {
                TypeFacts t = type(place.at(type.at), type.key, type.value);
                if (t != null) {
                    types.add(t);
                }
            }
            facts.addParent(new ParentFacts(parent.key, null, null, types, place.at(parent.at)));
        }
    }

    void readList(Path file, HostFacts facts) {
        Place place = Place.of(file);
        JsonNode root = parse(file);
        for (Entry parent : entries(file, root, "")) {
            for (Entry mdev : entries(file, parent.value, parent.at)) {
                Place at = place.at(mdev.at);
                JsonNode type = mdev.value.get("mdev_type");
                if (type == null || !type.isTextual() || type.asText().isBlank()) {
                    warnings.error(ProblemCodes.IMPORT_MALFORMED, at.at("/mdev_type"), "missing or not a string: every mdev has a type");
                    continue;
                }
                facts.addMdev(new MdevFacts(mdev.key, parent.key, type.asText(), null, at), warnings);
            }
        }
    }

    private TypeFacts type(Place at, String id, JsonNode value) {
        if (!value.isObject()) {
            warnings.error(ProblemCodes.IMPORT_MALFORMED, at, "expected an object with device_api and available_instances");
            return null;
        }
        JsonNode api = value.get("device_api");
        JsonNode count = value.get("available_instances");
        if (api == null || !api.isTextual() || api.asText().isBlank()) {
            warnings.error(ProblemCodes.IMPORT_MALFORMED, at.at("/device_api"), "missing or not a string: device_api is mandatory");
            return null;
        }
        if (count == null || !count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 0) {
            warnings.error(ProblemCodes.IMPORT_MALFORMED, at.at("/available_instances"), "missing or not an integer of 0 or more");
            return null;
        }
        if (!SysfsScanner.KNOWN_DEVICE_APIS.contains(api.asText())) {
            warnings.add(ProblemCodes.IMPORT_UNKNOWN_DEVICE_API, at.at("/device_api"), "unknown device API '" + api.asText() + "'; kept as it is");
        }
        return new TypeFacts(id, api.asText(), count.asInt(), text(value, "name"), text(value, "description"), null, at);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    /** One member of a "list of one-key objects": its key, value and JSON pointer. */
    private record Entry(String key, JsonNode value, String at) {
    }

    private List<Entry> entries(Path file, JsonNode list, String at) {
        List<Entry> out = new ArrayList<>();
        if (list == null || list.isNull() || list.isMissingNode()) {
            return out;
        }
        if (!list.isArray()) {
            warnings.error(ProblemCodes.IMPORT_MALFORMED, new Place(Location.pointer(file.toString(), at.isEmpty() ? "/" : at)), "expected a list of one-key objects");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                warnings.error(ProblemCodes.IMPORT_MALFORMED, new Place(Location.pointer(file.toString(), at + "/" + i)), "expected an object");
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                out.add(new Entry(f.getKey(), f.getValue(), at + "/" + i + "/" + f.getKey().replace("~", "~0").replace("/", "~1")));
            }
        }
        return out;
    }

    private JsonNode parse(Path file) {
        Place place = Place.of(file);
        try {
            byte[] bytes;
            try (java.io.InputStream in = Files.newInputStream(file)) {
                // Bounded: endless input (/dev/zero) is refused instead of read into memory whole.
                bytes = in.readNBytes(SafeXml.MAX_FILE_BYTES + 1);
            }
            if (bytes.length > SafeXml.MAX_FILE_BYTES) {
                warnings.error(ProblemCodes.FILE_TOO_LARGE, place, "larger than " + SafeXml.MAX_FILE_BYTES
                        + " bytes; mdevctl's listings are a few KiB");
                return null;
            }
            if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                // mdevctl prints nothing at all when there is nothing to list.
                warnings.add(ProblemCodes.IMPORT_MISSING, place, "empty: nothing listed");
                return null;
            }
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            warnings.error(ProblemCodes.JSON_SYNTAX, e.getLocation() == null ? Place.of(file)
                    : new Place(Location.line(file.toString(), e.getLocation().getLineNr(), e.getLocation().getColumnNr())),
                    "not valid JSON: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            warnings.error(ProblemCodes.FILE_UNREADABLE, place, "cannot be read: " + e.getMessage());
            return null;
        }
    }
}
