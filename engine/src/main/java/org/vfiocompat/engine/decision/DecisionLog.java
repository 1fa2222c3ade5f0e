package org.vfiocompat.engine.decision;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.Decision;
import org.vfiocompat.engine.DecisionSink;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The decision log: one NDJSON line per decision the engine made, written in {@link #FIELDS}
 * order by one writer under a lock (lines never interleave, whatever the number of threads),
 * each line flushed as it is written. Fields named in the mask are written as {@code "***"}.
 *
 * <p>The log is an observer: a write that fails is counted and logged once, and the decision
 * is still returned to its caller.
 */
public final class DecisionLog implements DecisionSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);

    /** Every field of a line, in the order written. */
    static final List<String> FIELDS = Decision.LOG_FIELDS;

    /** What a masked field's value is replaced by. */
    public static final String MASK = "***";

    private static final JsonFactory JSON = new JsonFactory();

    private final Writer out;
    private final boolean ownsWriter;
    private final Set<String> masked;
    private final String idPrefix;
    private final AtomicLong sequence = new AtomicLong();
    private long failedWrites;

    DecisionLog(Writer out, boolean ownsWriter, Set<String> masked) {
        List<String> unknown = new ArrayList<>();
        for (String f : masked) {
            if (!FIELDS.contains(f)) {
                unknown.add(f);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("cannot mask " + String.join(", ", unknown)
                    + ": the decision log's fields are " + String.join(", ", FIELDS));
        }
        this.out = out;
        this.ownsWriter = ownsWriter;
        this.masked = Set.copyOf(masked);
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.idPrefix = HexFormat.of().formatHex(random);
    }

    /** A log appended to {@code file} (created if missing), closed with the log. */
    public static DecisionLog append(Path file, Set<String> masked) throws IOException {
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new DecisionLog(w, true, masked);
    }

    /** A log written to {@code out}, which the caller keeps and closes. */
    public static DecisionLog to(Writer out, Set<String> masked) {
        return new DecisionLog(out, false, masked);
    }

    /** Writes the line for one decision. */
    @Override
    public void accept(Decision decision) {
        DeviceProfile source = decision.source();
        DeviceProfile target = decision.target();
        Verdict verdict = decision.verdict();
        boolean cacheHit = decision.cacheHit();
        // Ids are this log's random prefix and a sequence number: unique across processes, ordered within one.
        String id = idPrefix + "-" + String.format("%012d", sequence.incrementAndGet());
        String time = DateTimeFormatter.ISO_INSTANT.format(decision.time());
        StringWriter line = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(line)) {
            g.writeStartObject();
            string(g, "decisionId", id);
            string(g, "time", time);
            string(g, "packId", verdict.packId());
            string(g, "packVersion", verdict.packVersion());
            string(g, "packDigest", verdict.packDigest());
            profile(g, "source", source);
            profile(g, "target", target);
            string(g, "level", verdict.level().name());
            string(g, "limit", verdict.limit().map(Enum::name).orElse(null));
            if (masked.contains("score")) {
                g.writeStringField("score", MASK);
            } else {
                g.writeNumberField("score", verdict.score());
            }
            string(g, "reason", verdict.reason());
            list(g, "rules", verdict.rules());
            list(g, "firedRules", verdict.firedRules());
            if (masked.contains("cacheHit")) {
                g.writeStringField("cacheHit", MASK);
            } else {
                g.writeBooleanField("cacheHit", cacheHit);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        line.write('\n');
        write(line.toString());
    }

    private synchronized void write(String line) {
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            if (failedWrites++ == 0) {
                LOG.warn("cannot write the decision log: {}; decisions go on unlogged", e.toString());
            }
        }
    }

    /** Lines that could not be written. */
    public synchronized long failedWrites() {
        return failedWrites;
    }

    private void string(JsonGenerator g, String field, String value) throws IOException {
        if (masked.contains(field)) {
            g.writeStringField(field, MASK);
        } else if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }

    private void list(JsonGenerator g, String field, List<String> values) throws IOException {
        if (masked.contains(field)) {
            g.writeStringField(field, MASK);
            return;
        }
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private void profile(JsonGenerator g, String field, DeviceProfile p) throws IOException {
        if (masked.contains(field)) {
            g.writeStringField(field, MASK);
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeStringField("kind", p.getKind().name());
        g.writeStringField("deviceApi", p.getDeviceApi());
        g.writeStringField("migrationType", p.getMigrationType());
        g.writeStringField("migrationVersion", p.getMigrationVersion());
        if (!p.getParentModel().isEmpty()) {
            g.writeStringField("parentModel", p.getParentModel());
        }
        if (!p.getAttributes().isEmpty()) {
            g.writeObjectFieldStart("attributes");
            for (Map.Entry<String, String> a : p.getAttributes().entrySet()) {
                g.writeStringField(a.getKey(), a.getValue());
            }
            g.writeEndObject();
        }
        if (!p.getHost().isEmpty()) {
            g.writeObjectFieldStart("software");
            hostField(g, "kernel", p.getHost().getKernel());
            hostField(g, "qemu", p.getHost().getQemu());
            hostField(g, "libvirt", p.getHost().getLibvirt());
            hostField(g, "osId", p.getHost().getOsId());
            hostField(g, "osVersion", p.getHost().getOsVersion());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void hostField(JsonGenerator g, String name, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }

    /** Flushes, and closes the file when the log opened it. */
    @Override
    public synchronized void close() {
        try {
            out.flush();
            if (ownsWriter) {
                out.close();
            }
        } catch (IOException e) {
            LOG.warn("cannot close the decision log: {}", e.toString());
        }
    }
}
