package org.vfiocompat.engine.json;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * A stream checked as strict UTF-8 while it is read, for inputs too large to hold whole: the
 * streaming twin of {@link JsonInput#strictUtf8}. Jackson's own decoder takes overlong forms and
 * encoded surrogates; the JDK's decoder refuses both, and code points above U+10FFFF. The first
 * bad sequence fails the read with {@link NotUtf8} naming its line, column and byte, as the
 * whole-file check does. Runs of ASCII (most of an inventory) skip the decoder.
 */
public final class StrictUtf8Input extends FilterInputStream {

    /** The read failed because the bytes are not UTF-8; {@link #problem()} says where. */
    public static final class NotUtf8 extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        NotUtf8(Problem problem) {
            super(problem.message());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private static final java.lang.invoke.VarHandle WORDS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final String displayName;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    /** The end of a multi-byte sequence cut by a read, carried to the next one (at most 3 bytes). */
    private byte[] pending = new byte[0];
    private long offset;
    private int line = 1;
    private long lineStart;

    public StrictUtf8Input(InputStream in, String displayName) {
        super(in);
        this.displayName = displayName;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            if (pending.length > 0) {
                long bad = check(ByteBuffer.wrap(pending), offset - pending.length, true);
                pending = new byte[0];
                if (bad >= 0) {
                    throw new NotUtf8(problemAt(bad));
                }
            }
            return n;
        }
        long chunkStart = offset;
        int lineBefore = line;
        long lineStartBefore = lineStart;
        boolean ascii = countLines(b, off, n, chunkStart);
        offset += n;
        if (ascii && pending.length == 0) {
            return n;
        }
        ByteBuffer bytes;
        long bytesStart;
        if (pending.length == 0) {
            bytes = ByteBuffer.wrap(b, off, n);
            bytesStart = chunkStart - off;
        } else {
            byte[] joined = new byte[pending.length + n];
            System.arraycopy(pending, 0, joined, 0, pending.length);
            System.arraycopy(b, off, joined, pending.length, n);
            bytes = ByteBuffer.wrap(joined);
            bytesStart = chunkStart - pending.length;
        }
        long bad = check(bytes, bytesStart, false);
        if (bad >= 0) {
            // Lines are counted up to the bad byte only.
            line = lineBefore;
            lineStart = lineStartBefore;
            for (long at = chunkStart; at < bad; at++) {
                if (b[off + (int) (at - chunkStart)] == '\n') {
                    line++;
                    lineStart = at + 1;
                }
            }
            throw new NotUtf8(problemAt(bad));
        }
        pending = new byte[bytes.remaining()];
        bytes.get(pending);
        return n;
    }

    /**
     * Counts the newlines of {@code b[off, off + n)} (the chunk at stream offset {@code chunkStart})
     * into {@link #line} and {@link #lineStart}; returns whether the chunk is all ASCII. Eight
     * bytes at a time: a high bit anywhere in a word is a non-ASCII byte, and a word's newlines
     * are the zero bytes of the word XOR {@code 0x0a0a...}, found exactly (no carry between bytes).
     */
    private boolean countLines(byte[] b, int off, int n, long chunkStart) {
        long high = 0;
        int i = off;
        int end = off + n;
        for (; i + 8 <= end; i += 8) {
            long w = (long) WORDS.get(b, i);
            high |= w;
            long x = w ^ NEWLINES;
            long newlines = ~(((x & LOW7) + LOW7) | x | LOW7);
            if (newlines != 0) {
                line += Long.bitCount(newlines);
                // Little-endian: the highest marked byte is the last newline of the word.
                int last = 7 - (Long.numberOfLeadingZeros(newlines) >>> 3);
                lineStart = chunkStart + (i + last - off) + 1;
            }
        }
        for (; i < end; i++) {
            byte c = b[i];
            high |= c;
            if (c == '\n') {
                line++;
                lineStart = chunkStart + (i - off) + 1;
            }
        }
        return (high & HIGH_BITS) == 0;
    }

    /**
     * Decodes {@code bytes} (whose index 0 is at {@code bytesStart} in the stream), leaving an
     * incomplete sequence at the end unread unless {@code end}; returns the stream offset of the
     * first bad byte, or -1 when there is none.
     */
    private long check(ByteBuffer bytes, long bytesStart, boolean end) {
        while (true) {
            CoderResult r = decoder.decode(bytes, chars, end);
            if (r.isError()) {
                return bytesStart + bytes.position();
            }
            chars.clear();
            if (r.isUnderflow()) {
                return -1;
            }
        }
    }

    /**
     * Checks {@code bytes}, held whole, as this stream checks what it reads.
     *
     * @throws NotUtf8 at the first bad sequence, placed as a read through this stream places it
     */
    public static void check(byte[] bytes, String displayName) throws IOException {
        long high = 0;
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            high |= (long) WORDS.get(bytes, i);
        }
        for (; i < bytes.length; i++) {
            high |= bytes[i];
        }
        if ((high & HIGH_BITS) == 0) {
            return; // all ASCII: nothing to decode
        }
        try (StrictUtf8Input in = new StrictUtf8Input(new java.io.ByteArrayInputStream(bytes), displayName)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** Line and column of byte {@code at}, the lines counted up to it. */
    private Problem problemAt(long at) {
        return new Problem(ProblemCodes.FILE_NOT_UTF8, Location.line(displayName, line, (int) (at - lineStart + 1)),
                "not valid UTF-8 at byte " + at);
    }
}
