package org.vfiocompat.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a command writes its result: standard output, or a file that appears whole or not at
 * all. A file is written to a temporary sibling and renamed over the target only after the
 * last byte; on any failure, and when the JVM is stopped (SIGTERM, Ctrl-C) before the commit,
 * the temporary file is deleted and the target left as it was.
 *
 * <p>What {@code --out} may name: a new or existing regular file, or a symbolic link to one (the
 * file it points at is replaced, the link kept); an existing file that is not a regular one (a
 * device such as {@code /dev/null}, a FIFO) is written straight through, as a shell redirection
 * would, since it cannot be replaced; a folder, {@code ""}, {@code .} and {@code /} are refused.
 * A new file's permissions follow the umask, and a replaced file keeps its own.
 */
final class AtomicOutput implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private final PrintWriter writer;
    /** The bytes under {@link #writer}, for a command that writes UTF-8 itself; null for a stdout of characters only. */
    private final OutputStream stream;
    private final Thread cleanup;
    /** Written straight into a device or FIFO the output owns (closed with it), not stdout. */
    private final boolean writesThrough;
    private boolean committed;

    private AtomicOutput(Path target, Path temp, OutputStream stream, PrintWriter writer, boolean writesThrough) {
        this.writesThrough = writesThrough;
        this.target = target;
        this.temp = temp;
        this.stream = stream;
        this.writer = writer;
        if (temp != null) {
            // A stop before the commit (SIGTERM, Ctrl-C) leaves no half-written file behind.
            this.cleanup = new Thread(() -> {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the JVM is going down; nothing more can be done
                }
            }, "vfio-compat-output-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
        } else {
            this.cleanup = null;
        }
    }

    /** Output to {@code file}, or to {@code stdout} when {@code file} is null. */
    static AtomicOutput open(Path file, PrintWriter stdout) {
        if (file == null) {
            return new AtomicOutput(null, null, stdout instanceof StdoutWriter s ? s.bytes() : null, stdout, false);
        }
        if (file.toString().isEmpty()) {
            throw new UsageProblem("--out needs a file name, got \"\"");
        }
        Path absolute = file.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(absolute)) {
                throw new UsageProblem("cannot write " + file + ": it is a folder; --out names a file");
            }
            if (Files.exists(absolute)) {
                // Through links to what they name: the link stays, its file is replaced.
                Path real = absolute.toRealPath();
                if (!Files.isRegularFile(real)) {
                    // A device or FIFO cannot be replaced by renaming; write into it as a shell would.
                    OutputStream stream = buffered(Files.newOutputStream(real));
                    return new AtomicOutput(null, null, stream, writerOf(stream), true);
                }
                absolute = real;
            }
            Path dir = absolute.getParent();
            if (dir == null) {
                throw new UsageProblem("cannot write " + file + ": it is a folder; --out names a file");
            }
            Path temp = createTemp(dir, absolute.getFileName().toString());
            if (Files.isRegularFile(absolute)) {
                copyPermissions(absolute, temp);
            }
            OutputStream stream = buffered(Files.newOutputStream(temp));
            return new AtomicOutput(absolute, temp, stream, writerOf(stream), false);
        } catch (IOException e) {
            throw new UsageProblem("cannot write " + file + ": " + reason(e));
        }
    }

    /**
     * A new empty file beside the target. {@code Files.createFile} without attributes creates it
     * with the umask applied (0666 & ~umask), as any tool's output file; createTempFile would make
     * every output 0600.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toUnsignedString(random.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own rules apply
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such folder: " + (n.getFile() == null ? "" : Path.of(n.getFile()).getParent());
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Large writes: a batch's output runs to gigabytes, and each write is a system call. */
    private static OutputStream buffered(OutputStream file) {
        return new BufferedOutputStream(file, 1 << 18);
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
        if (target == null) {
            committed = true;
            return;
        }
        writer.close();
        if (writer.checkError()) {
            throw new UncheckedIOException(new IOException("writing " + target + " failed"));
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename output into place at " + target, e);
        }
    }

    @Override
    public void close() {
        if (target == null) {
            writer.flush();
            if (writesThrough) {
                writer.close();
            }
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down: the hook deletes the temporary file
        }
        if (!committed) {
            writer.close();
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Best effort: a leftover hidden .tmp file is harmless and named after the target.
            }
        }
    }
}
