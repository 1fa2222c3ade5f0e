package org.vfiocompat.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.PackInfo;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The JSON form of the engine's values, the same in every command and format, so a consumer
 * parses one shape. Field order is fixed and nothing depends on time or hash order, so output
 * is identical byte for byte between runs.
 */
final class JsonViews {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Two-space indentation, {@code "key": value}, {@code \n} line ends on every platform. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .setDefaultPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    /** The compact one-line form, for NDJSON. */
    static final ObjectMapper COMPACT = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private JsonViews() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static ObjectNode verdict(Verdict v) {
        ObjectNode n = object();
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
        return n;
    }

    static ObjectNode profile(DeviceProfile p) {
        ObjectNode n = object();
        n.put("kind", p.getKind().name());
        n.put("deviceApi", p.getDeviceApi());
        n.put("migrationType", p.getMigrationType());
        n.put("migrationVersion", p.getMigrationVersion());
        if (!p.getParentModel().isEmpty()) {
            n.put("parentModel", p.getParentModel());
        }
        if (!p.getHost().isEmpty()) {
            n.set("software", software(p.getHost()));
        }
        return n;
    }

    /** The host software facts a profile carries, as the inventory's {@code software} object spells them. */
    static ObjectNode software(org.vfiocompat.rules.HostSoftware h) {
        ObjectNode n = object();
        String[] names = {"kernel", "qemu", "libvirt", "osId", "osVersion"};
        String[] values = {h.getKernel(), h.getQemu(), h.getLibvirt(), h.getOsId(), h.getOsVersion()};
        for (int i = 0; i < names.length; i++) {
            if (!values[i].isEmpty()) {
                n.put(names[i], values[i]);
            }
        }
        return n;
    }

    static ObjectNode source(FleetDevice d) {
        ObjectNode n = object();
        n.put("ref", d.ref());
        n.put("host", d.host());
        n.put("id", d.id());
        n.put("vm", d.assignedTo());
        n.setAll(profile(d.profile()));
        return n;
    }

    static ObjectNode candidate(Candidate c) {
        ObjectNode n = object();
        n.put("ref", c.ref());
        n.put("host", c.host());
        n.put("id", c.id());
        n.put("kind", c.kind() == CandidateKind.CREATABLE ? "create" : "existing");
        n.put("capacity", c.capacity());
        n.setAll(profile(c.profile()));
        return n;
    }

    static ObjectNode target(int rank, RankedTarget r) {
        ObjectNode n = object();
        if (rank > 0) {
            n.put("rank", rank);
        }
        n.setAll(candidate(r.candidate()));
        n.set("verdict", verdict(r.verdict()));
        return n;
    }

    static ObjectNode pack(PackInfo p) {
        ObjectNode n = object();
        n.put("id", p.id());
        n.put("version", p.version());
        n.put("vendor", p.vendor());
        return n;
    }

    static ObjectNode summary(BatchSummary s, java.util.List<PackInfo> packs, boolean timing) {
        ObjectNode n = object();
        n.put("devicesEvaluated", s.devicesEvaluated());
        n.put("stranded", s.stranded().size());
        ArrayNode refs = n.putArray("strandedDevices");
        s.stranded().forEach(refs::add);
        n.put("candidatePairs", s.candidatePairs());
        n.put("distinctPairsEvaluated", s.distinctPairsEvaluated());
        ArrayNode quarantined = n.putArray("quarantinedPacks");
        packs.stream().filter(PackInfo::quarantined).forEach(p -> quarantined.addObject()
                .put("id", p.id()).put("reason", p.quarantineReason().orElse("")));
        if (timing) {
            n.put("elapsedMillis", s.elapsedNanos() / 1_000_000);
        }
        return n;
    }

    /** Writes {@code node} pretty-printed, followed by a newline. */
    static void writePretty(Writer out, Object node) {
        try {
            MAPPER.writeValue(out, node);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code node} as one line of compact JSON, without a newline. */
    static String compact(Object node) {
        try {
            return COMPACT.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code node} on one line, followed by a newline. */
    static void writeLine(Writer out, Object node) {
        try {
            COMPACT.writeValue(out, node);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
