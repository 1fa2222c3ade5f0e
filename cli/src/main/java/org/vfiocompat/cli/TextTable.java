package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for people: columns padded to their widest cell, the last column left
 * unpadded so long reasons do not drag trailing spaces. Right-aligns numeric columns.
 */
final class TextTable {

    private final String[] header;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = header;
        this.rightAligned = new boolean[header.length];
    }

    TextTable alignRight(int... columns) {
        for (int c : columns) {
            rightAligned[c] = true;
        }
        return this;
    }

    void row(Object... cells) {
        String[] r = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        }
        rows.add(r);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out, String indent) {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        line(out, indent, header, width);
        for (String[] r : rows) {
            line(out, indent, r, width);
        }
    }

    private void line(PrintWriter out, String indent, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder(indent);
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            String pad = " ".repeat(width[i] - cells[i].length());
            if (rightAligned[i]) {
                sb.append(pad).append(cells[i]);
            } else {
                sb.append(cells[i]);
                if (!last) {
                    sb.append(pad);
                }
            }
            if (!last) {
                sb.append("  ");
            }
        }
        out.print(sb.toString().stripTrailing());
        out.print('\n');
    }
}
