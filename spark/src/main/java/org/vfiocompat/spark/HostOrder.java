package org.vfiocompat.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * What the read found of one partition of the cached chunks: how many rows the reader refused,
 * and whether the partition's host names, as its hosts come, rise strictly (each after the one
 * before in {@link String#compareTo}, the order the output is sorted in), with the first and the
 * last of them.
 *
 * <p>Why: inventories are often in host order already (a fleet generated or exported by name,
 * {@code inventory collect} outputs concatenated in order, a table written sorted). When every
 * partition rises strictly and each starts after the one before ends ({@link #inOrder}), the
 * names are in the output's order as read, and no name is there twice: the job then neither
 * counts names used twice (a shuffle of every host's name) nor sorts the hosts (the one shuffle
 * of whole hosts), and each partition's lines are made from its cached hosts as they are. Taken
 * in the read's first action, where it costs one comparison of names per host.
 */
record HostOrder(long refused, long hosts, String first, String last, boolean rising) implements Serializable {

    /** The order of one partition's chunks, as the partition is consumed. */
    static HostOrder of(Iterator<ReadChunk> chunks) {
        long refused = 0;
        long hosts = 0;
        String first = null;
        String last = null;
        boolean rising = true;
        while (chunks.hasNext()) {
            ReadChunk c = chunks.next();
            refused += c.bad().size();
            for (HostRecord h : c.hosts()) {
                String name = h.host();
                if (first == null) {
                    first = name;
                } else if (rising && name.compareTo(last) <= 0) {
                    rising = false;
                }
                last = name;
                hosts++;
            }
        }
        return new HostOrder(refused, hosts, first, last, rising);
    }

    /** Whether the partitions, in their order, hold the host names rising strictly from first to last (partitions without hosts aside). */
    static boolean inOrder(List<HostOrder> partitions) {
        String before = null;
        for (HostOrder p : partitions) {
            if (p.hosts == 0) {
                continue;
            }
            if (!p.rising || before != null && p.first.compareTo(before) <= 0) {
                return false;
            }
            before = p.last;
        }
        return true;
    }

    /** The rows the reader refused, over all partitions. */
    static long refused(List<HostOrder> partitions) {
        return partitions.stream().mapToLong(HostOrder::refused).sum();
    }
}
