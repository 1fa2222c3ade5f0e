package org.vfiocompat.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * The bad rows of a run: the reader's problems, and every row but the first naming a host
 * already named. They are found without the NDJSON lines' numbers in their files (rows are
 * placed by split and ordinal, {@link ParsedRow}), and named ({@link #named}: file, row, place,
 * reason) only when they are reported, which is when the lines before them are counted.
 */
final class BadRows {

    private static final String DUPLICATE = "duplicate";

    private final SparkSession spark;
    private final RowNumbers numbers;
    /** what, file, part, row, place, reason, host, firstFile, firstPart, firstRow: a duplicate's reason is made when it is named. */
    private final Dataset<Row> found;

    BadRows(SparkSession spark, Dataset<Row> parsed, RowNumbers numbers) {
        this.spark = spark;
        this.numbers = numbers;
        Dataset<Row> hosts = parsed.where(col("what").equalTo(ParsedRow.HOST))
                .withColumn("n", row_number().over(Window.partitionBy("host").orderBy("file", "part", "row")));
        Dataset<Row> firsts = hosts.where(col("n").equalTo(1))
                .select(col("host"), col("file").as("firstFile"), col("part").as("firstPart"), col("row").as("firstRow"));
        Dataset<Row> duplicates = hosts.where(col("n").gt(1)).join(firsts, "host")
                .select(lit(DUPLICATE).as("what"), col("file"), col("part"), col("row"), lit("at /name").as("place"),
                        lit(null).cast(DataTypes.StringType).as("reason"), col("host"), col("firstFile"), col("firstPart"), col("firstRow"));
        this.found = parsed.where(col("what").isin(ParsedRow.BAD, ParsedRow.BAD_LINE))
                .select(col("what"), col("file"), col("part"), col("row"), col("place"), col("reason"),
                        lit(null).cast(DataTypes.StringType).as("host"), lit(null).cast(DataTypes.StringType).as("firstFile"),
                        lit(null).cast(DataTypes.IntegerType).as("firstPart"), lit(null).cast(DataTypes.LongType).as("firstRow"))
                .union(duplicates).persist();
    }

    /** The rows to leave out: file, part, row. */
    Dataset<Row> places() {
        return found.select("file", "part", "row").distinct();
    }

    long count() {
        return found.count();
    }

    /** The first {@code n} bad rows by file and row, each as "FILE PLACE: REASON". */
    List<String> first(int n) {
        List<String> out = new ArrayList<>();
        for (Row r : named(found.orderBy("file", "part", "row").limit(n)).orderBy("file", "row").collectAsList()) {
            out.add(r.getString(0) + " " + r.getString(2) + ": " + r.getString(3));
        }
        return out;
    }

    /** Every bad row: file, row (the line of an NDJSON file, from 1), place, reason. */
    Dataset<Row> named() {
        return named(found);
    }

    private Dataset<Row> named(Dataset<Row> bad) {
        List<String> files = new ArrayList<>();
        for (Row r : bad.select("file").union(bad.where(col("firstFile").isNotNull()).select("firstFile")).distinct().collectAsList()) {
            files.add(r.getString(0));
        }
        Dataset<Row> starts = broadcast(numbers.starts(spark, files));
        Dataset<Row> firstStarts = starts.select(col("file").as("firstFile"), col("part").as("firstPart"), col("before").as("firstBefore"));
        Dataset<Row> placed = bad.join(starts, new String[] {"file", "part"}, "left")
                .join(firstStarts, new String[] {"firstFile", "firstPart"}, "left")
                .withColumn("row", col("row").plus(coalesce(col("before"), lit(0L))))
                .withColumn("firstRow", col("firstRow").plus(coalesce(col("firstBefore"), lit(0L))));
        return placed.select(col("file"), col("row"),
                when(col("what").equalTo(ParsedRow.BAD_LINE), concat(lit("line "), col("row"), col("place"))).otherwise(col("place")).as("place"),
                when(col("what").equalTo(DUPLICATE), concat(lit("host '"), col("host"), lit("' appears twice (first in "), col("firstFile"),
                        lit(" row "), col("firstRow"), lit(")"))).otherwise(col("reason")).as("reason"));
    }
}
