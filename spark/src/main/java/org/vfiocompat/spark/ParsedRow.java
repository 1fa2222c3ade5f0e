package org.vfiocompat.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What reading one host row gives, one Spark row each: its assigned devices (sources), its free
 * devices and creatable types (candidates), the host itself (for the uniqueness of host names
 * across rows and files), or the reason the row is bad.
 *
 * <p>Every row says where it was read: the file, the split of the file ({@code part}, the
 * partition of an NDJSON file; 0 for Parquet and documents) and the row within that split
 * (for Parquet the file's own row index, from 1). An NDJSON line's number in its file is known
 * only once the lines of the splits before it are counted, which only bad rows need
 * ({@link RowNumbers}): counting them for every input would be a pass over all of it.
 */
final class ParsedRow {

    static final String SOURCE = "source";
    static final String CANDIDATE = "candidate";
    static final String HOST = "host";
    /** A profile the rows of a chunk name by its key ({@link ProfileCodec#key}), with its JSON: once a chunk, not once a device. */
    static final String PROFILE = "profile";
    /** A bad row whose place is complete. */
    static final String BAD = "bad";
    /** A bad NDJSON line: its place is completed by {@code line N}, N its line in the file, once that is known. */
    static final String BAD_LINE = "bad line";

    /**
     * {@code what}: one of the constants; {@code profile}: the profile's key ({@link ProfileCodec#key}: rows carry 22
     * characters through every distinct, join and sort, not the profile's JSON); {@code json}: on a {@link #PROFILE}
     * row, the profile ({@link ProfileCodec#encode}); {@code targetKind}: EXISTING or CREATABLE.
     */
    static final StructType SCHEMA = new StructType()
            .add("what", DataTypes.StringType, false)
            .add("host", DataTypes.StringType, true)
            .add("id", DataTypes.StringType, true)
            .add("profile", DataTypes.StringType, true)
            .add("targetKind", DataTypes.StringType, true)
            .add("vm", DataTypes.StringType, true)
            .add("capacity", DataTypes.IntegerType, false)
            .add("file", DataTypes.StringType, false)
            .add("part", DataTypes.IntegerType, false)
            .add("row", DataTypes.LongType, false)
            .add("place", DataTypes.StringType, true)
            .add("reason", DataTypes.StringType, true)
            .add("json", DataTypes.StringType, true);

    private ParsedRow() {
    }

    static Row source(String host, String id, String profile, String vm, String file, int part, long row) {
        return RowFactory.create(SOURCE, host, id, profile, null, vm, 0, file, part, row, null, null, null);
    }

    static Row candidate(String host, String id, String profile, String targetKind, int capacity, String file, int part, long row) {
        return RowFactory.create(CANDIDATE, host, id, profile, targetKind, null, capacity, file, part, row, null, null, null);
    }

    static Row host(String host, String file, int part, long row) {
        return RowFactory.create(HOST, host, null, null, null, null, 0, file, part, row, null, null, null);
    }

    /** Profile {@code key} is {@code json}; placed where the first row naming it is. */
    static Row profile(String key, String json, String file, int part, long row) {
        return RowFactory.create(PROFILE, null, null, key, null, null, 0, file, part, row, null, null, json);
    }

    /**
     * A bad row: {@code place} is the JSON pointer (or Parquet column) inside it, {@code reason}
     * what is wrong; with {@code lineFirst}, {@code place} follows the line's number ({@link #BAD_LINE}).
     */
    static Row bad(String file, int part, long row, boolean lineFirst, String place, String reason) {
        return RowFactory.create(lineFirst ? BAD_LINE : BAD, null, null, null, null, null, 0, file, part, row, place, reason, null);
    }
}
