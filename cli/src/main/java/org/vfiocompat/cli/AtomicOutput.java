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
 * last byte; on any failure the temporary file is deleted and the target left as it was.
 */
final class AtomicOutput implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private final PrintWriter writer;
    private boolean committed;

    private AtomicOutput(Path target, Path temp, PrintWriter writer) {
        this.target = target;
        this.temp = temp;
        this.writer = writer;
    }

    /** Output to {@code file}, or to {@code stdout} when {@code file} is null. */
    static AtomicOutput open(Path file, PrintWriter stdout) {
        if (file == null) {
            return new AtomicOutput(null, null, stdout);
        }
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        try {
            Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
            Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8));
            return new AtomicOutput(absolute, temp, new PrintWriter(w));
        } catch (IOException e) {
            throw new UsageProblem("cannot write " + file + ": " + e.getMessage());
        }
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
            return;
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
