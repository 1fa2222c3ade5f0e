package org.vfiocompat.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.CacheStats;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.EngineStatus;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.PackInfo;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.RefusedPack;
import org.vfiocompat.engine.ReloadResult;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The JSON form of the engine's values, one shape for the CLI's {@code --format json} and
 * {@code ndjson}, the server's answers and the Spark job's records, so a consumer parses one
 * shape whichever way it asked. Field order is fixed and nothing depends on time or hash order,
 * so output is identical byte for byte between runs.
 */
public final class JsonViews {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Two-space indentation, {@code "key": value}, {@code \n} line ends: the CLI's printer. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .setDefaultPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    /** The compact one-line form, for NDJSON. */
    public static final ObjectMapper COMPACT = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private JsonViews() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static ObjectNode verdict(Verdict v) {
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
        if (!v.deciders().isEmpty()) {
            // Only when a platform pack took part: a verdict one pack decided reads as before.
            ArrayNode deciders = n.putArray("deciders");
            for (Verdict.Decider d : v.deciders()) {
                ObjectNode o = deciders.addObject();
                o.put("pack", d.packId()).put("packVersion", d.packVersion()).put("platform", d.platform())
                        .put("level", d.level().name());
                if (d.limit().isEmpty()) {
                    o.putNull("limit");
                } else {
                    o.put("limit", d.limit().get().name());
                }
                o.put("score", d.score()).put("reason", d.reason());
                ArrayNode r = o.putArray("rules");
                d.rules().forEach(r::add);
            }
        }
        return n;
    }

    public static ObjectNode profile(DeviceProfile p) {
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
    public static ObjectNode software(org.vfiocompat.rules.HostSoftware h) {
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

    public static ObjectNode source(FleetDevice d) {
        ObjectNode n = object();
        n.put("ref", d.ref());
        n.put("host", d.host());
        n.put("id", d.id());
        n.put("vm", d.assignedTo());
        n.setAll(profile(d.profile()));
        return n;
    }

    /**
     * A candidate target: where it is, whether it exists or is an mdev to create
     * ({@code candidateKind}; named apart from the profile's {@code kind}, MDEV or PHYS, which
     * follows it), how many instances it can take, and its profile.
     */
    public static ObjectNode candidate(Candidate c) {
        ObjectNode n = object();
        n.put("ref", c.ref());
        n.put("host", c.host());
        n.put("id", c.id());
        n.put("candidateKind", candidateKind(c.kind()));
        n.put("capacity", c.capacity());
        n.setAll(profile(c.profile()));
        return n;
    }

    /** {@code existing} or {@code create}: a candidate's kind as JSON spells it. */
    public static String candidateKind(CandidateKind kind) {
        return kind == CandidateKind.CREATABLE ? "create" : "existing";
    }

    public static ObjectNode target(int rank, RankedTarget r) {
        ObjectNode n = object();
        if (rank > 0) {
            n.put("rank", rank);
        }
        n.setAll(candidate(r.candidate()));
        n.set("verdict", verdict(r.verdict()));
        return n;
    }

    /** A pack named in a batch's summary: id, version and vendor. */
    public static ObjectNode packBrief(PackInfo p) {
        ObjectNode n = object();
        n.put("id", p.id());
        n.put("version", p.version());
        n.put("vendor", p.vendor());
        return n;
    }

    /** A pack as {@code vfio-compat packs --format json} lists it. */
    public static ObjectNode pack(PackInfo p) {
        ObjectNode n = packBrief(p);
        n.put("description", p.description());
        n.set("namespaces", MAPPER.valueToTree(p.namespaces()));
        n.set("acceptsTargetsFrom", MAPPER.valueToTree(p.acceptsTargetsFrom()));
        n.put("digest", p.digest());
        n.put("status", p.quarantined() ? "quarantined" : "active");
        p.platformScope().ifPresent(scope -> n.put("platform", scope).put("platformEnabled", p.platformEnabled()));
        if (p.quarantined()) {
            n.put("quarantineReason", p.quarantineReason().orElse(""));
        }
        return n;
    }

    /** A pack's state for a table: active, quarantined, or a platform pack not enabled. */
    public static String packStatus(PackInfo p) {
        if (p.quarantined()) {
            return "QUARANTINED: " + p.quarantineReason().orElse("");
        }
        return p.platform() && !p.platformEnabled() ? "not enabled" : "active";
    }

    /** What a pack claims, for a table: its namespaces, or for a platform pack its scope. */
    public static String packClaims(PackInfo p) {
        return p.platformScope().map(scope -> "platform: " + scope).orElse(String.join(" ", p.namespaces()));
    }

    /** The loaded packs, then the refused ones ({@code "status": "refused"}), as {@code packs} and {@code /v1/packs} list them. */
    public static ArrayNode packs(List<PackInfo> packs, List<RefusedPack> refused) {
        ArrayNode list = array();
        packs.forEach(p -> list.add(pack(p)));
        refused.forEach(r -> list.add(refusedPack(r)));
        return list;
    }

    /**
     * A refused pack in a pack list: the fields of a loaded one, empty where nothing loaded (no
     * version, vendor or digest is taken from a pack that did not load), with why it was refused.
     */
    public static ObjectNode refusedPack(RefusedPack r) {
        ObjectNode n = object();
        n.put("id", r.id());
        n.put("version", "");
        n.put("vendor", "");
        n.put("description", "");
        n.set("namespaces", MAPPER.valueToTree(r.namespaces()));
        n.putArray("acceptsTargetsFrom");
        n.put("digest", "");
        n.put("status", "refused");
        n.put("location", r.location());
        n.put("code", r.code());
        n.put("reason", r.reason());
        ArrayNode problems = n.putArray("problems");
        r.problems().forEach(p -> problems.add(problem(p)));
        return n;
    }

    /** The engine's state: packs with digest, signer and quarantine; the cache; the last (re)load with its time. */
    public static ObjectNode status(EngineStatus status, boolean ready) {
        ObjectNode n = object();
        n.put("ready", ready);
        ArrayNode packs = n.putArray("packs");
        for (PackInfo p : status.packs()) {
            ObjectNode pack = pack(p);
            pack.put("signer", p.signature().describe());
            packs.add(pack);
        }
        ArrayNode quarantined = n.putArray("quarantinedPacks");
        status.packs().stream().filter(PackInfo::quarantined).forEach(p -> quarantined.addObject()
                .put("id", p.id()).put("reason", p.quarantineReason().orElse("")));
        ArrayNode refused = n.putArray("refusedPacks");
        status.refusedPacks().forEach(r -> refused.add(refusedPack(r)));
        n.put("signaturesRequired", status.signaturesRequired());
        CacheStats c = status.cache();
        n.putObject("cache").put("maximumSize", c.maximumSize()).put("size", c.size()).put("hits", c.hits())
                .put("misses", c.misses()).put("evictions", c.evictions()).put("hitRate", c.hitRate());
        ReloadResult r = status.lastReload();
        ObjectNode load = n.putObject("lastReload").put("ok", r.ok()).put("time", r.time().toString())
                .put("generation", r.generation());
        load.set("packDigests", MAPPER.valueToTree(r.packDigests()));
        ArrayNode problems = load.putArray("problems");
        r.problems().forEach(p -> problems.add(problem(p)));
        return n;
    }

    public static ObjectNode problem(Problem p) {
        ObjectNode n = object();
        n.put("code", p.code());
        n.set("location", location(p.location()));
        n.put("message", p.message());
        return n;
    }

    public static ObjectNode location(Location l) {
        ObjectNode n = object();
        n.put("file", l.file());
        l.part().ifPresent(part -> n.put("part", part));
        l.pointer().ifPresent(pointer -> n.put("pointer", pointer));
        l.line().ifPresent(line -> n.put("line", line));
        l.column().ifPresent(column -> n.put("column", column));
        n.put("text", l.toString());
        return n;
    }

    /** {@code {"error": ..., "problems": [...]}}: the body of every refusal. */
    public static ObjectNode error(String error, List<Problem> problems) {
        ObjectNode n = object();
        n.put("error", error);
        ArrayNode list = n.putArray("problems");
        problems.forEach(p -> list.add(problem(p)));
        return n;
    }

    /** A batch's summary: counts, the stranded devices, quarantined packs, and (with {@code timing}) the wall time. */
    public static ObjectNode summary(BatchSummary s, List<PackInfo> packs, boolean timing) {
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

    /**
     * One pair explained ({@code vfio-compat explain --format json}): both sides, the verdict, and
     * every rule that fired in firing order, marked when its findings decided.
     */
    public static ObjectNode explanation(ObjectNode source, ObjectNode target, Verdict v) {
        ObjectNode n = object();
        n.set("source", source);
        n.set("target", target);
        n.set("verdict", verdict(v));
        ArrayNode fired = n.putArray("firedRules");
        for (int i = 0; i < v.firedRules().size(); i++) {
            String rule = v.firedRules().get(i);
            fired.addObject().put("order", i + 1).put("rule", rule).put("decided", v.rules().contains(rule));
        }
        return n;
    }

    /** {@code n} with the profile's attributes added: they matter to the rules, so an explanation shows them. */
    public static ObjectNode withAttributes(ObjectNode n, DeviceProfile p) {
        ObjectNode attributes = n.putObject("attributes");
        p.getAttributes().forEach(attributes::put);
        return n;
    }

    /** Writes {@code node} pretty-printed, followed by a newline. */
    public static void writePretty(Writer out, Object node) {
        try {
            MAPPER.writeValue(out, node);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code node} as one line of compact JSON, without a newline. */
    public static String compact(Object node) {
        try {
            return COMPACT.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code node} on one line, followed by a newline. */
    public static void writeLine(Writer out, Object node) {
        try {
            COMPACT.writeValue(out, node);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code node} pretty-printed and followed by a newline, as the CLI writes it. */
    public static byte[] bytes(Object node) {
        try {
            return (MAPPER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
