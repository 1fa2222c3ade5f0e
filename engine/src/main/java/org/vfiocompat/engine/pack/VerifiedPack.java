package org.vfiocompat.engine.pack;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kie.api.KieBase;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.Signature;
import org.vfiocompat.engine.compile.CompiledPack;
import org.vfiocompat.engine.compile.GeneratedModelCheck;
import org.vfiocompat.engine.compile.PackCompiler;
import org.vfiocompat.engine.compile.PackIdentity;
import org.vfiocompat.engine.compile.VerifiedBuild;
import org.vfiocompat.engine.drl.PackRule;
import org.vfiocompat.engine.trust.TrustGrants;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.TableRow;

/**
 * A pack the engine loaded, as it crosses to the worker JVM that evaluates it: what the engine's
 * checks made of the pack (its identity, rules, type declaration and table rows) and the bytes of
 * its build those checks passed ({@link VerifiedBuild}). The worker makes its module of these bytes
 * and creates the KieBase ({@link #load}); it reads nothing of the pack from disk and checks
 * nothing the engine checked, since every one of those checks is a function of these values:
 * checking them again could only give the same answer. It does run what needs the KieBase: the
 * model check, under the load deadline.
 */
public final class VerifiedPack {

    /** The most bytes of one file of a build a worker accepts: far above what the build bounds allow. */
    private static final int MAX_FILE = 64 * 1024 * 1024;
    /** The most entries of any one list a worker accepts. */
    private static final int MAX_LIST = 1 << 20;
    private static final int MAX_STRING = 1 << 20;

    private final String location;
    private final String id;
    private final String version;
    private final String vendor;
    private final String digest;
    private final List<String> namespaces;
    private final PlatformScope platform;
    private final List<TypeCompatibility.Entry> types;
    private final List<TableRow> tableRows;
    private final List<PackRule> rules;
    private final VerifiedBuild build;

    private VerifiedPack(String location, String id, String version, String vendor, String digest, List<String> namespaces,
                         PlatformScope platform, List<TypeCompatibility.Entry> types, List<TableRow> tableRows, List<PackRule> rules,
                         VerifiedBuild build) {
        this.location = location;
        this.id = id;
        this.version = version;
        this.vendor = vendor;
        this.digest = digest;
        this.namespaces = List.copyOf(namespaces);
        this.platform = platform;
        this.types = types == null ? null : List.copyOf(types);
        this.tableRows = List.copyOf(tableRows);
        this.rules = List.copyOf(rules);
        this.build = build;
    }

    /** What the engine hands the worker of {@code pack}. */
    public static VerifiedPack of(LoadedPack pack) {
        return new VerifiedPack(pack.location(), pack.id(), pack.version(), pack.vendor(), pack.digest(), pack.namespaces(),
                pack.platform(), pack.types().entries(), pack.tableRows(), pack.rules(), pack.build());
    }

    /** Where the engine read the pack from, as messages name it. */
    public String location() {
        return location;
    }

    /** The digest the engine loaded the pack with. */
    public String digest() {
        return digest;
    }

    /**
     * The pack with its KieBase, created here from the verified build (the pack's classes are
     * defined and its code may run from here on), then held against its declared rules, both
     * within the load deadline.
     *
     * @throws IllegalStateException saying why, when the KieBase creation or the model check fails
     */
    public LoadedPack load() {
        PackIdentity identity = new PackIdentity(id, version, "packs." + id.replace('-', '_'));
        String manifestName = location + "/" + PackManifest.FILE_NAME;
        CompiledPack compiled = build.module(identity, PackCompiler.releaseId(identity, digest));
        try {
            KieBase kieBase;
            try {
                LoadDeadline deadline = LoadDeadline.start(id, manifestName);
                kieBase = deadline.run("KieBase creation", () -> PackLoader.kieBase(compiled, manifestName));
                List<Problem> problems = GeneratedModelCheck.check(kieBase, rules, manifestName);
                if (!problems.isEmpty()) {
                    throw new PackProblems(problems);
                }
            } catch (PackProblems e) {
                throw new IllegalStateException(e.problems().get(0).toString());
            }
            // The worker's pack needs what its evaluator reads; the rest is the engine's (it
            // projects every profile through the pack's view before a pair is sent, so the
            // worker's view passes what it gets; its signer and grants decide nothing here).
            return new LoadedPack(id, version, vendor, "", namespaces, List.of(), digest,
                    new PackFiles(location, new TreeMap<>()), List.of(), kieBase, tableRows, ProfileView.EVERYTHING,
                    types == null ? TypeCompatibility.ANY : TypeCompatibility.declared(types), rules, Signature.NOT_VERIFIED,
                    platform, List.of(), TrustGrants.NONE, build);
        } finally {
            PackCompiler.release(compiled);
        }
    }

    /** Writes the pack for {@link #read}. */
    public void write(DataOutputStream out) throws IOException {
        for (String s : List.of(location, id, version, vendor, digest)) {
            writeString(out, s);
        }
        writeStrings(out, namespaces);
        out.writeBoolean(platform != null);
        if (platform != null) {
            writeStrings(out, platform.kinds().stream().map(Enum::name).sorted().toList());
        }
        out.writeBoolean(types != null);
        if (types != null) {
            out.writeInt(types.size());
            for (TypeCompatibility.Entry e : types) {
                writeString(out, e.source());
                writeStrings(out, e.targets());
            }
        }
        out.writeInt(tableRows.size());
        for (TableRow row : tableRows) {
            writeString(out, row.getTable());
            out.writeInt(row.getCells().size());
            for (Map.Entry<String, String> cell : row.getCells().entrySet()) {
                writeString(out, cell.getKey());
                writeString(out, cell.getValue());
            }
        }
        out.writeInt(rules.size());
        for (PackRule r : rules) {
            writeString(out, r.name());
            writeString(out, r.file());
            out.writeInt(r.line());
        }
        List<String> names = build.names();
        out.writeInt(names.size());
        for (String name : names) {
            byte[] bytes = build.bytesShared(name);
            writeString(out, name);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    /** Reads what {@link #write} wrote, within bounds (an {@link IOException} past them). */
    public static VerifiedPack read(DataInputStream in) throws IOException {
        String location = readString(in);
        String id = readString(in);
        String version = readString(in);
        String vendor = readString(in);
        String digest = readString(in);
        List<String> namespaces = readStrings(in);
        PlatformScope platform = null;
        if (in.readBoolean()) {
            EnumSet<DeviceKind> kinds = EnumSet.noneOf(DeviceKind.class);
            for (String kind : readStrings(in)) {
                kinds.add(DeviceKind.valueOf(kind));
            }
            platform = new PlatformScope(kinds);
        }
        List<TypeCompatibility.Entry> types = null;
        if (in.readBoolean()) {
            int n = bounded(in.readInt(), MAX_LIST);
            types = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                types.add(new TypeCompatibility.Entry(readString(in), readStrings(in)));
            }
        }
        int rows = bounded(in.readInt(), MAX_LIST);
        List<TableRow> tableRows = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String table = readString(in);
            int cells = bounded(in.readInt(), MAX_LIST);
            Map<String, String> row = new TreeMap<>();
            for (int j = 0; j < cells; j++) {
                row.put(readString(in), readString(in));
            }
            tableRows.add(TableRow.of(table, row));
        }
        int ruleCount = bounded(in.readInt(), MAX_LIST);
        List<PackRule> rules = new ArrayList<>();
        for (int i = 0; i < ruleCount; i++) {
            rules.add(new PackRule(readString(in), readString(in), in.readInt()));
        }
        int fileCount = bounded(in.readInt(), MAX_LIST);
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < fileCount; i++) {
            String name = readString(in);
            files.put(name, readBytes(in, MAX_FILE));
        }
        return new VerifiedPack(location, id, version, vendor, digest, namespaces, platform, types, tableRows, rules,
                VerifiedBuild.of(files));
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            writeString(out, v);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = bounded(in.readInt(), MAX_LIST);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(readString(in));
        }
        return out;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in, MAX_STRING), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in, int max) throws IOException {
        int n = bounded(in.readInt(), max);
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new java.io.EOFException("the stream ended inside the pack");
        }
        return b;
    }

    private static int bounded(int n, int max) throws IOException {
        if (n < 0 || n > max) {
            throw new IOException(n + " entries or bytes in the pack handed over (at most " + max + ")");
        }
        return n;
    }
}
