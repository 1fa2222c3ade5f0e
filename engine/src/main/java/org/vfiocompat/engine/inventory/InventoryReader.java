package org.vfiocompat.engine.inventory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Reads an inventory, whole-file or streamed (JSON documents, NDJSON hosts, gzip of either:
 * see {@link InventoryStream}), and checks what the JSON shape cannot ({@link FleetIndex}).
 * Every problem is reported with its JSON pointer, all of them at once.
 */
public final class InventoryReader {

    private InventoryReader() {
    }

    /** The threads an NDJSON file is read on: {@code -Dvfiocompat.inventory.threads}, by default every core. */
    public static int defaultThreads() {
        return Math.max(1, Integer.getInteger("vfiocompat.inventory.threads", Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Reads {@code file}, streaming; errors name it as {@code displayName}. NDJSON is read on
     * {@link #defaultThreads()} threads.
     */
    public static InventoryContent read(Path file, String displayName) {
        return read(file, displayName, defaultThreads());
    }

    /**
     * Reads {@code file} on {@code threads} threads when it is NDJSON (or gzip of it) larger than
     * a chunk ({@link ParallelInventoryRead}), else as {@link #read(InputStream, String)} does.
     * The content, and every problem and its order, are those of the sequential read: a file
     * that is not valid is read again sequentially, to report them.
     */
    public static InventoryContent read(Path file, String displayName, int threads) {
        return read(file, displayName, threads, profile -> { });
    }

    /**
     * The same, telling {@code seen} each distinct device profile once, as it is first read, on
     * one of the reading threads ({@code seen} must be thread-safe).
     */
    public static InventoryContent read(Path file, String displayName, int threads, Consumer<DeviceProfile> seen) {
        return read(file, displayName, threads, ParallelInventoryRead.CHUNK_BYTES, seen);
    }

    /** {@link #read(Path, String, int, Consumer)} with chunks of about {@code chunkBytes} (tests cut small files into many). */
    static InventoryContent read(Path file, String displayName, int threads, int chunkBytes, Consumer<DeviceProfile> seen) {
        // Once each: a file read again sequentially after the parallel read gave up finds the
        // profiles the parallel read told already.
        Set<DeviceProfile> told = ConcurrentHashMap.newKeySet();
        Consumer<DeviceProfile> once = p -> {
            if (told.add(p)) {
                seen.accept(p);
            }
        };
        if (threads > 1 && Files.isRegularFile(file)) {
            InventoryContent parallel = ParallelInventoryRead.read(file, displayName, threads, chunkBytes, once);
            if (parallel != null) {
                return parallel;
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, displayName, once);
        } catch (NoSuchFileException e) {
            throw new InvalidInventoryException(List.of(new Problem(ProblemCodes.FILE_NOT_FOUND, Location.file(displayName), "no such file")));
        } catch (IOException e) {
            throw new InvalidInventoryException(List.of(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(displayName),
                    "cannot be read: " + (e.getMessage() == null ? e.toString() : e.getMessage()))));
        }
    }

    /** Reads the inventory {@code bytes}; errors name it as {@code displayName}. */
    public static InventoryContent read(byte[] bytes, String displayName) {
        return read(new ByteArrayInputStream(bytes), displayName);
    }

    /**
     * Reads an inventory from {@code in} (not closed) one host at a time: memory holds the
     * fleet (one instance of each distinct profile), never the input's JSON.
     *
     * @throws InvalidInventoryException with every problem found
     */
    public static InventoryContent read(InputStream in, String displayName) {
        return read(in, displayName, profile -> { });
    }

    /**
     * The same, telling {@code seen} each distinct device profile as it is first read, on the
     * reading thread: a batch starts what its pairs will need (a pack's worker JVM) while the
     * rest of the inventory is read.
     */
    public static InventoryContent read(InputStream in, String displayName, Consumer<DeviceProfile> seen) {
        FleetIndex index = new FleetIndex(displayName, new ProfileInterner(seen));
        InventoryStream.read(in, displayName, index);
        return index.content();
    }

    /** Reads {@code file} strictly as one JSON document, without the content checks of {@link #check}. */
    public static InventoryJson readJson(Path file, String displayName) {
        return JsonInput.read(file, displayName, InventoryJson.class, InvalidInventoryException::new);
    }

    /**
     * Checks an inventory read from (or about to be written to) {@code displayName}.
     *
     * @throws InvalidInventoryException with every problem found
     */
    public static InventoryContent check(InventoryJson json, String displayName) {
        FleetIndex index = new FleetIndex(displayName);
        index.version(json.version(), Location.pointer(displayName, "/version"));
        List<InventoryJson.HostJson> hosts = json.hosts() == null ? List.of() : json.hosts();
        for (int h = 0; h < hosts.size(); h++) {
            index.add(hosts.get(h), new HostPlace(displayName, "/hosts/" + h, 0));
        }
        return index.content();
    }
}
