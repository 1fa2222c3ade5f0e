package org.vfiocompat.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.InputException;
import org.vfiocompat.engine.Problem;

/**
 * The inventory requests point into, replaced atomically: by {@code PUT /v1/inventory}, or by
 * the watch of its file. Each request takes the fleet that is current when it starts and keeps
 * it to the end. A replacement that does not read is refused with its located problems, and the
 * fleet in use stays (the last good one), as the engine keeps its last good pack set.
 */
final class LoadedInventory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedInventory.class);

    /** The fleet in use, with where it came from and its generation (1 for the first). */
    record Current(Fleet fleet, String origin, long generation, Instant since) {
    }

    /** How the last replacement (or the first load) went. */
    record Attempt(boolean ok, Instant time, long generation, String origin, List<Problem> problems) {
    }

    private final AtomicReference<Current> current;
    private final AtomicReference<Attempt> lastAttempt;
    private final Optional<Path> file;
    private final Clock clock;
    private ScheduledExecutorService watcher;
    /** The file's size and time as last seen by the watch, and whether it changed since it was read. */
    private FileStamp seen;
    private boolean pending;

    LoadedInventory(Fleet fleet, Optional<Path> file, Clock clock) {
        this.file = file;
        this.clock = clock;
        Instant now = clock.instant();
        String origin = file.map(Path::toString).orElse(fleet.name());
        this.current = new AtomicReference<>(new Current(fleet, origin, 1, now));
        this.lastAttempt = new AtomicReference<>(new Attempt(true, now, 1, origin, List.of()));
        this.seen = file.map(FileStamp::of).orElse(null);
    }

    Current current() {
        return current.get();
    }

    Attempt lastAttempt() {
        return lastAttempt.get();
    }

    Optional<Path> file() {
        return file;
    }

    /** Puts {@code fleet} in use at once; requests already running keep the one they started with. */
    synchronized Current replace(Fleet fleet, String origin) {
        Current next = new Current(fleet, origin, current.get().generation() + 1, clock.instant());
        current.set(next);
        lastAttempt.set(new Attempt(true, next.since(), next.generation(), origin, List.of()));
        LOG.info("inventory replaced from {}: generation {}, {} hosts, {} devices", origin, next.generation(),
                fleet.hosts().size(), fleet.devices().size());
        return next;
    }

    /** Records a replacement that was refused; the fleet in use stays. */
    synchronized void refused(String origin, List<Problem> problems) {
        lastAttempt.set(new Attempt(false, clock.instant(), current.get().generation(), origin, List.copyOf(problems)));
        LOG.warn("inventory from {} refused, keeping generation {}: {}", origin, current.get().generation(),
                problems.isEmpty() ? "" : problems.get(0));
    }

    /**
     * Polls the file every {@code interval} and reads it again once its size or time changed and
     * then held still for one interval (so a file being written is not read half-way). A file
     * that does not read leaves the fleet in use as it is.
     */
    synchronized void watch(Duration interval) {
        if (file.isEmpty() || watcher != null) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vfio-compat-inventory-watch");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        watcher.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    private synchronized void poll() {
        try {
            FileStamp now = FileStamp.of(file.get());
            if (!now.equals(seen)) {
                seen = now;
                pending = true;
                return;
            }
            if (pending) {
                pending = false;
                reloadFile();
            }
        } catch (RuntimeException e) {
            LOG.warn("inventory watch of {}: {}", file.get(), e.toString());
        }
    }

    /** Reads the file again; refused (the fleet in use kept) when it does not read. */
    synchronized void reloadFile() {
        Path f = file.orElseThrow();
        try {
            replace(Fleet.load(f), f.toString());
        } catch (InputException e) {
            refused(f.toString(), e.problems());
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }

    /** A file's size and modification time; a missing file is a stamp of its own. */
    private record FileStamp(long size, FileTime modified) {
        static FileStamp of(Path file) {
            Objects.requireNonNull(file, "file");
            try {
                return new FileStamp(Files.size(file), Files.getLastModifiedTime(file));
            } catch (IOException e) {
                return new FileStamp(-1, FileTime.fromMillis(0));
            }
        }
    }
}
