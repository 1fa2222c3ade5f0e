package org.vfiocompat.spark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Where each split of an NDJSON input starts, in lines: what turns a row's place in its split
 * ({@link ParsedRow}) into its line in the file. Counting is a pass over the files, so it is done
 * only for the files that have bad rows, when they are named; the good rows never need it (a
 * line's number numbered every input before, a pass over all of it on every run).
 */
final class RowNumbers {

    /** The lines of the splits of {@code file} before split {@code part}. */
    static final StructType STARTS = new StructType()
            .add("file", DataTypes.StringType, false)
            .add("part", DataTypes.IntegerType, false)
            .add("before", DataTypes.LongType, false);

    /** The NDJSON inputs, each as the records its rows were read from, split as they were. */
    private final Map<String, JavaRDD<?>> lines = new LinkedHashMap<>();

    /** {@code records}: one element a line of {@code file}, in the partitions its rows were numbered in. */
    void add(String file, JavaRDD<?> records) {
        lines.put(file, records);
    }

    /** {@link #STARTS} of the splits of those of {@code files} that are NDJSON inputs. */
    Dataset<Row> starts(SparkSession spark, Collection<String> files) {
        List<Row> starts = new ArrayList<>();
        for (String file : files) {
            JavaRDD<?> records = lines.get(file);
            if (records == null) {
                continue; // Parquet rows and documents are numbered as read
            }
            List<Long> counts = records.mapPartitions(it -> {
                long n = 0;
                for (; it.hasNext(); it.next()) {
                    n++;
                }
                return List.of(n).iterator();
            }).collect();
            long before = 0;
            for (int part = 0; part < counts.size(); part++) {
                starts.add(RowFactory.create(file, part, before));
                before += counts.get(part);
            }
        }
        return spark.createDataFrame(starts, STARTS);
    }
}
