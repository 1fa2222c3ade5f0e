package org.vfiocompat.cli;

/**
 * The {@code --format} values, as enums: picocli lists them in the help and as completion
 * candidates, and refuses any other value (exit 2) naming the ones accepted. The constants are
 * lowercase because they are the spellings the user types.
 */
final class Formats {

    /** Help text of a --format option. */
    static final String DESCRIPTION = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).";

    private Formats() {
    }

    /** check, explain and the pack commands: prose for people, or JSON. */
    enum TextOrJson { text, json }

    /** rank, packs and status: a table, or JSON. */
    enum TableOrJson { table, json }

    /** batch. */
    enum Batch { json, ndjson, csv, table }

    /** place. */
    enum Plan { table, json, csv }

    /** drain and upgrade: also one self-contained HTML report. */
    enum PlanReport { table, json, csv, html }
}
