package org.vfiocompat.engine.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * A data table a pack ships, as its manifest declares it: a name rules match on, a CSV or JSON
 * file, and the shape every row must have. {@link TableReader} checks the file against it.
 *
 * @param name    what rules match: {@code TableRow(table == "managerMatrix")}
 * @param file    the table's file, relative to the pack folder, ending in {@code .csv} or {@code .json}
 * @param columns the columns every row has, in the order a CSV header lists them
 */
record TableDeclaration(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "file", required = true) String file,
        @JsonProperty(value = "columns", required = true) List<Column> columns) {

    /** Tables one pack may declare. */
    static final int MAX_TABLES = 16;
    /** Columns one table may declare. */
    static final int MAX_COLUMNS = 32;

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    /**
     * One column: its name and the type every cell is checked against.
     *
     * @param name a name rules read the cell by: {@code $row.get("target")}
     * @param type one of {@link ColumnType}'s names: {@code string}, {@code version}, {@code number}, {@code boolean}
     */
    record Column(@JsonProperty(value = "name", required = true) String name,
                  @JsonProperty(value = "type", required = true) String type) {
    }

    boolean isCsv() {
        return file != null && file.endsWith(".csv");
    }

    /** The declared type of column {@code i}; only after {@link #check} found no problem. */
    ColumnType typeOf(int i) {
        return ColumnType.named(columns.get(i).type());
    }

    /** Checks the manifest's {@code tables} array; {@code at} is its JSON pointer. */
    static void checkAll(List<Problem> problems, String manifest, List<TableDeclaration> tables, PackFiles files) {
        if (tables.size() > MAX_TABLES) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.pointer(manifest, "/tables"), tables.size() + " tables declared; at most " + MAX_TABLES
                    + " are allowed"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tables.size(); i++) {
            String at = "/tables/" + i;
            TableDeclaration t = tables.get(i);
            if (t == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(manifest, at), "must be an object, not null"));
                continue;
            }
            t.check(problems, manifest, at, files);
            if (t.name() != null && !names.add(t.name())) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_DUPLICATE, Location.pointer(manifest, at + "/name"), "table name '" + t.name() + "' is declared twice"));
            }
        }
    }

    private void check(List<Problem> problems, String manifest, String at, PackFiles files) {
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(manifest, at + "/name"), "table name '" + name
                    + "' must start with a letter and hold only letters, digits and '_' (at most 64)"));
        }
        if (file == null || file.isBlank()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_PATH, Location.pointer(manifest, at + "/file"), "file name must not be empty"));
        } else if (!PackManifest.insidePack(file)) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_PATH, Location.pointer(manifest, at + "/file"), "'" + file + "' lies outside the pack folder"));
        } else if (!file.endsWith(".csv") && !file.endsWith(".json")) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_PATH, Location.pointer(manifest, at + "/file"), "'" + file + "' must end in .csv or .json"));
        } else if (!files.contains(file)) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_MISSING_FILE, Location.pointer(manifest, at + "/file"), "'" + file + "' does not exist in the pack"));
        }
        if (columns == null || columns.isEmpty()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(manifest, at + "/columns"), "a table needs at least one column"));
            return;
        }
        if (columns.size() > MAX_COLUMNS) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.pointer(manifest, at + "/columns"), columns.size() + " columns declared; at most "
                    + MAX_COLUMNS + " are allowed"));
        }
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            String cat = at + "/columns/" + c;
            if (col == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(manifest, cat), "must be an object, not null"));
                continue;
            }
            if (col.name() == null || !NAME.matcher(col.name()).matches()) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(manifest, cat + "/name"), "column name '" + col.name()
                        + "' must start with a letter and hold only letters, digits and '_' (at most 64)"));
            } else if (!seen.add(col.name())) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_DUPLICATE, Location.pointer(manifest, cat + "/name"), "column '" + col.name() + "' is declared twice"));
            }
            if (ColumnType.named(col.type()) == null) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(manifest, cat + "/type"), "column type '" + col.type() + "' is not one of "
                        + ColumnType.names()));
            }
        }
    }

    /** The column names, in declared order. */
    List<String> columnNames() {
        List<String> out = new ArrayList<>();
        for (Column c : columns) {
            out.add(c.name());
        }
        return out;
    }
}
