package org.vfiocompat.engine.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Reads an NDJSON inventory file (or gzip of one) on several threads: the calling thread cuts
 * it into chunks of whole lines ({@link LineChunks}), the others bind each chunk's hosts into a
 * {@link FleetIndex} of its own, and the parts are added to the fleet in file order, so the
 * result is the sequential reader's: the same hosts, devices and creatable types in the same
 * order, equal profiles one instance (the parts share one {@link ProfileInterner}).
 *
 * <p>It vouches only for a valid file. At the first part with any problem, or the first host
 * named in two parts, it gives up (null), and the caller reads the file again sequentially: the
 * problems, their order, and which one comes first are then the sequential reader's by
 * construction, and a file that is not valid costs at most the part read so far again. An input
 * that is not NDJSON hosts (an inventory document), or that fits one chunk, is left to the
 * sequential reader before any host is bound.
 */
final class ParallelInventoryRead {

    /** About what each thread binds at a time: a few thousand hosts, enough to make handing them out cheap. */
    static final int CHUNK_BYTES = 4 << 20;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private ParallelInventoryRead() {
    }

    /**
     * The content of {@code file} read on {@code threads} threads, in chunks of about
     * {@code chunkBytes}; null when the file must be read sequentially (see the class comment).
     * Problems are never thrown from here.
     */
    static InventoryContent read(Path file, String name, int threads, int chunkBytes) {
        return read(file, name, threads, chunkBytes, profile -> { });
    }

    /** The same, telling {@code seen} each distinct profile as one of the threads first reads it. */
    static InventoryContent read(Path file, String name, int threads, int chunkBytes, Consumer<DeviceProfile> seen) {
        try (InputStream raw = Files.newInputStream(file)) {
            LineChunks chunks = new LineChunks(InventoryStream.unpacked(raw), chunkBytes);
            byte[] first = chunks.next();
            if (first == null || !startsWithHost(first)) {
                return null;
            }
            byte[] second = chunks.next();
            if (second == null) {
                return null; // one chunk: nothing to share out
            }
            return readParts(name, threads, first, second, chunks, seen);
        } catch (IOException | RuntimeException e) {
            // The sequential read meets the same failure (or bug) and reports it as it always has.
            return null;
        }
    }

    private static InventoryContent readParts(String name, int threads, byte[] first, byte[] second, LineChunks chunks,
                                              Consumer<DeviceProfile> seen) throws IOException {
        FleetIndex fleet = new FleetIndex(name, new ProfileInterner(seen));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "inventory-read-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            // In flight at most two chunks a thread: memory holds a few chunks of input, never the file.
            Deque<Future<FleetIndex>> pending = new ArrayDeque<>();
            pending.add(pool.submit(() -> part(fleet, first, name)));
            pending.add(pool.submit(() -> part(fleet, second, name)));
            for (byte[] chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
                if (pending.size() >= 2 * threads && !fleet.absorb(join(pending.poll()))) {
                    return null;
                }
                byte[] c = chunk;
                pending.add(pool.submit(() -> part(fleet, c, name)));
            }
            while (!pending.isEmpty()) {
                if (!fleet.absorb(join(pending.poll()))) {
                    return null;
                }
            }
            return fleet.content();
        } finally {
            // Parts still running when the read gives up (a problem sends it to the sequential
            // re-read) must end first: otherwise they go on telling profiles and filling the
            // shared interner while the re-read runs, and after the read has returned. Each part
            // is one bounded chunk, so the wait is short; an interrupt is kept for the caller.
            pool.shutdownNow();
            boolean interrupted = false;
            while (true) {
                try {
                    if (pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static FleetIndex part(FleetIndex fleet, byte[] chunk, String name) {
        FleetIndex part = fleet.part();
        InventoryStream.readHosts(chunk, name, part);
        return part;
    }

    private static FleetIndex join(Future<FleetIndex> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the inventory", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Whether the input's first value is an object whose first member is a host's, not a document's. */
    private static boolean startsWithHost(byte[] chunk) {
        try (JsonParser p = JsonInput.parser(new java.io.ByteArrayInputStream(chunk))) {
            return p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
                    && !InventoryStream.isDocumentMember(p.currentName());
        } catch (IOException e) {
            return false;
        }
    }
}
