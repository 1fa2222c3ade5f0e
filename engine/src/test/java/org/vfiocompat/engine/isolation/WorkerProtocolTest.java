package org.vfiocompat.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.compile.VerifiedBuild;
import org.vfiocompat.engine.drl.PackRule;
import org.vfiocompat.engine.pack.PlatformScope;
import org.vfiocompat.engine.pack.TypeCompatibility;
import org.vfiocompat.engine.pack.VerifiedPack;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.TableRow;

/**
 * The hello on the wire, without a worker JVM: a pack crosses with every part it has (and the
 * layout stays the one workers of the same build read), and a hello that is cut short, or whose
 * lengths lie past the bounds, or that names no device kind, is an IOException, never an
 * OutOfMemoryError or another exception.
 */
class WorkerProtocolTest {

    private static final EvaluationLimits LIMITS = new EvaluationLimits(500, 50, Duration.ofMillis(1500), 4);
    /** The last file of the build below, whose length prefix the oversize test rewrites. */
    private static final byte[] CLASS_BYTES = {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61};
    /** What follows the pack in a hello: four ints, a long and the thread count. */
    private static final int HELLO_TRAILER = 4 + 4 + 8 + 4 + 4;

    /** A pack with every optional part, and strings that are not ASCII. */
    private static VerifiedPack fullPack() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("META-INF/kmodule.xml", "<kmodule/>".getBytes(StandardCharsets.UTF_8));
        files.put("packs/acme/Rules.class", CLASS_BYTES);
        return new VerifiedPack("/packs/acme", "acme", "1.2.0", "Acmé", "sha256:00ff", List.of("acme-", "acme2-"),
                new PlatformScope(EnumSet.of(DeviceKind.PHYS)),
                List.of(new TypeCompatibility.Entry("acme-a", List.of("=", "acme2-"))),
                List.of(TableRow.of("limits", Map.of("max", "4", "name", "größe"))),
                List.of(new PackRule("same version", "acme/rules/main.drl", 5), new PackRule("older", "acme/rules/main.drl", 12)),
                VerifiedBuild.of(files));
    }

    private static byte[] hello(VerifiedPack pack) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WorkerProtocol.writeHello(new DataOutputStream(bytes), new WorkerProtocol.Hello(pack, LIMITS, 3));
        return bytes.toByteArray();
    }

    private static WorkerProtocol.Hello read(byte[] bytes) throws IOException {
        return WorkerProtocol.readHello(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    @Test
    void aPackCrossesWithEveryPartAndTheBytesOfItsBuild() throws IOException {
        VerifiedPack sent = fullPack();
        WorkerProtocol.Hello got = read(hello(sent));
        VerifiedPack pack = got.pack();

        assertThat(List.of(pack.location(), pack.id(), pack.version(), pack.vendor(), pack.digest()))
                .containsExactly("/packs/acme", "acme", "1.2.0", "Acmé", "sha256:00ff");
        assertThat(pack.namespaces()).containsExactly("acme-", "acme2-");
        assertThat(pack.platform()).isEqualTo(sent.platform());
        assertThat(pack.types()).isEqualTo(sent.types());
        assertThat(pack.tableRows()).extracting(TableRow::getTable, TableRow::getCells)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("limits", Map.of("max", "4", "name", "größe")));
        assertThat(pack.rules()).isEqualTo(sent.rules());
        assertThat(pack.build().names()).containsExactly("META-INF/kmodule.xml", "packs/acme/Rules.class");
        assertThat(pack.build().bytesShared("packs/acme/Rules.class")).isEqualTo(CLASS_BYTES);
        assertThat(got.limits()).isEqualTo(LIMITS);
        assertThat(got.threads()).isEqualTo(3);
        // What the worker read it sends as it came: nothing of the pack is lost or reordered.
        assertThat(hello(pack)).isEqualTo(hello(sent));
    }

    @Test
    void aPackWithoutPlatformOrTypesCrossesWithout() throws IOException {
        VerifiedPack bare = new VerifiedPack("p", "p", "1", "v", "d", List.of("p-"), null, null, List.of(), List.of(),
                VerifiedBuild.of(Map.of()));
        VerifiedPack got = read(hello(bare)).pack();
        assertThat(got.platform()).isNull();
        assertThat(got.types()).isNull();
        assertThat(got.build().names()).isEmpty();
    }

    /** The layout, byte for byte: a change to it is one a reviewer sees here, not by accident. */
    @Test
    void theLayoutIsLengthPrefixedFieldsInTheirOrder() throws IOException {
        VerifiedPack pack = new VerifiedPack("L", "i", "v", "V", "d", List.of("n-"), new PlatformScope(EnumSet.of(DeviceKind.MDEV)),
                null, List.of(TableRow.of("t", Map.of("k", "x"))), List.of(new PackRule("r", "f", 7)),
                VerifiedBuild.of(Map.of("a", new byte[] {9})));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream e = new DataOutputStream(expected);
        for (String s : List.of("L", "i", "v", "V", "d")) {
            e.writeInt(1);
            e.writeBytes(s);
        }
        e.writeInt(1);                                           // namespaces
        e.writeInt(2);
        e.writeBytes("n-");
        e.writeBoolean(true);                                    // a platform, its kinds
        e.writeInt(1);
        e.writeInt(4);
        e.writeBytes("MDEV");
        e.writeBoolean(false);                                   // no type declaration
        e.writeInt(1);                                           // table rows: table, cells
        e.writeInt(1);
        e.writeBytes("t");
        e.writeInt(1);
        e.writeInt(1);
        e.writeBytes("k");
        e.writeInt(1);
        e.writeBytes("x");
        e.writeInt(1);                                           // rules: name, file, line
        e.writeInt(1);
        e.writeBytes("r");
        e.writeInt(1);
        e.writeBytes("f");
        e.writeInt(7);
        e.writeInt(1);                                           // build files: name, bytes
        e.writeInt(1);
        e.writeBytes("a");
        e.writeInt(1);
        e.writeByte(9);
        e.writeInt(500);                                         // limits, threads
        e.writeInt(50);
        e.writeLong(Duration.ofMillis(1500).toNanos());
        e.writeInt(4);
        e.writeInt(3);
        assertThat(hello(pack)).isEqualTo(expected.toByteArray());
    }

    /** A hello cut anywhere (the engine died while it wrote, say) ends the read at once. */
    @Test
    void aHelloCutShortAnywhereIsAnEndOfStream() throws IOException {
        byte[] whole = hello(fullPack());
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> read(part)).as("cut after %d of %d bytes", cut, whole.length)
                    .isInstanceOf(EOFException.class);
        }
    }

    @Test
    void aBuildFileLongerThanTheBoundIsRefusedBeforeItIsRead() throws IOException {
        byte[] bytes = hello(fullPack());
        int lengthAt = bytes.length - HELLO_TRAILER - CLASS_BYTES.length - 4;
        assertThat(ByteBuffer.wrap(bytes).getInt(lengthAt)).isEqualTo(CLASS_BYTES.length);

        ByteBuffer.wrap(bytes).putInt(lengthAt, WorkerProtocol.MAX_PACK_FILE + 1);
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).isNotInstanceOf(EOFException.class)
                .hasMessage((WorkerProtocol.MAX_PACK_FILE + 1) + " bytes in build file packs/acme/Rules.class (at most "
                        + WorkerProtocol.MAX_PACK_FILE + ")");

        // At the bound, a length is believed only as far as bytes arrive: the stream ends first.
        ByteBuffer.wrap(bytes).putInt(lengthAt, WorkerProtocol.MAX_PACK_FILE);
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(EOFException.class)
                .hasMessageContaining("of " + WorkerProtocol.MAX_PACK_FILE + " bytes in build file");

        ByteBuffer.wrap(bytes).putInt(lengthAt, -1);
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).hasMessageContaining("-1 bytes in build file");
    }

    @Test
    void aStringOrACountPastItsBoundIsRefused() throws IOException {
        byte[] longLocation = ByteBuffer.allocate(4).putInt(WorkerProtocol.MAX_PACK_STRING + 1).array();
        assertThatThrownBy(() -> read(longLocation)).isInstanceOf(IOException.class)
                .hasMessage((WorkerProtocol.MAX_PACK_STRING + 1) + " bytes in a string (at most " + WorkerProtocol.MAX_PACK_STRING + ")");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (int i = 0; i < 5; i++) {
            out.writeInt(0);                                     // location, id, version, vendor, digest: empty
        }
        out.writeInt(Integer.MAX_VALUE);                         // namespaces
        assertThatThrownBy(() -> read(bytes.toByteArray())).isInstanceOf(IOException.class)
                .hasMessage(Integer.MAX_VALUE + " list entries (at most " + WorkerProtocol.MAX_PACK_LIST + ")");
    }

    /** Was an IllegalArgumentException out of DeviceKind.valueOf, which no caller of the read expects. */
    @Test
    void aPlatformKindThatIsNoDeviceKindIsAnIOException() throws IOException {
        byte[] bytes = hello(fullPack());
        byte[] phys = "PHYS".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, phys);
        assertThat(indexOf(Arrays.copyOfRange(bytes, at + 1, bytes.length), phys)).as("PHYS only once").isEqualTo(-1);
        bytes[at + 3] = 'Z';
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).hasMessage("not a DeviceKind: PHYZ");
    }

    private static int indexOf(byte[] in, byte[] what) {
        for (int i = 0; i + what.length <= in.length; i++) {
            if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }
}
