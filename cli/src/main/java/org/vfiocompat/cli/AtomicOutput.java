package org.vfiocompat.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vfiocompat.engine.OutputFile;

/**
 * Where a command writes its result: standard output, or a file that appears whole or not at
 * all. A file is written through the engine's {@link OutputFile}, which makes the promises (a
 * temporary sibling renamed over the target after the last byte; deleted on failure and when the
 * JVM is stopped before the commit; one left by a process killed outright deleted by the next
 * write of the same file); this class adds what is a command's own choice.
 *
 * <p>What {@code --out} may name: a new or existing regular file, or a symbolic link to one (the
 * file it points at is replaced, the link kept); an existing file that is not a regular one (a
 * device such as {@code /dev/null}, a FIFO) is written straight through, as a shell redirection
 * would, since it cannot be replaced; a folder, {@code ""}, {@code .}, {@code /} and a link to
 * nothing are refused. A new file's permissions follow the umask, and a replaced file keeps its own.
 */
final class AtomicOutput implements AutoCloseable {

    /** The file being written, or null for stdout and for a device written through. */
    private final OutputFile file;
    private final PrintWriter writer;
    /** The bytes under {@link #writer}, for a command that writes UTF-8 itself; null for a stdout of characters only. */
    private final OutputStream stream;
    /** Written straight into a device or FIFO the output owns (closed with it), not stdout. */
    private final boolean writesThrough;
    private boolean committed;

    private AtomicOutput(OutputFile file, OutputStream stream, PrintWriter writer, boolean writesThrough) {
        this.file = file;
        this.writesThrough = writesThrough;
        this.stream = stream;
        this.writer = writer;
    }

    /** Output to {@code file}, or to {@code stdout} when {@code file} is null. */
    static AtomicOutput open(Path file, PrintWriter stdout) {
        if (file == null) {
            return new AtomicOutput(null, stdout instanceof StdoutWriter s ? s.bytes() : null, stdout, false);
        }
        if (file.toString().isEmpty()) {
            throw new UsageProblem("--out needs a file name, got \"\"");
        }
        Path absolute = file.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(absolute) || absolute.getParent() == null) {
                throw new UsageProblem("cannot write " + file + ": it is a folder; --out names a file");
            }
            if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
                // A device or FIFO cannot be replaced by renaming; write into it as a shell would.
                OutputStream stream = buffered(Files.newOutputStream(absolute.toRealPath()));
                return new AtomicOutput(null, stream, writerOf(stream), true);
            }
            OutputFile output = OutputFile.create(absolute);
            OutputStream stream = buffered(output.stream());
            return new AtomicOutput(output, stream, writerOf(stream), false);
        } catch (IOException e) {
            throw new UsageProblem("cannot write " + file + ": " + reason(file, e));
        }
    }

    /** Why {@code file} cannot be written, in words: the engine's message names the path already. */
    private static String reason(Path file, IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such folder: " + (n.getFile() == null ? "" : Path.of(n.getFile()).getParent());
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String named = file.toAbsolutePath().normalize() + " is ";
        return message.startsWith(named) ? message.substring(named.length()) : message;
    }

    /** Large writes, written behind: a batch's output runs to gigabytes (see {@link WriteBehindStream}). */
    private static OutputStream buffered(OutputStream out) {
        return new WriteBehindStream(out);
    }

    private static PrintWriter writerOf(OutputStream stream) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)));
    }

    PrintWriter writer() {
        return writer;
    }

    /**
     * The UTF-8 bytes under {@link #writer()}, for a command that encodes its output itself, or
     * empty when the output is a stdout given as characters only (a test's writer). What the writer holds is
     * flushed first; a command then writes through the stream alone, and commits as usual.
     */
    java.util.Optional<OutputStream> stream() {
        if (stream == null) {
            return java.util.Optional.empty();
        }
        writer.flush();
        return java.util.Optional.of(stream);
    }

    /** Makes the output visible: renames the temporary file over the target. */
    void commit() {
        writer.flush();
        if (file == null) {
            committed = true;
            return;
        }
        writer.close();
        if (writer.checkError()) {
            throw new UncheckedIOException(new IOException("writing " + file.target() + " failed"));
        }
        try {
            file.commit();
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename output into place at " + file.target(), e);
        }
    }

    @Override
    public void close() {
        if (file == null) {
            writer.flush();
            if (writesThrough) {
                writer.close();
            }
            return;
        }
        if (!committed) {
            writer.close();
        }
        file.close();
    }
}
