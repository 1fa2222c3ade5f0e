package org.vfiocompat.cli;

/**
 * Text from inputs made safe to print as one line on a terminal: control characters (newlines,
 * escape sequences, NUL, DEL, the C1 range) and lone surrogates become visible escapes, so a file
 * cannot print fake lines or move the cursor through an error message.
 */
final class OneLine {

    private OneLine() {
    }

    static String of(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = escape(s, i, c);
            if (escape != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    private static String escape(String s, int i, char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
            return String.format("\\u%04x", (int) c);
        }
        if (Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
