package org.vfiocompat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The read's order of hosts ({@link HostOrder}), taken partition by partition and chunk by chunk,
 * says "in order" exactly when all the names, in the partitions' order, rise strictly: then the
 * job neither sorts the hosts nor counts names used twice, so a false "in order" would give lines
 * out of order or a host twice.
 */
class HostOrderTest {

    private static final String[] NO_TEXT = new String[0];

    @Property(tries = 500)
    void inOrderExactlyWhenAllNamesRiseStrictlyAcrossChunksAndPartitions(
            @ForAll @IntRange(max = 6) int partitions, @ForAll @IntRange(max = 12) int hosts, @ForAll boolean sorted,
            @ForAll long seed) {
        Random random = new Random(seed);
        // Few distinct names (some a prefix of others) so that ties and near-ties are common.
        List<String> names = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            names.add("h" + "-".repeat(random.nextInt(2)) + random.nextInt(hosts + 1));
        }
        if (sorted) {
            names = names.stream().sorted().distinct().toList();
        }
        // Cut into partitions (some empty) and each into chunks (some empty), as the read does.
        List<List<ReadChunk>> cut = new ArrayList<>();
        long refused = 0;
        int next = 0;
        for (int p = 0; p < partitions; p++) {
            List<ReadChunk> chunks = new ArrayList<>();
            int end = p == partitions - 1 ? names.size() : next + random.nextInt(names.size() - next + 1);
            while (next < end || chunks.isEmpty() && random.nextBoolean()) {
                int to = next + random.nextInt(end - next + 1);
                int bad = random.nextInt(2);
                refused += bad;
                chunks.add(chunk(names.subList(next, to), bad));
                next = to;
            }
            cut.add(chunks);
        }
        List<String> read = partitions == 0 ? List.of() : names;

        List<HostOrder> order = cut.stream().map(chunks -> HostOrder.of(chunks.iterator())).toList();

        boolean rising = true;
        for (int i = 1; i < read.size(); i++) {
            rising &= read.get(i).compareTo(read.get(i - 1)) > 0;
        }
        assertThat(HostOrder.inOrder(order)).as("%s in %s", read, cut.stream().map(c -> c.stream().map(ReadChunk::hosts).toList()).toList())
                .isEqualTo(rising);
        assertThat(HostOrder.refused(order)).isEqualTo(refused);
        assertThat(order.stream().mapToLong(HostOrder::hosts).sum()).isEqualTo(read.size());
    }

    private static ReadChunk chunk(List<String> names, int bad) {
        List<HostRecord> hosts = names.stream().map(n -> new HostRecord(n, "file:/lake/a.ndjson", 0, 1, NO_TEXT, NO_TEXT, NO_TEXT,
                NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT, new int[0])).toList();
        List<Row> refused = new ArrayList<>();
        for (int i = 0; i < bad; i++) {
            refused.add(RowFactory.create("bad"));
        }
        return new ReadChunk(hosts, refused, Map.of(), 0);
    }
}
