package org.vfiocompat.rules;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One row of a data table a pack ships (a CSV or JSON file its manifest declares, such as a
 * driver-version compatibility matrix): match it as {@code TableRow(table == "managerMatrix", ...)}.
 *
 * <p>The engine checks every row against the table's declared columns when the pack loads and
 * inserts the rows once into every session of the pack, so a rule can join {@code Source} and
 * {@code Target} with a row: a matrix is data, not code. Rows are immutable values: two rows with
 * the same table and cells are equal, and a row carries nothing but its table name and cells (no
 * line number, no identity). Cells are kept as the text the table holds; the typed getters read
 * them the way the declared column type was checked ({@code number}, {@code flag}), and version
 * columns are compared with {@link Versions}.
 */
public final class TableRow {

    private final String table;
    private final SortedMap<String, String> cells;
    private final int hash;

    private TableRow(String table, Map<String, String> cells) {
        this.table = Objects.requireNonNull(table, "table");
        TreeMap<String, String> copy = new TreeMap<>();
        cells.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "column"), Objects.requireNonNull(v, "cell")));
        this.cells = Collections.unmodifiableSortedMap(copy);
        this.hash = Objects.hash(table, this.cells);
    }

    /** A row of {@code table} with the given cells (column name to cell text). */
    public static TableRow of(String table, Map<String, String> cells) {
        return new TableRow(table, cells);
    }

    /** The name the manifest gives the table. */
    public String getTable() {
        return table;
    }

    /** Every cell, column name to text, sorted by column name. */
    public SortedMap<String, String> getCells() {
        return cells;
    }

    /** The cell of {@code column} as text, or {@code ""} when the table has no such column. */
    public String get(String column) {
        return column == null ? "" : cells.getOrDefault(column, "");
    }

    /** The cell of a {@code number} column, or {@code -1} when it is absent or not a number. */
    public long number(String column) {
        return Fields.number(get(column), -1);
    }

    /** The cell of a {@code boolean} column: {@code true} only for the text {@code true}. */
    public boolean flag(String column) {
        return "true".equals(get(column));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableRow r && hash == r.hash && table.equals(r.table) && cells.equals(r.cells);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "TableRow(" + table + " " + cells + ")";
    }
}
