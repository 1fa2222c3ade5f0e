package org.vfiocompat.engine.isolation;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.compile.VerifiedBuild;
import org.vfiocompat.engine.drl.PackRule;
import org.vfiocompat.engine.pack.PlatformScope;
import org.vfiocompat.engine.pack.TypeCompatibility;
import org.vfiocompat.engine.pack.VerifiedPack;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;
import org.vfiocompat.rules.TableRow;

/**
 * The frames between the engine and a worker, over the worker's standard input and its
 * descriptor 3 (not its standard output, where the JVM itself may print: {@link WorkerLaunch}):
 * binary (length-prefixed UTF-8 strings, counts before lists: {@link Framing}), read with bounds
 * on both sides, since a worker runs untrusted code and may send anything.
 * <ul>
 *   <li>hello (engine to worker): the pack as the engine verified it, the bytes of its build
 *       included ({@link #writePack}), limits, how many threads the worker evaluates on;</li>
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
    // The bounds of the pack in a hello, which the engine sends and the worker reads: far above
    // what the engine's own load bounds let a pack have, so they refuse only a stream that is not
    // a pack (the worker's heap cap bounds what a hello can cost in all).
    /** The longest string of the pack in a hello (a name, a table cell). */
    static final int MAX_PACK_STRING = 1 << 20;
    /** The most entries of any one list of the pack in a hello (namespaces, rows, rules, files). */
    static final int MAX_PACK_LIST = 1 << 20;
    /** The most bytes of one file of a pack's build. */
    static final int MAX_PACK_FILE = 64 * 1024 * 1024;

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
        writePack(out, hello.pack());
        out.writeInt(hello.limits().maxFiringsPerPair());
        out.writeInt(hello.limits().maxFindingsPerPair());
        out.writeLong(hello.limits().deadline().toNanos());
        out.writeInt(hello.limits().quarantineAfter());
        out.writeInt(hello.threads());
        out.flush();
    }

    static Hello readHello(DataInputStream in) throws IOException {
        VerifiedPack pack = readPack(in);
        EvaluationLimits limits = new EvaluationLimits(in.readInt(), in.readInt(), Duration.ofNanos(in.readLong()), in.readInt());
        int threads = Framing.readCount(in, MAX_THREADS, "threads");
        return new Hello(pack, limits, Math.max(1, threads));
    }

    /**
     * The pack of a hello: its identity, namespaces, platform claim and type declaration (each
     * of the last two a flag, then the value when there is one), table rows, rules, then every
     * file of its build, name and bytes, in name order.
     */
    static void writePack(DataOutputStream out, VerifiedPack pack) throws IOException {
        for (String s : List.of(pack.location(), pack.id(), pack.version(), pack.vendor(), pack.digest())) {
            Framing.writeString(out, s);
        }
        Framing.writeStrings(out, pack.namespaces());
        out.writeBoolean(pack.platform() != null);
        if (pack.platform() != null) {
            Framing.writeStrings(out, pack.platform().kinds().stream().map(Enum::name).sorted().toList());
        }
        out.writeBoolean(pack.types() != null);
        if (pack.types() != null) {
            out.writeInt(pack.types().size());
            for (TypeCompatibility.Entry e : pack.types()) {
                Framing.writeString(out, e.source());
                Framing.writeStrings(out, e.targets());
            }
        }
        out.writeInt(pack.tableRows().size());
        for (TableRow row : pack.tableRows()) {
            Framing.writeString(out, row.getTable());
            out.writeInt(row.getCells().size());
            for (Map.Entry<String, String> cell : row.getCells().entrySet()) {
                Framing.writeString(out, cell.getKey());
                Framing.writeString(out, cell.getValue());
            }
        }
        out.writeInt(pack.rules().size());
        for (PackRule r : pack.rules()) {
            Framing.writeString(out, r.name());
            Framing.writeString(out, r.file());
            out.writeInt(r.line());
        }
        List<String> names = pack.build().names();
        out.writeInt(names.size());
        for (String name : names) {
            Framing.writeString(out, name);
            Framing.writeBytes(out, pack.build().bytesShared(name));
        }
    }

    /** What {@link #writePack} wrote, within the pack bounds. */
    static VerifiedPack readPack(DataInputStream in) throws IOException {
        String location = packString(in);
        String id = packString(in);
        String version = packString(in);
        String vendor = packString(in);
        String digest = packString(in);
        List<String> namespaces = packStrings(in);
        PlatformScope platform = null;
        if (in.readBoolean()) {
            EnumSet<DeviceKind> kinds = EnumSet.noneOf(DeviceKind.class);
            for (String kind : packStrings(in)) {
                kinds.add(Framing.parse(DeviceKind.class, kind));
            }
            platform = new PlatformScope(kinds);
        }
        List<TypeCompatibility.Entry> types = null;
        if (in.readBoolean()) {
            int n = Framing.readCount(in, MAX_PACK_LIST, "type entries");
            types = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                types.add(new TypeCompatibility.Entry(packString(in), packStrings(in)));
            }
        }
        int rowCount = Framing.readCount(in, MAX_PACK_LIST, "table rows");
        List<TableRow> tableRows = new ArrayList<>();
        for (int i = 0; i < rowCount; i++) {
            String table = packString(in);
            int cellCount = Framing.readCount(in, MAX_PACK_LIST, "cells in a table row");
            Map<String, String> cells = new TreeMap<>();
            for (int j = 0; j < cellCount; j++) {
                cells.put(packString(in), packString(in));
            }
            tableRows.add(TableRow.of(table, cells));
        }
        int ruleCount = Framing.readCount(in, MAX_PACK_LIST, "rules");
        List<PackRule> rules = new ArrayList<>();
        for (int i = 0; i < ruleCount; i++) {
            rules.add(new PackRule(packString(in), packString(in), in.readInt()));
        }
        int fileCount = Framing.readCount(in, MAX_PACK_LIST, "files in the build");
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < fileCount; i++) {
            String name = packString(in);
            files.put(name, Framing.readBytes(in, MAX_PACK_FILE, "bytes in build file " + name));
        }
        return new VerifiedPack(location, id, version, vendor, digest, namespaces, platform, types, tableRows, rules,
                VerifiedBuild.of(files));
    }

    private static String packString(DataInputStream in) throws IOException {
        return Framing.readString(in, MAX_PACK_STRING);
    }

    private static List<String> packStrings(DataInputStream in) throws IOException {
        return Framing.readStrings(in, MAX_PACK_LIST, MAX_PACK_STRING);
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
        int count = Framing.bounded(n, MAX_BATCH, "pairs");
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
        Framing.writeStrings(out, v.rules());
        Framing.writeStrings(out, v.firedRules());
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
        Level level = Framing.parse(Level.class, readString(in));
        String limit = readString(in);
        int score = in.readInt();
        String reason = readString(in);
        String packId = readString(in);
        String packVersion = readString(in);
        List<String> rules = Framing.readStrings(in, MAX_LIST, MAX_STRING);
        List<String> fired = Framing.readStrings(in, MAX_LIST, MAX_STRING);
        String digest = readString(in);
        return new Answer(number, new Verdict(level, limit.isEmpty() ? Optional.empty() : Optional.of(Framing.parse(Limit.class, limit)),
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
        DeviceProfile.Builder b = DeviceProfile.builder(Framing.parse(DeviceKind.class, readString(in)))
                .deviceApi(readString(in)).migrationType(readString(in)).migrationVersion(readString(in))
                .parentModel(readString(in));
        int n = Framing.readCount(in, MAX_LIST, "attributes");
        for (int i = 0; i < n; i++) {
            b.attribute(readString(in), readString(in));
        }
        return b.build();
    }

    /** A string of the protocol's own frames (a profile field, a verdict's, a refusal's reason). */
    static void writeString(DataOutputStream out, String s) throws IOException {
        Framing.writeString(out, s);
    }

    /** A string of the protocol's own frames, at most {@link #MAX_STRING} bytes. */
    static String readString(DataInputStream in) throws IOException {
        return Framing.readString(in, MAX_STRING);
    }
}
