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
 * the temporary file is deleted and the target left as it was; one left by a process killed
 * outright is deleted by the next write of the same file.
 *
 * <p>What {@code --out} may name: a new or existing regular file, or a symbolic link to one (the
 * file it points at is replaced, the link kept); an existing file that is not a regular one (a
 * device such as {@code /dev/null}, a FIFO) is written straight through, as a shell redirection
 * would, since it cannot be replaced; a folder, {@code ""}, {@code .} and {@code /} are refused.
 * A new file's permissions follow the umask, and a replaced file keeps its own.
 */
final class AtomicOutput implements AutoCloseable {

    private static final long PID = ProcessHandle.current().pid();
    private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Temporary files not yet committed or deleted: what the shutdown hook deletes when the JVM
     * is stopped (SIGTERM, Ctrl-C). A file is made and joins the set under the lock the hook
     * takes, so a stop at any moment leaves nothing: either the hook runs first and no file is
     * made, or the file is made first and the hook sees it. (A hook per file, added after the
     * file was made, missed a stop that came in between.)
     */
    private static final java.util.Set<Path> IN_FLIGHT = new java.util.HashSet<>();
    private static boolean stopping;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (IN_FLIGHT) {
                stopping = true;
                for (Path temp : IN_FLIGHT) {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException ignored) {
                        // the JVM is going down; nothing more can be done
                    }
                }
            }
        }, "vfio-compat-output-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private final PrintWriter writer;
    /** The bytes under {@link #writer}, for a command that writes UTF-8 itself; null for a stdout of characters only. */
    private final OutputStream stream;
    /** Written straight into a device or FIFO the output owns (closed with it), not stdout. */
    private final boolean writesThrough;
    private boolean committed;

    private AtomicOutput(Path target, Path temp, OutputStream stream, PrintWriter writer, boolean writesThrough) {
        this.writesThrough = writesThrough;
        this.target = target;
        this.temp = temp;
        this.stream = stream;
        this.writer = writer;
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
     * A new empty file beside the target, named after this process ({@code .NAME.PID-N.tmp}), once
     * the leftovers of processes that are gone have been deleted: a run killed outright (SIGKILL,
     * the OOM killer) cannot delete its own, and without the sweep they would pile up under new
     * names. This is the engine's naming for its own files (its {@code AtomicWrite}, which the
     * CLI cannot reach: the engine exports its API package only), so either sweeps the other's.
     * {@code Files.createFile} without attributes creates the file with the umask applied
     * (0666 & ~umask), as any tool's output file; createTempFile would make every output 0600.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        removeLeftovers(dir, name);
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + PID + "-" + COUNTER.incrementAndGet() + ".tmp");
            synchronized (IN_FLIGHT) {
                if (stopping) {
                    throw new IOException("the JVM is stopping");
                }
                try {
                    Files.createFile(temp);
                    IN_FLIGHT.add(temp);
                    return temp;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Deletes {@code .NAME.PID-N.tmp} files beside the target whose process has ended. */
    private static void removeLeftovers(Path dir, String name) throws IOException {
        String prefix = "." + name + ".";
        try (java.nio.file.DirectoryStream<Path> siblings = Files.newDirectoryStream(dir,
                entry -> entry.getFileName().toString().startsWith(prefix) && entry.getFileName().toString().endsWith(".tmp"))) {
            for (Path p : siblings) {
                String middle = p.getFileName().toString().substring(prefix.length());
                int dash = middle.indexOf('-');
                long pid = dash <= 0 ? -1 : parsePid(middle.substring(0, dash));
                if (pid > 0 && pid != PID && ProcessHandle.of(pid).isEmpty()) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // another user's, or already gone: left alone
                    }
                }
            }
        }
    }

    private static long parsePid(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
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
        if (!committed) {
            writer.close();
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Best effort: a leftover is named after this process, and the next write of the target deletes it.
            }
        }
        synchronized (IN_FLIGHT) {
            IN_FLIGHT.remove(temp);
        }
    }
}
