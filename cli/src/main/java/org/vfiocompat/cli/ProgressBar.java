package org.vfiocompat.cli;

import java.io.PrintWriter;

/**
 * Batch progress on stderr — devices done, rate, time left — redrawn in place at most five times
 * a second, and only when the command runs in a terminal: piped or redirected runs stay quiet.
 */
final class ProgressBar implements AutoCloseable {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int width;

    private ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A bar that draws when {@code wanted} and the process is attached to a terminal. */
    static ProgressBar forTerminal(PrintWriter err, boolean wanted) {
        return new ProgressBar(err, wanted && System.console() != null);
    }

    void update(int done, int total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        String line = String.format("  %d/%d devices  %.0f/s  ETA %ds", done, total, rate, eta);
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        width = line.length();
        err.flush();
    }

    @Override
    public void close() {
        if (enabled && width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
        }
    }
}
