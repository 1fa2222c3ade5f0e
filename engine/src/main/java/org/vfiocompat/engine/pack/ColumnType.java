package org.vfiocompat.engine.pack;

import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.rules.Fields;
import org.vfiocompat.rules.Versions;

/**
 * The types a table column may declare, and what a cell of each must look like. A cell that
 * passes is kept as text; {@code TableRow}'s getters read it the same way.
 */
enum ColumnType {
    /** Any text, possibly empty. */
    STRING("any text"),
    /** A version {@link Versions#isVersion} accepts: {@code 535.104.05}, {@code 22.39.1002}. */
    VERSION("a version such as 535.104.05"),
    /** A decimal integer of at most 18 digits, optionally signed. */
    NUMBER("a decimal integer"),
    /** {@code true} or {@code false}. */
    BOOLEAN("true or false");

    private final String expected;

    ColumnType(String expected) {
        this.expected = expected;
    }

    /** The name a manifest uses: {@code string}, {@code version}, {@code number}, {@code boolean}. */
    String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type named {@code name} in a manifest, or null. */
    static ColumnType named(String name) {
        for (ColumnType t : values()) {
            if (t.jsonName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    static String names() {
        List<String> out = new ArrayList<>();
        for (ColumnType t : values()) {
            out.add(t.jsonName());
        }
        return String.join(", ", out);
    }

    /** Why {@code cell} is not a value of this type, or null when it is. */
    String problem(String cell) {
        boolean ok = switch (this) {
            case STRING -> true;
            case VERSION -> Versions.isVersion(cell) && cell.strip().equals(cell);
            case NUMBER -> !cell.isEmpty() && cell.strip().equals(cell) && Fields.number(cell, Long.MIN_VALUE) != Long.MIN_VALUE;
            case BOOLEAN -> cell.equals("true") || cell.equals("false");
        };
        return ok ? null : "'" + cell + "' is not " + expected;
    }
}
