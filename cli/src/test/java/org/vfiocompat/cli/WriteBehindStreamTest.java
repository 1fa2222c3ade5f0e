package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stream a command's output goes through: the bytes arrive whole and in order whatever the
 * sizes of the writes, a flush means written, the writing thread starts only for output larger
 * than a buffer, and a failure of the stream under it reaches the writer.
 */
class WriteBehindStreamTest {

    /** Records the thread of each write and each flush, to tell who wrote. */
    private static final class Recording extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> threads = new ArrayList<>();
        int flushes;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            threads.add(Thread.currentThread().getName());
            bytes.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            flushes++;
        }

        synchronized byte[] written() {
            return bytes.toByteArray();
        }
    }

    @Test
    void writesOfEverySizeArriveWholeAndInOrder() throws IOException {
        Random random = new Random(7);
        byte[] all = new byte[300_000];
        random.nextBytes(all);
        Recording under = new Recording();
        try (WriteBehindStream out = new WriteBehindStream(under, 4096)) {
            int at = 0;
            while (at < all.length) {
                // Single bytes, writes within a buffer, and writes spanning several buffers.
                int n = Math.min(all.length - at, random.nextInt(3) == 0 ? 1 : random.nextInt(20_000));
                if (n == 1) {
                    out.write(all[at]);
                } else {
                    out.write(all, at, n);
                }
                at += n;
            }
        }
        assertThat(under.written()).isEqualTo(all);
        assertThat(under.threads).anyMatch(t -> t.startsWith("vfio-compat-write-behind-"));
    }

    @Test
    void aFlushReturnsOnceEverythingBeforeItIsWrittenAndFlushed() throws IOException {
        Recording under = new Recording();
        WriteBehindStream out = new WriteBehindStream(under, 1024);
        byte[] block = new byte[10_000];
        java.util.Arrays.fill(block, (byte) 'x');
        out.write(block);
        out.write('y');
        out.flush();
        // Nothing is left in a buffer or a queue once flush returns: the last byte is there.
        assertThat(under.written()).hasSize(10_001).endsWith((byte) 'y');
        assertThat(under.flushes).isEqualTo(1);
        out.close();
    }

    @Test
    void outputWithinOneBufferIsWrittenByTheCallerWithoutAThread() throws IOException {
        Recording under = new Recording();
        try (WriteBehindStream out = new WriteBehindStream(under, 1024)) {
            out.write("hello\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            out.write("again\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertThat(new String(under.written(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("hello\nagain\n");
        assertThat(under.threads).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void aFailureOfTheStreamUnderItIsThrownToTheWriter() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        WriteBehindStream out = new WriteBehindStream(failing, 1024);
        // The writing thread fails on the first buffer; the writer hears of it at the latest on flush.
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                out.write(new byte[1000]);
            }
            out.flush();
        }).isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        assertThatThrownBy(out::close).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
