package org.vfiocompat.engine.pack;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What a verdict says when a pack's code threw: the exception's class and the first line of its
 * message, then, when Drools wrapped the pack's own exception (a constraint's comes as a bare
 * {@code ConstraintEvaluationException}), the root cause's class and message as well, so that
 * a pack author sees the {@code NullPointerException} or {@code NumberFormatException} that
 * broke the rule. Both messages are bounded and their control characters escaped: a reason is
 * one line, and the message may hold text of the profiles.
 */
public final class FailureReason {

    /** How many characters of each message are kept. */
    static final int MAX_MESSAGE = 200;
    /** How deep the cause chain is followed (a chain of causes may be long, or a cycle). */
    private static final int MAX_DEPTH = 16;

    private FailureReason() {
    }

    /** {@code pack failed: Outer: message}, and {@code (cause: Root: message)} when they differ. */
    public static String of(Throwable e) {
        String outer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + message(e.getMessage()));
        Throwable root = root(e);
        if (root == e) {
            return "pack failed: " + outer;
        }
        String cause = root.getClass().getName() + (root.getMessage() == null ? "" : ": " + message(root.getMessage()));
        // A consequence's exception already names its cause in the first line of its message.
        if (outer.contains(cause)) {
            return "pack failed: " + outer;
        }
        return "pack failed: " + outer + " (cause: " + cause + ")";
    }

    /** The last of the cause chain, followed at most {@link #MAX_DEPTH} steps and never round a cycle. */
    static Throwable root(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable t = e;
        for (int depth = 0; depth < MAX_DEPTH && t.getCause() != null && seen.put(t, Boolean.TRUE) == null; depth++) {
            t = t.getCause();
        }
        return t;
    }

    /** The first line, control characters escaped, cut to {@link #MAX_MESSAGE} characters (the last an ellipsis). */
    static String message(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        StringBuilder out = new StringBuilder(MAX_MESSAGE + 8);
        for (int i = 0; i < line.length() && out.length() <= MAX_MESSAGE; i++) {
            char c = line.charAt(i);
            if (c == '\r' && i == line.length() - 1) {
                continue; // the \r of a \r\n line end
            }
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() > MAX_MESSAGE) {
            out.setLength(MAX_MESSAGE - 1);
            out.append('\u2026');
        }
        return out.toString();
    }
}
