package org.vfiocompat.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The JSON of a batch record, field for field as {@code vfio-compat batch --format ndjson}
 * writes it (docs/operations.md): the job's NDJSON lines are the CLI's source lines, and its
 * Parquet rows are those lines read with {@link DeviceResult#RECORD}.
 */
final class ResultJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultJson() {
    }

    static String verdict(Verdict v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("level", v.level().name());
        if (v.limit().isEmpty()) {
            n.putNull("limit");
        } else {
            n.put("limit", v.limit().get().name());
        }
        n.put("score", v.score());
        n.put("reason", v.reason());
        n.put("pack", v.packId());
        n.put("packVersion", v.packVersion());
        ArrayNode rules = n.putArray("rules");
        v.rules().forEach(rules::add);
        return n.toString();
    }

    /** A profile's members, after the given node's, as the CLI adds them (its kind replaces a kind already there). */
    private static void profile(ObjectNode n, DeviceProfile p) {
        n.put("kind", p.getKind().name());
        n.put("deviceApi", p.getDeviceApi());
        n.put("migrationType", p.getMigrationType());
        n.put("migrationVersion", p.getMigrationVersion());
        if (!p.getParentModel().isEmpty()) {
            n.put("parentModel", p.getParentModel());
        }
    }

    /** A candidate's members as compact JSON, without the braces. */
    static String candidateFields(String host, String id, DeviceProfile p, int capacity) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ref", host + "/" + id);
        n.put("host", host);
        n.put("id", id);
        n.put("kind", ""); // the CLI writes existing/create here, then the profile's kind over it, in this place
        n.put("capacity", capacity);
        profile(n, p);
        String json = n.toString();
        return json.substring(1, json.length() - 1);
    }

    /** The source line up to its targets: {@code {"type":"source",...,"stranded":b,"targets":[}. */
    static String sourceHead(String host, String id, String vm, DeviceProfile p, long candidates, long compatible) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "source");
        ObjectNode source = n.putObject("source");
        source.put("ref", host + "/" + id);
        source.put("host", host);
        source.put("id", id);
        source.put("vm", vm);
        profile(source, p);
        n.put("candidates", candidates);
        n.put("compatible", compatible);
        n.put("stranded", compatible == 0);
        String json = n.toString();
        return json.substring(0, json.length() - 1) + ",\"targets\":[";
    }
}
