package org.vfiocompat.spark;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.json.BatchLines;
import org.vfiocompat.rules.DeviceProfile;

/**
 * One assigned device's result: its top K from its profile's ranked list, skipping its own
 * host, as one NDJSON line ({@link BatchLines}, as {@code vfio-compat batch} writes it), with host and id to order and partition by.
 */
final class DeviceResult {

    static final StructType SCHEMA = new StructType()
            .add("host", DataTypes.StringType, false)
            .add("id", DataTypes.StringType, false)
            .add("line", DataTypes.StringType, false);

    private static StructType outcome(StructType t) {
        return t.add("level", DataTypes.StringType).add("limit", DataTypes.StringType).add("score", DataTypes.IntegerType)
                .add("reason", DataTypes.StringType);
    }

    /** A verdict's fields; {@code deciders} only when a platform pack took part, as in the NDJSON. */
    private static final StructType VERDICT = outcome(new StructType())
            .add("pack", DataTypes.StringType).add("packVersion", DataTypes.StringType)
            .add("rules", DataTypes.createArrayType(DataTypes.StringType))
            .add("deciders", DataTypes.createArrayType(outcome(new StructType().add("pack", DataTypes.StringType)
                    .add("packVersion", DataTypes.StringType).add("platform", DataTypes.BooleanType))
                    .add("rules", DataTypes.createArrayType(DataTypes.StringType))));

    private static final StructType SOFTWARE = new StructType()
            .add("kernel", DataTypes.StringType).add("qemu", DataTypes.StringType).add("libvirt", DataTypes.StringType)
            .add("osId", DataTypes.StringType).add("osVersion", DataTypes.StringType);

    private static StructType profileFields(StructType t) {
        return t.add("kind", DataTypes.StringType).add("deviceApi", DataTypes.StringType)
                .add("migrationType", DataTypes.StringType).add("migrationVersion", DataTypes.StringType)
                .add("parentModel", DataTypes.StringType).add("software", SOFTWARE);
    }

    /** A result line's record, as Parquet columns: the NDJSON line's fields, nested and in the order as there. */
    static final DataType RECORD = new StructType()
            .add("type", DataTypes.StringType)
            .add("source", profileFields(new StructType().add("ref", DataTypes.StringType).add("host", DataTypes.StringType)
                    .add("id", DataTypes.StringType).add("vm", DataTypes.StringType)))
            .add("candidates", DataTypes.LongType)
            .add("compatible", DataTypes.LongType)
            .add("stranded", DataTypes.BooleanType)
            .add("targets", DataTypes.createArrayType(profileFields(new StructType().add("rank", DataTypes.IntegerType)
                    .add("ref", DataTypes.StringType).add("host", DataTypes.StringType).add("id", DataTypes.StringType)
                    .add("candidateKind", DataTypes.StringType).add("capacity", DataTypes.IntegerType))
                    .add("verdict", VERDICT)));

    private DeviceResult() {
    }

    /** Each device of {@code rows} (host, id, profile key, vm, candidates, compatible), in their order, with its profile's ranked list. */
    static java.util.Iterator<Row> all(java.util.Iterator<Row> rows, java.util.Map<String, List<String[]>> ranked, ProfileDictionary profiles,
                                      int top) {
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row r = rows.next();
                return of(r, profiles.profile(r.getString(2)), ranked.getOrDefault(r.getString(2), List.of()), top);
            }
        };
    }

    /** From (host, id, profile, vm, candidates, compatible), the profile decoded, and the profile's ranked targets (host, fields, verdict). */
    static Row of(Row r, DeviceProfile profile, List<String[]> ranked, int top) {
        String host = r.getString(0);
        String id = r.getString(1);
        StringBuilder line = new StringBuilder(512 + 512 * Math.min(top, 64));
        FleetDevice source = new FleetDevice(host, id, profile, "", r.getString(3));
        line.append(BatchLines.sourceHead(source, r.getLong(4), r.getLong(5)));
        int rank = 0;
        for (String[] t : ranked) {
            if (rank == top) {
                break;
            }
            if (t[0].equals(host)) {
                continue; // never its own host
            }
            rank++;
            BatchLines.appendTarget(line, rank, t[1], t[2]);
        }
        line.append(BatchLines.SOURCE_END);
        return RowFactory.create(host, id, line.toString());
    }
}
