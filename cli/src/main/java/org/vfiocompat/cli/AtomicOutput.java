package org.vfiocompat.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
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
    private final Thread cleanup;
    /** Written straight into a device or FIFO the output owns (closed with it), not stdout. */
    private final boolean writesThrough;
    private boolean committed;

    private AtomicOutput(Path target, Path temp, PrintWriter writer) {
        this(target, temp, writer, false);
    }

    private AtomicOutput(Path target, Path temp, PrintWriter writer, boolean writesThrough) {
        this.writesThrough = writesThrough;
        this.target = target;
        this.temp = temp;
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
            return new AtomicOutput(null, null, stdout);
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
                    Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(real), StandardCharsets.UTF_8));
                    return new AtomicOutput(null, null, new PrintWriter(w), true);
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
            Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8));
            return new AtomicOutput(absolute, temp, new PrintWriter(w));
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

    PrintWriter writer() {
        return writer;
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
