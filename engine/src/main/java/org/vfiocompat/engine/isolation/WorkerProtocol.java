package org.vfiocompat.engine.isolation;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.VerifiedPack;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * The frames between the engine and a worker, over the worker's standard input and its
 * descriptor 3 (not its standard output, where the JVM itself may print: {@link WorkerLaunch}):
 * binary (length-prefixed UTF-8 strings, counts before lists), read with bounds on both sides,
 * since a worker runs untrusted code and may send anything.
 * <ul>
 *   <li>hello (engine to worker): the pack as the engine verified it, the bytes of its build
 *       included ({@link VerifiedPack}), limits, how many threads the worker evaluates on;</li>
 *   <li>ready (worker to engine): a flag, and the reason when the pack did not load;</li>
 *   <li>request: a count, then that many numbered pairs (number, source, target, creatable): a
 *       batch's pairs cross the boundary in requests of up to {@link #MAX_BATCH}, several of
 *       them in flight at once;</li>
 *   <li>answer: a pair's number and its verdict, one frame per pair, in the order the worker
 *       finishes them (its threads work in parallel); the worker flushes them at least every
 *       few milliseconds, so answers stream back while later pairs are evaluated, and the engine
 *       sees progress pair by pair (its deadline is per pair, not per request).</li>
 * </ul>
 */
final class WorkerProtocol {

    /** The longest string either side accepts: far above any profile field or reason the engine allows. */
    static final int MAX_STRING = 64 * 1024;
    /** The most pairs in one request, and so verdicts in one response. */
    static final int MAX_BATCH = 100_000;
    private static final int MAX_LIST = 10_000;

    private WorkerProtocol() {
    }

    record Hello(VerifiedPack pack, EvaluationLimits limits, int threads) {
    }

    /** A pair and the number its answer comes back under. */
    record Numbered(int number, Pair pair) {
    }

    /** A verdict and the number of the pair it answers. */
    record Answer(int number, Verdict verdict) {
    }

    /** The most threads a worker evaluates on. */
    static final int MAX_THREADS = 64;

    static void writeHello(DataOutputStream out, Hello hello) throws IOException {
        hello.pack().write(out);
        out.writeInt(hello.limits().maxFiringsPerPair());
        out.writeInt(hello.limits().maxFindingsPerPair());
        out.writeLong(hello.limits().deadline().toNanos());
        out.writeInt(hello.limits().quarantineAfter());
        out.writeInt(hello.threads());
        out.flush();
    }

    static Hello readHello(DataInputStream in) throws IOException {
        VerifiedPack pack = VerifiedPack.read(in);
        EvaluationLimits limits = new EvaluationLimits(in.readInt(), in.readInt(), Duration.ofNanos(in.readLong()), in.readInt());
        int threads = bounded(in.readInt(), MAX_THREADS, "threads");
        return new Hello(pack, limits, Math.max(1, threads));
    }

    /** Pairs {@code from} to {@code to} of {@code pairs}, numbered by their place in it. */
    static void writeRequest(DataOutputStream out, List<Pair> pairs, int from, int to) throws IOException {
        out.writeInt(to - from);
        for (int i = from; i < to; i++) {
            Pair p = pairs.get(i);
            out.writeInt(i);
            writeProfile(out, p.source());
            writeProfile(out, p.target());
            out.writeBoolean(p.creatable());
        }
        out.flush();
    }

    /** The next request, or null at the end of the input (the engine is gone). */
    static List<Numbered> readRequest(DataInputStream in) throws IOException {
        int n;
        try {
            n = in.readInt();
        } catch (java.io.EOFException e) {
            return null;
        }
        int count = bounded(n, MAX_BATCH, "pairs");
        List<Numbered> pairs = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            int number = in.readInt();
            pairs.add(new Numbered(number, new Pair(readProfile(in), readProfile(in), in.readBoolean())));
        }
        return pairs;
    }

    /** One answer; not flushed (the worker flushes a few at a time). */
    static void writeAnswer(DataOutputStream out, int number, Verdict v) throws IOException {
        out.writeInt(number);
        writeString(out, v.level().name());
        writeString(out, v.limit().map(Enum::name).orElse(""));
        out.writeInt(v.score());
        writeString(out, v.reason());
        writeString(out, v.packId());
        writeString(out, v.packVersion());
        writeList(out, v.rules());
        writeList(out, v.firedRules());
        writeString(out, v.packDigest());
    }

    /**
     * The next answer, its number checked against the {@code asked} pairs, or an IOException
     * naming what the worker sent instead. Whether the pair was already answered is the
     * caller's to check.
     */
    static Answer readAnswer(DataInputStream in, int asked) throws IOException {
        int number = in.readInt();
        if (number < 0 || number >= asked) {
            throw new IOException("an answer to pair " + number + " of " + asked + " asked");
        }
        Level level = parse(Level.class, readString(in));
        String limit = readString(in);
        int score = in.readInt();
        String reason = readString(in);
        String packId = readString(in);
        String packVersion = readString(in);
        List<String> rules = readList(in);
        List<String> fired = readList(in);
        String digest = readString(in);
        return new Answer(number, new Verdict(level, limit.isEmpty() ? Optional.empty() : Optional.of(parse(Limit.class, limit)),
                score, reason, packId, packVersion, rules, fired, digest));
    }

    static void writeProfile(DataOutputStream out, DeviceProfile p) throws IOException {
        writeString(out, p.getKind().name());
        writeString(out, p.getDeviceApi());
        writeString(out, p.getMigrationType());
        writeString(out, p.getMigrationVersion());
        writeString(out, p.getParentModel() == null ? "" : p.getParentModel());
        Map<String, String> attributes = p.getAttributes();
        out.writeInt(attributes.size());
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    static DeviceProfile readProfile(DataInputStream in) throws IOException {
        DeviceProfile.Builder b = DeviceProfile.builder(parse(DeviceKind.class, readString(in)))
                .deviceApi(readString(in)).migrationType(readString(in)).migrationVersion(readString(in))
                .parentModel(readString(in));
        int n = bounded(in.readInt(), MAX_LIST, "attributes");
        for (int i = 0; i < n; i++) {
            b.attribute(readString(in), readString(in));
        }
        return b.build();
    }

    private static void writeList(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            writeString(out, v);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = bounded(in.readInt(), MAX_LIST, "list entries");
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(readString(in));
        }
        return out;
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = bounded(in.readInt(), MAX_STRING, "bytes in a string");
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new java.io.EOFException("the stream ended inside a string");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int bounded(int n, int max, String what) throws IOException {
        if (n < 0 || n > max) {
            throw new IOException(n + " " + what + " (at most " + max + ")");
        }
        return n;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name) throws IOException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a " + type.getSimpleName() + ": " + name);
        }
    }
}
