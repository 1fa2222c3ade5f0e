package org.vfiocompat.engine.isolation;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data-sharing archive of worker JVMs, made by the engine itself, so that workers
 * started without the launcher script (under {@code java -jar}, or by an embedder) map the
 * classes a worker loads instead of loading and verifying them again: about a third of a
 * worker's start and pack load (docs/performance.md). The launcher hands its own archive to the
 * workers ({@value WorkerLaunch#JAVA_OPTIONS_PROPERTY}); when the worker options name one, or turn
 * sharing off, this archive is left out.
 * <p>
 * It lives in the compiled-pack cache folder as {@code worker-cds-KEY.jsa}, KEY a digest of the
 * JVM (its home and version) and of every class path entry, the JAR manifests' {@code Class-Path}
 * included (path, size, modification time: what the JVM itself checks before it maps an
 * archive), so a rebuild or another JDK makes a new one. It is made in two steps, as the
 * launcher makes its own: the first worker started while there is none lists the classes it
 * loads ({@code -XX:DumpLoadedClassList}; one such recorder at a time, held by a lock folder);
 * when that worker ends, having loaded its pack, a background JVM dumps the list (without its
 * {@code @lambda-proxy} lines, which JDK 17 crashes archiving) into a file of its own and
 * renames it into place, so no worker maps a half-written archive. The dump loads and links
 * classes of the class path by name; it runs no pack code, and the list only selects which of
 * those classes are archived.
 * <p>
 * An archive the JVM finds stale, foreign or broken it does not map ({@code -Xshare:auto}, the
 * default), silently at the default log level: the worker then starts as it would without one.
 * Nothing the JVM prints can reach the protocol either way (the answers have a channel of their
 * own, {@link WorkerMain#answers}).
 */
final class WorkerArchive {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerArchive.class);
    /** The system property that turns the workers' archive off ({@code off}); on by default. */
    static final String PROPERTY = "vfiocompat.worker.archive";
    /** A lock folder older than this was left by a run that died while recording or dumping. */
    static final Duration STALE_LOCK = Duration.ofMinutes(10);

    private final Path archive;
    private final Path lock;
    private final String classPath;

    private WorkerArchive(Path folder, String key, String classPath) {
        this.archive = folder.resolve("worker-cds-" + key + ".jsa");
        this.lock = folder.resolve("worker-cds-" + key + ".lock");
        this.classPath = classPath;
    }

    /**
     * The archive of workers running on {@code classPath} (absolute entries) kept in
     * {@code folder}, or null when there is no folder to keep one in, the worker options
     * already say how classes are shared, or {@value #PROPERTY} is {@code off}.
     */
    static WorkerArchive in(Path folder, String classPath, List<String> workerOptions) {
        boolean sharingChosen = workerOptions.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-Xshare"));
        if (folder == null || sharingChosen || "off".equals(System.getProperty(PROPERTY))) {
            return null;
        }
        if (!onlyJars(classPath)) {
            return null; // the JVM archives classes from jars only (a test's class folders, say)
        }
        return new WorkerArchive(folder.toAbsolutePath(), key(classPath), classPath);
    }

    /** Whether every class path entry, and every jar a manifest's {@code Class-Path} names, is a jar file. */
    static boolean onlyJars(String classPath) {
        return entries(classPath).stream().allMatch(p -> !Files.isDirectory(p) && p.toString().endsWith(".jar"));
    }

    /** Where the archive is (or will be). */
    Path file() {
        return archive;
    }

    /** The options that map the archive, when there is one; none otherwise. */
    List<String> mapOptions() {
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto") : List.of();
    }

    /**
     * Starts recording, when no archive exists and no other worker records one now: the
     * recording's option lists the classes of the worker started with it. Null when nothing is
     * to be recorded.
     */
    Recording record() {
        if (Files.isRegularFile(archive)) {
            return null;
        }
        try {
            Files.createDirectories(lock.getParent());
            removeIfStale();
            Files.createDirectory(lock);
        } catch (IOException e) {
            return null; // another worker records, or the folder cannot be written: no archive this time
        }
        return new Recording(lock.resolveSibling(lock.getFileName() + "-" + ProcessHandle.current().pid() + ".classes"));
    }

    private void removeIfStale() throws IOException {
        if (Files.isDirectory(lock)
                && Files.getLastModifiedTime(lock).toInstant().isBefore(Instant.now().minus(STALE_LOCK))) {
            try (var left = Files.list(lock.getParent())) {
                for (Path p : left.filter(p -> p.getFileName().toString().startsWith(lock.getFileName() + "-")).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(lock);
        }
    }

    /** One worker listing its classes for the archive. */
    final class Recording {
        private final Path list;
        private boolean finished;

        private Recording(Path list) {
            this.list = list;
        }

        /** The worker's option that lists the classes it loads. */
        String option() {
            return "-XX:DumpLoadedClassList=" + list;
        }

        /**
         * The recording worker ended: when it had loaded its pack ({@code loadedPack}), a JVM
         * started in the background dumps the archive from its list, then renames it into place
         * and releases the lock; otherwise the list is dropped and the lock released, for the
         * next worker to record again. Once only.
         */
        synchronized void finish(boolean loadedPack) {
            if (finished) {
                return;
            }
            finished = true;
            if (!loadedPack || !Files.isRegularFile(list)) {
                abandon();
                return;
            }
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            // In the cache folder, so that a crash report of the dump never lands in the user's folder.
            String script = "grep -v '^@lambda-proxy' \"$1\" > \"$1.kept\""
                    + " && \"$5\" -Xshare:dump -XX:SharedClassListFile=\"$1.kept\" -XX:SharedArchiveFile=\"$2.tmp\" -Xlog:disable"
                    + " -XX:ErrorFile=worker-cds-crash-%p.log -cp \"$3\" && mv -f \"$2.tmp\" \"$2\";"
                    + " rm -f \"$1\" \"$1.kept\" \"$2.tmp\"; rmdir \"$4\"";
            try {
                new ProcessBuilder("/bin/sh", "-c", script, "sh", list.toString(), archive.toString(), classPath, lock.toString(),
                        java.toString())
                        .directory(archive.getParent().toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                LOG.debug("cannot start the worker archive's dump: {}", e.toString());
                abandon();
            }
        }

        private void abandon() {
            try {
                Files.deleteIfExists(list);
                Files.deleteIfExists(lock);
            } catch (IOException e) {
                LOG.debug("cannot release {}: {}", lock, e.toString()); // stale after STALE_LOCK
            }
        }
    }

    /**
     * The digest of the JVM and of every class path entry, with the jars their manifests' {@code
     * Class-Path} names: path, size and modification time of each.
     */
    static String key(String classPath) {
        StringBuilder what = new StringBuilder(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n');
        for (Path entry : entries(classPath)) {
            what.append(entry).append(' ');
            try {
                FileTime time = Files.getLastModifiedTime(entry);
                what.append(Files.size(entry)).append(' ').append(time.toMillis());
            } catch (IOException e) {
                what.append("absent");
            }
            what.append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(what.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The class path's entries, with those that its jars' manifests add ({@code Class-Path}). */
    static List<Path> entries(String classPath) {
        List<Path> out = new ArrayList<>();
        for (String e : classPath.split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            Path entry = Path.of(e);
            out.add(entry);
            if (e.endsWith(".jar") && Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    String listed = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                    if (listed != null) {
                        for (String rel : listed.trim().split("\\s+")) {
                            out.add(rel.startsWith("file:") ? Path.of(java.net.URI.create(rel)) : entry.resolveSibling(rel));
                        }
                    }
                } catch (IOException ex) {
                    // an unreadable jar is keyed by its size and time alone
                }
            }
        }
        return out;
    }
}
