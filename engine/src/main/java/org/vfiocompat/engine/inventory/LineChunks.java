package org.vfiocompat.engine.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts an NDJSON stream into chunks of about {@code size} bytes, each ending where one host ends
 * and the next begins: after a newline that follows a {@code }} (a {@code \r} between them
 * allowed) and precedes a {@code {}. In valid JSON that is never inside a value (between two
 * objects of an array stands a comma, and a string holds no raw newline), so each chunk of a
 * valid file is whole hosts. A cut that is wrong all the same, in a file that is not valid, leaves
 * a chunk that does not parse whole, which its reader reports. Input with no such place within
 * {@link #limit} bytes (a host of many megabytes, or no hosts at all) fails with {@link NoCut}:
 * a few such chunks in flight would hold far more memory than the sequential reader's bounded
 * window, so that input is the sequential reader's.
 */
final class LineChunks {

    /** No place to cut within {@link #limit} bytes. */
    static final class NoCut extends IOException {
        private static final long serialVersionUID = 1L;

        NoCut(int limit) {
            super("no end of a host within " + limit + " bytes");
        }
    }

    private final InputStream in;
    private final int size;
    /** The largest chunk: four times {@code size}, and at least 1 MiB (a host far above a real one). */
    private final int limit;
    /** The bytes read past the last chunk handed out. */
    private byte[] buf;
    private int len;
    private boolean eof;

    LineChunks(InputStream in, int size) {
        this.in = in;
        this.size = Math.max(1, size);
        this.limit = (int) Math.max(4L * this.size, 1 << 20);
        this.buf = new byte[this.size];
    }

    /**
     * The next chunk, or null at the end of the input.
     *
     * @throws NoCut when no host ends within the limit
     */
    byte[] next() throws IOException {
        int searchedTo = 0;
        while (true) {
            if (!eof && len < buf.length) {
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    eof = true;
                } else {
                    len += n;
                    continue;
                }
            }
            if (eof) {
                if (len == 0) {
                    return null;
                }
                byte[] last = Arrays.copyOf(buf, len);
                len = 0;
                return last;
            }
            // Full: cut at the last end of a host; bytes searched before are searched again only
            // from where the last search stopped (a host longer than a chunk grows the buffer).
            int cut = lastCut(Math.max(0, searchedTo - 2));
            if (cut > 0) {
                byte[] chunk = Arrays.copyOf(buf, cut);
                byte[] rest = new byte[Math.max(size, len - cut)];
                System.arraycopy(buf, cut, rest, 0, len - cut);
                buf = rest;
                len -= cut;
                return chunk;
            }
            searchedTo = len;
            if (buf.length >= limit) {
                throw new NoCut(limit);
            }
            buf = Arrays.copyOf(buf, (int) Math.min(limit, 2L * buf.length));
        }
    }

    /** The end of the last newline in {@code buf[from, len)} that ends a host and starts another, or 0. */
    private int lastCut(int from) {
        for (int i = len - 2; i >= Math.max(1, from); i--) {
            if (buf[i] == '\n' && buf[i + 1] == '{') {
                int before = buf[i - 1] == '\r' && i >= 2 ? i - 2 : i - 1;
                if (buf[before] == '}') {
                    return i + 1;
                }
            }
        }
        return 0;
    }
}
