package org.vfiocompat.engine.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the pack folders (and the trust store) and reloads the engine when their content has
 * changed and then stayed the same for one more interval: a vendor's copy of several files is
 * picked up once, whole, rather than half-way. Polling rather than a file-system watch service:
 * it sees nested folders, network file systems and replaced folders alike, and packs are small.
 */
final class PackWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PackWatcher.class);
    private static final int MAX_DEPTH = 10;

    private final List<Path> watched;
    private final Runnable reload;
    private final ScheduledExecutorService timer;
    private String applied;
    private String lastSeen;

    PackWatcher(List<Path> watched, Duration interval, Runnable reload) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("watch interval must be positive, got " + interval);
        }
        this.watched = List.copyOf(watched);
        this.reload = reload;
        this.applied = fingerprint(this.watched);
        this.lastSeen = applied;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vfio-compat-pack-watcher");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            String now = fingerprint(watched);
            if (!now.equals(applied) && now.equals(lastSeen)) {
                applied = now;
                reload.run();
            }
            lastSeen = now;
        } catch (RuntimeException e) {
            LOG.warn("watching the pack folders failed: {}", e.toString());
        }
    }

    /** SHA-256 over the path, size and bytes of every file under {@code paths}, in path order. */
    static String fingerprint(List<Path> paths) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path root : paths) {
                sha.update(root.toString().getBytes(StandardCharsets.UTF_8));
                if (!Files.exists(root)) {
                    sha.update((byte) 1);
                    continue;
                }
                try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
                    for (Path p : walk.sorted().toList()) {
                        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                            sha.update((byte) 0);
                            sha.update(p.toString().getBytes(StandardCharsets.UTF_8));
                            sha.update((byte) 0);
                            sha.update(Files.readAllBytes(p));
                        }
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    // A file that vanished mid-walk: the folder is changing; the next poll sees it settled.
                    sha.update(("unreadable " + e).getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
