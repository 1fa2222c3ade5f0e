package org.vfiocompat.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A buffered output stream whose full buffers are written to the stream under it by a thread of
 * its own, while the caller fills the next one.
 *
 * <p>Why: putting bytes into a file costs the kernel about as much as making them costs us. A
 * batch writes gigabytes, and each page of them is a new page of the page cache, allocated
 * and copied into ({@code docs/performance.md}: 2 GB into a file took about 3.5 s of system
 * time that writing them to {@code /dev/null} does not). On the caller's thread that time adds
 * to the time spent making the lines; on a second thread the two overlap. Output that fits one
 * buffer (every command but a large batch) never starts the thread: it is written on
 * {@link #flush}, by the caller, as a plain buffered stream would.
 *
 * <p>What is written reaches the stream under it in order, whole buffers at a time; {@link #flush}
 * returns once everything written before it has been written there and flushed. A failure of the
 * stream under it is thrown by the next {@code write}, {@code flush} or {@code close}. One writer
 * at a time, as for any stream.
 */
final class WriteBehindStream extends OutputStream {

    /** Large writes: each is a system call, and at a megabyte the calls cost nothing beside the copying. */
    static final int BUFFER_BYTES = 1 << 20;
    /** Buffers filled and waiting at most: the caller waits rather than run memory away from a slow reader. */
    private static final int MAX_BUFFERS = 4;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final OutputStream out;
    private final int bufferBytes;
    /** The one lock: of the queues, the counts, the failure and the closing. */
    private final Object lock = new Object();
    private final ArrayDeque<Buffer> toWrite = new ArrayDeque<>();
    private final ArrayDeque<Buffer> free = new ArrayDeque<>();
    private int buffers = 1;
    /** Buffers handed to the writing thread, and those it has written (or dropped after a failure). */
    private long handed;
    private long done;
    private IOException failure;
    private boolean closing;
    private Thread thread;
    /** The buffer being filled, the caller's own. */
    private Buffer current;
    private boolean closed;

    /** A buffer and how much of it is filled. */
    private static final class Buffer {
        final byte[] bytes;
        int length;

        Buffer(int size) {
            bytes = new byte[size];
        }
    }

    WriteBehindStream(OutputStream out) {
        this(out, BUFFER_BYTES);
    }

    /** With buffers of {@code bufferBytes} (tests use small ones, to make the thread work). */
    WriteBehindStream(OutputStream out, int bufferBytes) {
        this.out = out;
        this.bufferBytes = bufferBytes;
        this.current = new Buffer(bufferBytes);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (current.length == bufferBytes) {
            handOff();
        }
        current.bytes[current.length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (current.length == bufferBytes) {
                handOff();
            }
            int n = Math.min(len, bufferBytes - current.length);
            System.arraycopy(b, off, current.bytes, current.length, n);
            current.length += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Writes everything written so far to the stream under this one and flushes it: on this
     * thread when the writing thread never started, else by that thread, waited for.
     */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        if (thread == null) {
            throwFailure();
            if (current.length > 0) {
                out.write(current.bytes, 0, current.length);
                current.length = 0;
            }
            out.flush();
            return;
        }
        if (current.length > 0) {
            handOff();
        }
        synchronized (lock) {
            while (done < handed && failure == null) {
                await();
            }
            throwFailure();
        }
        // The writing thread is idle now, with nothing queued: the stream under it is ours to flush.
        out.flush();
    }

    /** Flushes, stops the writing thread and closes the stream under this one. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            synchronized (lock) {
                closing = true;
                lock.notifyAll();
            }
            out.close();
        }
    }

    /** Queues the current buffer for the writing thread (started now if it is not yet) and takes a free one. */
    private void handOff() throws IOException {
        synchronized (lock) {
            throwFailure();
            toWrite.add(current);
            handed++;
            lock.notifyAll();
            if (thread == null) {
                thread = new Thread(this::writeQueued, "vfio-compat-write-behind-" + THREADS.incrementAndGet());
                // Main flushes before it exits; a daemon never keeps a finished command alive.
                thread.setDaemon(true);
                thread.start();
            }
            while (free.isEmpty() && buffers >= MAX_BUFFERS && failure == null) {
                await();
            }
            throwFailure();
            if (free.isEmpty()) {
                buffers++;
                current = new Buffer(bufferBytes);
            } else {
                current = free.poll();
            }
        }
        current.length = 0;
    }

    /** The writing thread: writes the queued buffers in order until the stream is closed. */
    private void writeQueued() {
        while (true) {
            Buffer next;
            boolean write;
            synchronized (lock) {
                while (toWrite.isEmpty() && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Nobody interrupts this thread but to stop it: what is queued is dropped.
                        failure = new InterruptedIOException("the writing thread was interrupted");
                        lock.notifyAll();
                        return;
                    }
                }
                if (toWrite.isEmpty()) {
                    return;
                }
                next = toWrite.poll();
                write = failure == null;
            }
            IOException failed = null;
            if (write) {
                try {
                    out.write(next.bytes, 0, next.length);
                } catch (IOException e) {
                    failed = e;
                } catch (RuntimeException e) {
                    failed = new IOException(e);
                }
            }
            synchronized (lock) {
                if (failed != null && failure == null) {
                    failure = failed;
                }
                done++;
                free.add(next);
                lock.notifyAll();
            }
        }
    }

    /** Waits on {@link #lock} (held), an interrupt turned into the stream's failure. */
    private void await() throws InterruptedIOException {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for output to be written");
        }
    }

    private void throwFailure() throws IOException {
        synchronized (lock) {
            if (failure != null) {
                throw new IOException("writing the output failed: " + failure.getMessage(), failure);
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
