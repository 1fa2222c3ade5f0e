package org.vfiocompat.engine.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writing a file whole or not at all: to a temporary file beside it, forced to disk, then
 * renamed over it. The engine's files (the compiled-pack cache, trust stores, keys, signed
 * manifests) are written this way, with the promises the CLI's {@code --out} makes:
 * <ul>
 *   <li>a reader sees the old content or the new, never a part: the rename is atomic, and the
 *       bytes are on disk before it;</li>
 *   <li>a symbolic link is kept, and the file it names replaced; a folder, a device or a FIFO is
 *       refused (none of them can be replaced whole);</li>
 *   <li>a replaced file keeps its permissions, a new one gets the umask's, and an owner-only
 *       file (a private key) is {@code rw-------} from its first byte;</li>
 *   <li>nothing half-written stays: the temporary file is deleted on failure and when the JVM is
 *       stopped (SIGTERM, Ctrl-C) before the rename; one left by a process killed outright
 *       (SIGKILL) is named after that process and deleted by the next write of the same file.</li>
 * </ul>
 */
public final class AtomicWrite {

    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong COUNTER = new AtomicLong();
    /** Temporary files being written now: what the shutdown hook deletes. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the JVM is going down; nothing more can be done
            }
        }), "vfio-compat-atomic-write-cleanup"));
    }

    private AtomicWrite() {
    }

    /** Writes {@code bytes} to {@code target}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, false);
    }

    /**
     * Writes {@code bytes} to {@code target}; with {@code ownerOnly}, readable and writable by
     * its owner alone from the start (where the file system has POSIX permissions).
     */
    public static void write(Path target, byte[] bytes, boolean ownerOnly) throws IOException {
        Path file = resolve(target);
        Path dir = file.getParent();
        String name = file.getFileName().toString();
        removeLeftovers(dir, name);
        Path temp = dir.resolve(tempName(name, PID, COUNTER.incrementAndGet()));
        IN_FLIGHT.add(temp);
        try {
            create(temp, file, ownerOnly);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
            IN_FLIGHT.remove(temp);
        }
    }

    /** The file to replace: {@code target}, or through links the file they name; refused when not a regular file. */
    private static Path resolve(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.getFileName() == null) {
            throw new IOException(target + " is a folder, not a file");
        }
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return absolute;
        }
        Path real = Files.isSymbolicLink(absolute) && Files.exists(absolute) ? absolute.toRealPath() : absolute;
        if (Files.isDirectory(real)) {
            throw new IOException(target + " is a folder, not a file");
        }
        if (Files.exists(real, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(target + " is not a regular file (a device, FIFO or dangling link); it cannot be replaced whole");
        }
        return real;
    }

    /** The empty temporary file, with the permissions the result must have. */
    private static void create(Path temp, Path file, boolean ownerOnly) throws IOException {
        boolean posix = Files.getFileStore(temp.getParent()).supportsFileAttributeView("posix");
        if (posix && ownerOnly) {
            FileAttribute<Set<PosixFilePermission>> ownerRw =
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            Files.createFile(temp, ownerRw);
            return;
        }
        Files.createFile(temp);
        if (posix && Files.isRegularFile(file)) {
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
        }
    }

    static String tempName(String name, long pid, long n) {
        return "." + name + "." + pid + "-" + n + ".tmp";
    }

    /** Deletes temporary files of {@code name} left by processes that are gone (killed before they could). */
    private static void removeLeftovers(Path dir, String name) throws IOException {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir, entry -> {
            String n = entry.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : siblings) {
                String middle = p.getFileName().toString().substring(prefix.length());
                int dash = middle.indexOf('-');
                long pid = dash < 0 ? -1 : parse(middle.substring(0, dash));
                if (pid > 0 && pid != PID && ProcessHandle.of(pid).isEmpty()) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // someone else's, or already gone: left alone
                    }
                }
            }
        }
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
