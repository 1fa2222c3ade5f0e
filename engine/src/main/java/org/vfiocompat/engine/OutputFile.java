package org.vfiocompat.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that appears whole or not at all: what is written to {@link #stream()} goes to a
 * temporary file beside the target, which {@link #commit()} renames over it after the last byte.
 * The engine writes its own files this way, and a tool built on it (the CLI's {@code --out})
 * gets the same promises from this one implementation:
 * <ul>
 *   <li>a reader of the target sees its old content or the whole new one, never a part;</li>
 *   <li>a symbolic link is kept and the file it names replaced; a folder, a device, a FIFO or a
 *       link to nothing is refused at {@link #create} (none can be replaced whole: a tool that
 *       wants to write into a device writes into it itself);</li>
 *   <li>a replaced file keeps its permissions, a new one gets the umask's;</li>
 *   <li>nothing half-written stays: {@link #close()} without a commit deletes the temporary file,
 *       and so does a stop of the JVM (SIGTERM, Ctrl-C) before the commit; a process killed
 *       outright leaves one named after it, which the next write of the same file deletes.</li>
 * </ul>
 * Not thread-safe: one writer at a time, as for any stream.
 */
public interface OutputFile extends AutoCloseable {

    /**
     * Starts writing {@code target}.
     *
     * @throws IOException when {@code target} is a folder, a device, a FIFO or a link to nothing,
     *                     or its temporary file cannot be made beside it (no such folder,
     *                     permission denied); the message says which
     */
    static OutputFile create(Path target) throws IOException {
        Objects.requireNonNull(target, "target");
        return Implementation.provider().outputFile(target);
    }

    /** The file the commit replaces: the target, or the file its symbolic links name. */
    Path target();

    /** Where the bytes go. Closing it does not commit; {@link #close()} without a commit still abandons. */
    OutputStream stream();

    /** Renames what was written over the target; idempotent. */
    void commit() throws IOException;

    /** Abandons the write unless it was committed: the temporary file is deleted, the target left as it was. */
    @Override
    void close();
}
