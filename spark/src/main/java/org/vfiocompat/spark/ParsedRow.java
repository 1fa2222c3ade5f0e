package org.vfiocompat.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What reading one host row gives, one Spark row each: its assigned devices (sources), its free
 * devices and creatable types (candidates), the host itself (for the uniqueness of host names
 * across rows and files), or the reason the row is bad.
 */
final class ParsedRow {

    static final String SOURCE = "source";
    static final String CANDIDATE = "candidate";
    static final String HOST = "host";
    static final String BAD = "bad";

    /** {@code what}: one of the constants; {@code profile}: {@link ProfileCodec}; {@code targetKind}: EXISTING or CREATABLE. */
    static final StructType SCHEMA = new StructType()
            .add("what", DataTypes.StringType, false)
            .add("host", DataTypes.StringType, true)
            .add("id", DataTypes.StringType, true)
            .add("profile", DataTypes.StringType, true)
            .add("targetKind", DataTypes.StringType, true)
            .add("vm", DataTypes.StringType, true)
            .add("capacity", DataTypes.IntegerType, false)
            .add("file", DataTypes.StringType, false)
            .add("row", DataTypes.LongType, false)
            .add("place", DataTypes.StringType, true)
            .add("reason", DataTypes.StringType, true);

    private ParsedRow() {
    }

    static Row source(String host, String id, String profile, String vm, String file, long row) {
        return RowFactory.create(SOURCE, host, id, profile, null, vm, 0, file, row, null, null);
    }

    static Row candidate(String host, String id, String profile, String targetKind, int capacity, String file, long row) {
        return RowFactory.create(CANDIDATE, host, id, profile, targetKind, null, capacity, file, row, null, null);
    }

    static Row host(String host, String file, long row) {
        return RowFactory.create(HOST, host, null, null, null, null, 0, file, row, null, null);
    }

    /** A bad row: {@code place} is the JSON pointer (or Parquet column) inside it, {@code reason} what is wrong. */
    static Row bad(String file, long row, String place, String reason) {
        return RowFactory.create(BAD, null, null, null, null, null, 0, file, row, place, reason);
    }
}
