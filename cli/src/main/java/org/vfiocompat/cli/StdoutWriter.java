package org.vfiocompat.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Standard output as {@link Main} hands it to the commands: characters, encoded as UTF-8, for
 * all of them, and the bytes under the characters for a command that encodes its own output
 * ({@code batch --format ndjson} writes gigabytes of fragments it encoded once). Whoever writes
 * bytes flushes the writer first, so the two never interleave out of order.
 */
final class StdoutWriter extends PrintWriter {

    private final OutputStream bytes;

    /** Over {@code bytes}; flushed on every {@code println}, as {@code System.out} is. */
    StdoutWriter(OutputStream bytes) {
        super(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
        this.bytes = bytes;
    }

    /** The UTF-8 bytes under this writer, after what it holds is flushed into them. */
    OutputStream bytes() {
        flush();
        return bytes;
    }
}
