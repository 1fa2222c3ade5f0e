package org.vfiocompat.engine.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes of the value being read, kept while the parser reads past them: an inventory is read
 * one host at a time, and when a host fails to bind, its own bytes are searched for the exact
 * line and column of the JSON pointer (Jackson reports a record's errors at the end of the
 * object). Everything read since {@link #keepFrom} is kept, and no more than {@code max} bytes
 * of it: a host larger than that, or endless input between two hosts, fails the read with
 * {@link TooLarge} instead of filling memory.
 */
final class ValueWindow extends InputStream {

    /** More than {@code max} bytes without a {@link #keepFrom}. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        final long from;

        TooLarge(long from, int max) {
            super("more than " + max + " bytes in one value");
            this.from = from;
        }
    }

    private final InputStream in;
    private final int max;
    private byte[] buf = new byte[1 << 16];
    /** Stream offset of {@code buf[0]}. */
    private long base;
    /** Bytes of {@code buf} in use. */
    private int len;
    /** Stream offset from which bytes are kept. */
    private long keep;

    ValueWindow(InputStream in, int max) {
        this.in = in;
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
        int r = in.read(b, off, n);
        if (r > 0) {
            append(b, off, r);
        }
        return r;
    }

    private void append(byte[] b, int off, int r) throws TooLarge {
        if (len + r > buf.length) {
            // Drop what is no longer kept, then grow if that is not room enough.
            int drop = (int) (keep - base);
            System.arraycopy(buf, drop, buf, 0, len - drop);
            len -= drop;
            base = keep;
            if (len + r > max + (long) (1 << 16)) {
                throw new TooLarge(keep, max);
            }
            if (len + r > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + r));
            }
        }
        System.arraycopy(b, off, buf, len, r);
        len += r;
    }

    /** Keeps the bytes from stream offset {@code offset} on (at or after the last such offset), and forgets those before. */
    void keepFrom(long offset) {
        keep = Math.max(keep, offset);
    }

    /** The kept bytes from stream offset {@code offset} to the last byte read. */
    byte[] bytesFrom(long offset) {
        return Arrays.copyOfRange(buf, (int) (Math.max(offset, base) - base), len);
    }
}
