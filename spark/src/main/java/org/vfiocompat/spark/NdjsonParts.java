package org.vfiocompat.spark;

import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Writes the devices' lines ({@link DeviceResult#SCHEMA}'s {@code line}, UTF-8 bytes already) as
 * NDJSON part files, one a partition, in the partitions' order, through Hadoop's
 * {@code TextOutputFormat} and its committer (task outputs in a temporary folder, moved into
 * place as each task and then the job commits; what Spark SQL's text writer uses underneath).
 *
 * <p>Not through a DataFrame: there each line of 5.6 KiB was converted into Spark's row format,
 * cast to a string and copied out again, on its way to the same file.
 */
final class NdjsonParts {

    private NdjsonParts() {
    }

    /** Writes {@code lines} into folder {@code path}, which must not exist. */
    static void write(JavaRDD<Row> lines, String path, Configuration conf) {
        lines.mapPartitionsToPair(NdjsonParts::texts)
                .saveAsNewAPIHadoopFile(path, NullWritable.class, Text.class, TextOutputFormat.class, conf);
    }

    /**
     * A partition's lines as (nothing, line) pairs. One {@link Text} is refilled for every line:
     * the writer writes each pair before it asks for the next.
     */
    private static Iterator<Tuple2<NullWritable, Text>> texts(Iterator<Row> rows) {
        Text text = new Text();
        Tuple2<NullWritable, Text> pair = new Tuple2<>(NullWritable.get(), text);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Tuple2<NullWritable, Text> next() {
                text.set((byte[]) rows.next().get(DeviceResult.LINE));
                return pair;
            }
        };
    }
}
