package org.vfiocompat.engine.isolation;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The pieces every frame of the {@link WorkerProtocol} is made of: a length or a count as a
 * 4-byte int, then what it counts (UTF-8 bytes, raw bytes, list entries). Each read takes its
 * bound from the caller, since the hello (a whole pack) and the answers (a verdict) need very
 * different ones, and checks the length against it before anything is allocated for it: a
 * hostile stream gets an {@link IOException} naming what was too long, a cut-short one an
 * {@link EOFException}, never an {@link OutOfMemoryError}. A short stream ends the read where it
 * ends ({@link java.io.InputStream#readNBytes} grows its buffer with what arrives, so a length
 * of 64 MiB in front of 10 bytes costs 10 bytes).
 */
final class Framing {

    private Framing() {
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A string of at most {@code maxBytes} bytes of UTF-8. */
    static String readString(DataInputStream in, int maxBytes) throws IOException {
        return new String(readBytes(in, maxBytes, "bytes in a string"), StandardCharsets.UTF_8);
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** At most {@code max} bytes; {@code what} names them in the error when there are more. */
    static byte[] readBytes(DataInputStream in, int max, String what) throws IOException {
        int n = readCount(in, max, what);
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("the stream ended after " + b.length + " of " + n + " " + what);
        }
        return b;
    }

    static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            writeString(out, v);
        }
    }

    /** At most {@code maxEntries} strings of at most {@code maxBytes} bytes each. */
    static List<String> readStrings(DataInputStream in, int maxEntries, int maxBytes) throws IOException {
        int n = readCount(in, maxEntries, "list entries");
        // Sized by what has arrived, not by the count: a count costs 4 bytes to send.
        List<String> values = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            values.add(readString(in, maxBytes));
        }
        return values;
    }

    /** A count or a length, from 0 to {@code max}; {@code what} names what it counts in the error. */
    static int readCount(DataInputStream in, int max, String what) throws IOException {
        return bounded(in.readInt(), max, what);
    }

    /** {@code n}, a count or a length read already, when it lies from 0 to {@code max}. */
    static int bounded(int n, int max, String what) throws IOException {
        if (n < 0 || n > max) {
            throw new IOException(n + " " + what + " (at most " + max + ")");
        }
        return n;
    }

    /** The constant of {@code type} called {@code name}, or an IOException naming what came instead. */
    static <E extends Enum<E>> E parse(Class<E> type, String name) throws IOException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a " + type.getSimpleName() + ": " + name);
        }
    }
}
