package org.vfiocompat.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The job's output folder, whole or not at all: everything is written under a staging folder
 * beside it ({@code .NAME.staging-UUID}, on the same file system), which is renamed to the
 * output folder once every part is written, and deleted when the job fails. Inside, Spark's own
 * committer does the same for each part. The output folder must not exist yet: a job never
 * mixes its files with an earlier run's.
 */
final class StagedOutput implements AutoCloseable {

    private final FileSystem fs;
    private final Path out;
    private final Path staging;
    private boolean committed;

    StagedOutput(Configuration conf, String out) {
        try {
            this.out = new Path(out);
            this.fs = this.out.getFileSystem(conf);
            if (fs.exists(this.out)) {
                throw new IllegalArgumentException("--out " + out + " exists already; give a new folder (nothing was written)");
            }
            Path parent = this.out.getParent();
            this.staging = new Path(parent, "." + this.out.getName() + ".staging-" + UUID.randomUUID());
            if (parent != null) {
                fs.mkdirs(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where part {@code name} is written, inside the staging folder. */
    String part(String name) {
        return new Path(staging, name).toString();
    }

    /** Writes a small file (the summary) into the staging folder. */
    void writeFile(String name, String text) {
        try (OutputStream o = fs.create(new Path(staging, name), false)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the output appear, whole. */
    void commit() {
        try {
            if (!fs.rename(staging, out)) {
                throw new IOException("cannot rename " + staging + " to " + out);
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the staging folder unless committed. */
    @Override
    public void close() {
        if (!committed) {
            try {
                fs.delete(staging, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
