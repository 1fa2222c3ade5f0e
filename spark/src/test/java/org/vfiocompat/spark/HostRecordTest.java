package org.vfiocompat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;

/**
 * Hosts come back from Spark's own serializer, as a shuffle writes and reads them, with every
 * field as it was: strings of any length and script, null VMs, strings shared between hosts, and
 * more hosts than the stream holds back-references for between its resets.
 */
class HostRecordTest {

    private static final ClassTag<HostRecord> TAG = scala.reflect.ClassTag$.MODULE$.apply(HostRecord.class);
    private static final String[] ALPHABET = {"a", "Z", "0", "-", ":", "é", "ß", "中", "😀", "\u0000"};

    @Property(tries = 60)
    void hostsComeBackFromSparksSerializerAsTheyWere(@ForAll @IntRange(min = 1, max = 260) int count, @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        List<HostRecord> hosts = new ArrayList<>();
        for (int h = 0; h < count; h++) {
            hosts.add(host(random, h));
        }
        SerializerInstance serializer = new JavaSerializer(new SparkConf()).newInstance();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SerializationStream out = serializer.serializeStream(bytes);
        for (HostRecord h : hosts) {
            out.writeObject(h, TAG);
        }
        out.close();
        DeserializationStream in = serializer.deserializeStream(new ByteArrayInputStream(bytes.toByteArray()));
        for (HostRecord expected : hosts) {
            HostRecord actual = in.readObject(TAG);
            assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        }
        in.close();
    }

    private static HostRecord host(Random random, int h) {
        int n = random.nextInt(4);
        int m = random.nextInt(5);
        String[] sourceIds = new String[n];
        String[] sourceProfiles = new String[n];
        String[] sourceVms = new String[n];
        for (int i = 0; i < n; i++) {
            sourceIds[i] = text(random, 1 + random.nextInt(12));
            sourceProfiles[i] = "p" + random.nextInt(3);
            sourceVms[i] = random.nextInt(4) == 0 ? null : text(random, random.nextInt(10));
        }
        String[] candidateIds = new String[m];
        String[] candidateProfiles = new String[m];
        String[] candidateKinds = new String[m];
        int[] capacities = new int[m];
        for (int i = 0; i < m; i++) {
            candidateIds[i] = text(random, 1 + random.nextInt(12));
            candidateProfiles[i] = "p" + random.nextInt(3);
            candidateKinds[i] = random.nextBoolean() ? "EXISTING" : "CREATABLE";
            capacities[i] = random.nextInt(5);
        }
        // Now and then a name longer than DataOutput.writeUTF takes (65,535 bytes).
        String name = random.nextInt(50) == 0 ? "h".repeat(70_000) + h : "host-" + h + text(random, 3);
        return new HostRecord(name, random.nextBoolean() ? "file:/lake/a.ndjson" : "file:/lake/b.parquet", random.nextInt(8),
                random.nextInt(1_000_000), sourceIds, sourceProfiles, sourceVms, candidateIds, candidateProfiles, candidateKinds, capacities);
    }

    private static String text(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return s.toString();
    }
}
