package org.vfiocompat.engine.eval;

/** Text from a pack made safe for every output, as verdicts carry it. */
public final class VisibleText {

    private VisibleText() {
    }

    /**
     * A pack's reason with every control character (C0, DEL, C1, the Unicode line and paragraph
     * separators) and every lone surrogate written as an escape: a reason holding a newline and
     * ANSI escapes erased another vendor's section of the table and printed a fake STRANDED
     * (issue 13, class 9). Done here, where the verdict is made, so every output (tables, JSON,
     * the decision log, the server) carries it escaped alike.
     */
    public static String of(String reason) {
        StringBuilder out = null;
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            boolean lone = Character.isHighSurrogate(c) && (i + 1 >= reason.length() || !Character.isLowSurrogate(reason.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(reason.charAt(i - 1)));
            boolean control = c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if ((control || lone) && out == null) {
                out = new StringBuilder(reason.length() + 16).append(reason, 0, i);
            }
            if (out != null) {
                out.append(control || lone ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out == null ? reason : out.toString();
    }
}
