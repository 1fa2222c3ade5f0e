package org.vfiocompat.engine.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The parallel read of an NDJSON file is the sequential read: for generated fleets, valid or
 * spoilt in the ways a file goes wrong, cut into chunks of any size and read on 2 to 4 threads,
 * the content (and the sharing of equal profiles) or the problems (all of them, in order) are
 * those of {@link InventoryReader#read(byte[], String)}; and whenever the parallel reader vouches
 * for a result itself (no fall-back), the sequential read succeeds with the same content.
 */
class ParallelInventoryReadTest {

    private static final String NAME = "fleet.ndjson";

    /** What is done to a generated fleet before it is read. */
    enum Spoil {
        NONE, HOST_TWICE, HOSTS_OUT_OF_ORDER, DEVICE_ID_TWICE, FIELD_TWICE, ATTRIBUTE_TWICE, NOT_JSON, NULL_VALUE,
        DOCUMENT_LINE, NOT_UTF8, TWO_HOSTS_ON_A_LINE, CUT_SHORT, UNKNOWN_FIELD, MULTI_LINE_HOST
    }

    /** A generated fleet: its hosts, each one line of NDJSON (or more, spoilt). */
    record Fleet(int hosts, long seed, Spoil spoil, boolean crlf, boolean gzip) {
    }

    @Provide
    Arbitrary<Fleet> fleets() {
        return Combinators.combine(Arbitraries.integers().between(1, 60), Arbitraries.longs(),
                Arbitraries.of(Spoil.class), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 9).map(i -> i == 0)).as(Fleet::new);
    }

    @Property(tries = 300)
    void parallelReadIsTheSequentialRead(@ForAll("fleets") Fleet fleet, @ForAll @IntRange(min = 1, max = 3000) int chunkBytes,
                                         @ForAll @IntRange(min = 2, max = 4) int threads) throws IOException {
        byte[] text = ndjson(fleet);
        Path file = Files.createTempFile("parallel-read", fleet.gzip() ? ".ndjson.gz" : ".ndjson");
        try {
            Files.write(file, fleet.gzip() ? gzip(text) : text);
            Result sequential = Result.of(() -> InventoryReader.read(text, NAME));
            List<DeviceProfile> told = java.util.Collections.synchronizedList(new ArrayList<>());
            Result parallel = Result.of(() -> InventoryReader.read(file, NAME, threads, chunkBytes, told::add));
            // Each distinct profile told once, from whichever thread read it first, fall-back or not.
            assertThat(told).doesNotHaveDuplicates();
            assertThat(parallel.problems()).isEqualTo(sequential.problems());
            assertThat(parallel.content()).isEqualTo(sequential.content());
            if (sequential.content() != null) {
                assertThat(distinctInstances(parallel.content())).isEqualTo(distinctInstances(sequential.content()));
                assertThat(Set.copyOf(told)).isEqualTo(Set.copyOf(profiles(parallel.content())));
            }
            // Without its fall-back: when it vouches for a result, it is the sequential one; a
            // valid file of more than one chunk it always reads itself.
            InventoryContent own = ParallelInventoryRead.read(file, NAME, threads, chunkBytes);
            if (own != null) {
                assertThat(own).isEqualTo(sequential.content());
            } else if (!fleet.gzip() && (fleet.spoil() == Spoil.NONE || fleet.spoil() == Spoil.HOSTS_OUT_OF_ORDER)) {
                assertThat(chunks(text, chunkBytes)).as("only a file of one chunk is left to the sequential reader").hasSize(1);
            }
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 200)
    void chunksAreTheInputCutBetweenHosts(@ForAll("fleets") Fleet fleet, @ForAll @IntRange(min = 1, max = 3000) int chunkBytes) throws IOException {
        byte[] text = ndjson(fleet);
        List<byte[]> chunks = chunks(text, chunkBytes);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < chunks.size(); i++) {
            byte[] c = chunks.get(i);
            assertThat(c).isNotEmpty();
            if (i > 0) {
                assertThat((char) c[0]).isEqualTo('{');
            }
            if (i < chunks.size() - 1) {
                String end = new String(c, Math.max(0, c.length - 3), Math.min(3, c.length), StandardCharsets.ISO_8859_1);
                assertThat(end).matches("(?s).*\\}\r?\n");
            }
            joined.writeBytes(c);
        }
        assertThat(joined.toByteArray()).isEqualTo(text);
    }

    private static List<byte[]> chunks(byte[] text, int chunkBytes) throws IOException {
        LineChunks cutter = new LineChunks(new java.io.ByteArrayInputStream(text), chunkBytes);
        List<byte[]> chunks = new ArrayList<>();
        for (byte[] c = cutter.next(); c != null; c = cutter.next()) {
            chunks.add(c);
        }
        return chunks;
    }

    @Test
    void aLargeValidFleetIsReadInPartsAndEqualsTheSequentialRead() throws IOException {
        byte[] text = ndjson(new Fleet(3000, 42, Spoil.NONE, false, false));
        Path file = Files.createTempFile("parallel-read", ".ndjson");
        try {
            Files.write(file, text);
            InventoryContent own = ParallelInventoryRead.read(file, NAME, 2, 16 << 10);
            assertThat(own).isNotNull().isEqualTo(InventoryReader.read(text, NAME));
            assertThat(own.devices()).hasSizeGreaterThan(3000);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aHostTooLongToCutIsLeftToTheSequentialReader() throws IOException {
        // Past LineChunks' limit (1 MiB for small chunks) with no end of a host: parallel chunks
        // that large would hold more than the sequential reader's window.
        StringBuilder b = new StringBuilder("{\"name\":\"first\",\"devices\":[]}\n{\"name\":\"big\",\"devices\":[");
        for (int d = 0; b.length() < (3 << 20) / 2; d++) {
            b.append(d > 0 ? "," : "").append("{\"id\":\"d").append(d)
                    .append("\",\"kind\":\"PHYS\",\"deviceApi\":\"vfio-pci\",\"migrationType\":\"x\",\"migrationVersion\":\"1\"}");
        }
        b.append("]}\n{\"name\":\"last\",\"devices\":[]}\n");
        byte[] text = b.toString().getBytes(StandardCharsets.UTF_8);
        Path file = Files.createTempFile("parallel-read", ".ndjson");
        try {
            Files.write(file, text);
            assertThat(ParallelInventoryRead.read(file, NAME, 2, 1000)).isNull();
            assertThat(InventoryReader.read(file, NAME, 2, 1000, p -> { })).isEqualTo(InventoryReader.read(text, NAME));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void theFirstProblemInFileOrderComesFirstWhicheverPartFindsIt() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int h = 0; h < 400; h++) {
            // An early host named twice (a problem the reading goes on after) and a late syntax
            // error, in different chunks.
            String name = h == 37 ? "host-3" : "host-" + h;
            b.append(h == 390 ? "{\"name\":" : "{\"name\":\"" + name + "\",\"devices\":[]}").append('\n');
        }
        byte[] text = b.toString().getBytes(StandardCharsets.UTF_8);
        Path file = Files.createTempFile("parallel-read", ".ndjson");
        try {
            Files.write(file, text);
            Result sequential = Result.of(() -> InventoryReader.read(text, NAME));
            Result parallel = Result.of(() -> InventoryReader.read(file, NAME, 2, 512, p -> { }));
            assertThat(sequential.problems()).hasSizeGreaterThan(1);
            assertThat(sequential.problems().get(0).location().line()).hasValue(38);
            assertThat(parallel.problems()).isEqualTo(sequential.problems());
        } finally {
            Files.delete(file);
        }
    }

    /** The content, or the problems, of one read. */
    private record Result(InventoryContent content, List<Problem> problems) {
        static Result of(java.util.function.Supplier<InventoryContent> read) {
            try {
                return new Result(read.get(), List.of());
            } catch (InvalidInventoryException e) {
                return new Result(null, e.problems());
            }
        }
    }

    private static List<DeviceProfile> profiles(InventoryContent content) {
        List<DeviceProfile> all = new ArrayList<>();
        content.devices().forEach(d -> all.add(d.profile()));
        content.creatable().forEach(c -> all.add(c.profile()));
        return all;
    }

    private static int distinctInstances(InventoryContent content) {
        Set<DeviceProfile> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (FleetDevice d : content.devices()) {
            seen.add(d.profile());
        }
        content.creatable().forEach(c -> seen.add(c.profile()));
        return seen.size();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The fleet as NDJSON bytes, spoilt as it says at a host chosen by its seed. */
    static byte[] ndjson(Fleet fleet) {
        Random r = new Random(fleet.seed());
        String nl = fleet.crlf() ? "\r\n" : "\n";
        int spoilt = r.nextInt(fleet.hosts());
        List<String> lines = new ArrayList<>();
        for (int h = 0; h < fleet.hosts(); h++) {
            lines.add(host(r, h, h == spoilt ? fleet.spoil() : Spoil.NONE, nl));
        }
        if (fleet.spoil() == Spoil.HOST_TWICE && fleet.hosts() > 1) {
            lines.add(r.nextInt(lines.size()), host(new Random(fleet.seed()), spoilt, Spoil.NONE, nl));
        }
        if (fleet.spoil() == Spoil.HOSTS_OUT_OF_ORDER) {
            java.util.Collections.shuffle(lines, r);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(nl.getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = out.toByteArray();
        if (fleet.spoil() == Spoil.NOT_UTF8) {
            bytes[r.nextInt(bytes.length)] = (byte) 0xC0;
        }
        if (fleet.spoil() == Spoil.CUT_SHORT) {
            bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
        }
        return bytes;
    }

    private static final String[] TYPES = {"i915-GVTg_V5_2", "i915-GVTg_V5_4", "i915-GVTg_V5_8"};

    private static String host(Random r, int index, Spoil spoil, String nl) {
        StringBuilder b = new StringBuilder();
        b.append("{\"name\":\"host-").append(String.format("%04d", index)).append('"');
        if (spoil == Spoil.UNKNOWN_FIELD) {
            b.append(",\"colour\":\"red\"");
        }
        if (spoil == Spoil.FIELD_TWICE) {
            b.append(",\"name\":\"again\"");
        }
        b.append(",\"devices\":[");
        int devices = r.nextInt(5);
        for (int d = 0; d < devices; d++) {
            if (d > 0) {
                b.append(spoil == Spoil.MULTI_LINE_HOST ? "," + nl : ",");
            }
            String type = TYPES[r.nextInt(TYPES.length)];
            String id = spoil == Spoil.DEVICE_ID_TWICE && d > 0 ? "dev-0" : "dev-" + r.nextInt(1000) + "-" + d;
            b.append("{\"id\":\"").append(id).append("\",\"kind\":\"MDEV\",\"parent\":\"0000:00:02.0\",")
                    .append("\"deviceApi\":\"vfio-pci\",\"migrationType\":\"").append(type)
                    .append("\",\"migrationVersion\":\"8086-1912-").append(type).append("-1.9.0\",\"attributes\":{\"resolution\":\"")
                    .append(r.nextBoolean() ? "1920x1080" : "2560x1600").append('"');
            if (spoil == Spoil.ATTRIBUTE_TWICE) {
                b.append(",\"resolution\":\"800x600\"");
            }
            b.append('}');
            if (r.nextInt(3) == 0) {
                b.append(",\"assignedTo\":\"vm-").append(index).append('-').append(d).append('"');
            }
            b.append(spoil == Spoil.NULL_VALUE && d == 0 ? ",\"owner\":null" : "").append('}');
        }
        b.append("],\"mdevParents\":[{\"id\":\"0000:00:02.0\",\"model\":\"Intel HD Graphics 530 (8086:1912)\",\"types\":[");
        for (int t = 0; t < TYPES.length; t++) {
            b.append(t > 0 ? "," : "").append("{\"migrationType\":\"").append(TYPES[t])
                    .append("\",\"deviceApi\":\"vfio-pci\",\"availableInstances\":").append(r.nextInt(3))
                    .append(",\"migrationVersion\":\"8086-1912-").append(TYPES[t]).append("-1.9.0\"}");
        }
        b.append("]}]");
        if (r.nextBoolean()) {
            b.append(",\"software\":{\"kernel\":\"6.1.").append(r.nextInt(3)).append("\",\"qemu\":\"8.2\"}");
        }
        b.append('}');
        String host = b.toString();
        return switch (spoil) {
            case NOT_JSON -> host.substring(0, host.length() / 2) + "]" + host.substring(host.length() / 2);
            case DOCUMENT_LINE -> "{\"version\":1,\"hosts\":[" + host + "]}";
            case TWO_HOSTS_ON_A_LINE -> host + " " + host.replace("\"host-", "\"other-");
            default -> host;
        };
    }
}
