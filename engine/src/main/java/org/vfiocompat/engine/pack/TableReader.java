package org.vfiocompat.engine.pack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.rules.TableRow;

/**
 * Reads a pack's data tables from its file snapshot and checks every row against the declared
 * columns, so that rules only ever see rows of the declared shape. Every problem names the file
 * and the place: {@code line N} in a CSV file, a JSON pointer in a JSON file.
 *
 * <p>CSV: the first line that is not blank and does not start with {@code #} is the header and
 * must list the declared columns in order; every other such line is a row with exactly that many
 * cells, separated by {@code ,}; a cell may be quoted with {@code "} (a quote inside doubled, no
 * line breaks), and is taken as is, spaces included. JSON: an array of objects, each with exactly
 * the declared columns as members: strings for {@code string} and {@code version} columns, integers
 * for {@code number}, {@code true}/{@code false} for {@code boolean}.
 *
 * <p>Sizes are bounded because every row joins with every pair a rule matches it against.
 */
final class TableReader {

    /** Rows one table may hold. */
    static final int MAX_ROWS = 1000;
    /** Rows all tables of one pack may hold together. */
    static final int MAX_ROWS_PER_PACK = 4000;
    /** The longest cell, as for every string of a profile. */
    static final int MAX_CELL = 1024;

    private TableReader() {
    }

    /** Every row of every table of {@code manifest}, or {@link PackProblems} with every problem found. */
    static List<TableRow> read(PackManifest manifest, PackFiles files) {
        List<Problem> problems = new ArrayList<>();
        List<TableRow> rows = new ArrayList<>();
        for (TableDeclaration table : manifest.tables()) {
            String display = manifest.id() + "/" + table.file();
            String text = files.text(table.file(), display, "table file", problems);
            if (text == null) {
                continue;
            }
            List<Problem> found = new ArrayList<>();
            List<TableRow> read = table.isCsv() ? readCsv(table, display, text, found)
                    : readJson(table, display, files.bytesShared(table.file()), found);
            problems.addAll(ProblemList.capped(found, MAX_PROBLEMS_PER_TABLE));
            rows.addAll(read);
        }
        if (problems.isEmpty() && rows.size() > MAX_ROWS_PER_PACK) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.pointer(manifest.id() + "/" + PackManifest.FILE_NAME, "/tables"), "the tables hold "
                    + rows.size() + " rows together; at most " + MAX_ROWS_PER_PACK + " are allowed per pack"));
        }
        if (!problems.isEmpty()) {
            throw new PackProblems(problems);
        }
        return List.copyOf(rows);
    }

    /** Problems listed per table; the rest are counted in one last problem (200,000 bad lines made 22 MB). */
    static final int MAX_PROBLEMS_PER_TABLE = 20;

    private static List<TableRow> readCsv(TableDeclaration table, String display, String text, List<Problem> problems) {
        List<String> columns = table.columnNames();
        List<TableRow> rows = new ArrayList<>();
        Map<TableRow, Integer> firstLine = new HashMap<>();
        boolean header = false;
        int dataLines = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Location at = Location.line(display, lineNo);
            List<String> cells = splitCsv(line);
            if (cells == null) {
                problems.add(new Problem(ProblemCodes.PACK_TABLE_INVALID, at, "a quoted cell is not closed, or text follows its closing quote"));
                continue;
            }
            if (!header) {
                header = true;
                if (!cells.equals(columns)) {
                    problems.add(new Problem(ProblemCodes.PACK_TABLE_INVALID, at, "header " + ProblemList.shortened(cells.toString()) + " does not list the declared columns "
                            + columns + " in order"));
                    return List.of();
                }
                continue;
            }
            if (++dataLines > MAX_ROWS) {
                problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, at, "more than " + MAX_ROWS + " rows; at most " + MAX_ROWS
                        + " are allowed per table"));
                return List.of();
            }
            if (cells.size() != columns.size()) {
                problems.add(new Problem(ProblemCodes.PACK_TABLE_INVALID, at, cells.size() + " cells, but the table declares "
                        + columns.size() + " columns " + columns));
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            boolean ok = true;
            for (int c = 0; c < cells.size(); c++) {
                String problem = cellProblem(table, c, cells.get(c));
                if (problem != null) {
                    problems.add(new Problem(ProblemCodes.PACK_TABLE_INVALID, at, "column '" + columns.get(c) + "': " + problem));
                    ok = false;
                }
                row.put(columns.get(c), cells.get(c));
            }
            if (ok) {
                add(table, row, at, display, rows, firstLine, lineNo, problems);
            }
        }
        if (!header) {
            problems.add(new Problem(ProblemCodes.PACK_TABLE_INVALID, Location.file(display), "no header line: the first line must list the columns "
                    + String.join(",", columns)));
        }
        return rows;
    }

    private static List<TableRow> readJson(TableDeclaration table, String display, byte[] bytes, List<Problem> problems) {
        JsonNode root;
        try {
            root = JsonInput.read(bytes, display, JsonNode.class, PackProblems::new);
        } catch (PackProblems e) {
            problems.addAll(e.problems());
            return List.of();
        }
        if (!root.isArray()) {
            problems.add(new Problem(ProblemCodes.PACK_TABLE_INVALID, Location.file(display), "a JSON table is an array of row objects"));
            return List.of();
        }
        if (root.size() > MAX_ROWS) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.file(display), root.size() + " rows; at most " + MAX_ROWS
                    + " are allowed per table"));
            return List.of();
        }
        List<String> columns = table.columnNames();
        List<TableRow> rows = new ArrayList<>();
        Map<TableRow, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            Location at = Location.pointer(display, "/" + i);
            if (!node.isObject()) {
                problems.add(new Problem(ProblemCodes.PACK_TABLE_INVALID, at, "a row must be an object with the members " + columns));
                continue;
            }
            boolean ok = true;
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!columns.contains(name)) {
                    problems.add(new Problem(ProblemCodes.PACK_TABLE_INVALID, at.child("/" + pointerEscape(name)), "unknown column '" + name
                            + "' (declared: " + String.join(", ", columns) + ")"));
                    ok = false;
                }
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                String column = columns.get(c);
                Location cat = at.child("/" + pointerEscape(column));
                JsonNode cell = node.get(column);
                ColumnType type = table.typeOf(c);
                String problem;
                if (cell == null) {
                    problem = "missing column '" + column + "'";
                } else if (!jsonKindFits(type, cell)) {
                    problem = "expected " + (type == ColumnType.NUMBER ? "an integer" : type == ColumnType.BOOLEAN
                            ? "true or false" : "a string") + " for a " + type.jsonName() + " column, got " + cell.getNodeType()
                            .toString().toLowerCase(java.util.Locale.ROOT);
                } else {
                    problem = cellProblem(table, c, cell.asText());
                }
                if (problem != null) {
                    problems.add(new Problem(ProblemCodes.PACK_TABLE_INVALID, cat, problem));
                    ok = false;
                } else {
                    row.put(column, cell.asText());
                }
            }
            if (ok) {
                add(table, row, at, display, rows, firstIndex, i, problems);
            }
        }
        return rows;
    }

    private static boolean jsonKindFits(ColumnType type, JsonNode cell) {
        return switch (type) {
            case STRING, VERSION -> cell.isTextual();
            case NUMBER -> cell.isIntegralNumber() && cell.canConvertToLong();
            case BOOLEAN -> cell.isBoolean();
        };
    }

    private static String cellProblem(TableDeclaration table, int column, String cell) {
        if (cell.length() > MAX_CELL) {
            return "a cell of " + cell.length() + " characters; at most " + MAX_CELL + " are allowed";
        }
        return table.typeOf(column).problem(cell);
    }

    /** Adds a checked row unless an equal row came before: rows are values, a duplicate is a mistake. */
    private static void add(TableDeclaration table, Map<String, String> cells, Location at, String display,
                            List<TableRow> rows, Map<TableRow, Integer> first, int position, List<Problem> problems) {
        TableRow row = TableRow.of(table.name(), cells);
        Integer earlier = first.putIfAbsent(row, position);
        if (earlier != null) {
            problems.add(new Problem(ProblemCodes.PACK_TABLE_DUPLICATE_ROW, at, "duplicates the row at " + (table.isCsv() ? "line " + earlier : "/" + earlier)));
            return;
        }
        rows.add(row);
    }

    /**
     * One CSV line's cells, or null when a quoted cell is not closed or text follows its closing
     * quote. Unquoted cells are taken as they are, spaces included.
     */
    static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            StringBuilder cell = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        return null;
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    return null;
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    cell.append(line.charAt(i++));
                }
            }
            cells.add(cell.toString());
            if (i >= n) {
                return cells;
            }
            i++; // the comma
        }
    }

    private static String pointerEscape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
