package org.vfiocompat.engine.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.vfiocompat.engine.OutputFile;

/**
 * A file being written whole or not at all: its bytes go to a temporary sibling, which
 * {@link #commit} renames over the target after the last byte. Every file the engine writes
 * (the compiled-pack cache, trust stores, keys, signed manifests, through {@link AtomicWrite})
 * and every {@code --out} of the CLI (through the API's {@link OutputFile}) is written this way,
 * so the promises below are made once:
 * <ul>
 *   <li>a reader sees the old content or the new, never a part: the rename is atomic;</li>
 *   <li>a symbolic link is kept, and the file it names replaced; a folder, a device, a FIFO or a
 *       link to nothing is refused (none of them can be replaced whole);</li>
 *   <li>a replaced file keeps its permissions, a new one gets the umask's ({@code 0666 & ~umask},
 *       as any tool's output), and an owner-only file (a private key) is {@code rw-------} from its
 *       first byte;</li>
 *   <li>nothing half-written stays: the temporary file is deleted when the write is abandoned
 *       ({@link #close} before {@link #commit}) and when the JVM is stopped (SIGTERM, Ctrl-C)
 *       before the rename; one left by a process killed outright (SIGKILL, the OOM killer) is
 *       named after that process ({@code .NAME.PID-N.tmp}) and deleted by the next write of the
 *       same file, so such leftovers never pile up under new names.</li>
 * </ul>
 */
public final class AtomicFile implements OutputFile {

    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong COUNTER = new AtomicLong();
    /**
     * Temporary files not yet renamed or deleted: what the shutdown hook deletes. A file is made
     * and joins the set under the lock the hook takes, so a stop at any moment leaves nothing:
     * either the hook runs first and no file is made, or the file is made first and the hook
     * sees it. (A set the hook read without the lock missed a file made while it ran.)
     */
    private static final Set<Path> IN_FLIGHT = new HashSet<>();
    private static boolean stopping;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (IN_FLIGHT) {
                stopping = true;
                for (Path temp : IN_FLIGHT) {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException ignored) {
                        // the JVM is going down; nothing more can be done
                    }
                }
            }
        }, "vfio-compat-atomic-file-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean committed;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.stream = Channels.newOutputStream(channel);
    }

    /**
     * Starts writing {@code target} (or, through symbolic links, the file they name): an empty
     * temporary file beside it, with the permissions the result will have.
     *
     * @param ownerOnly readable and writable by its owner alone from the start (where the file
     *                  system has POSIX permissions), whatever the file it replaces allowed
     * @throws IOException when the target is a folder, a device, a FIFO or a link to nothing, or
     *                     the temporary file cannot be made (no such folder, permission denied)
     */
    public static AtomicFile create(Path target, boolean ownerOnly) throws IOException {
        Path file = resolve(target);
        Path dir = file.getParent();
        String name = file.getFileName().toString();
        removeLeftovers(dir, name);
        Path temp = createTemp(dir, name, ownerOnly);
        try {
            if (!ownerOnly && Files.isRegularFile(file)) {
                copyPermissions(file, temp);
            }
            return new AtomicFile(file, temp, FileChannel.open(temp, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            forget(temp);
            throw e;
        }
    }

    /** The file the commit replaces: the target, or the file its links name. */
    @Override
    public Path target() {
        return target;
    }

    /** Where the bytes go; closing it is not a commit (nor an abandonment: {@link #close} still decides). */
    @Override
    public OutputStream stream() {
        return stream;
    }

    /** {@link #commit(boolean)} without forcing the bytes to disk first: a command's output. */
    @Override
    public void commit() throws IOException {
        commit(false);
    }

    /**
     * Renames the temporary file over the target; with {@code durable}, after forcing its bytes
     * to disk, so that a crash of the machine right after leaves the old content or the whole new
     * one (the engine's own files; a command's gigabytes of output are not forced).
     */
    public void commit(boolean durable) throws IOException {
        if (committed) {
            return;
        }
        if (durable && channel.isOpen()) {
            channel.force(true);
        }
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
        synchronized (IN_FLIGHT) {
            IN_FLIGHT.remove(temp);
        }
    }

    /** Abandons the write unless it was committed: the temporary file is deleted, the target left as it was. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is deleted next; what it held no longer matters
        }
        forget(temp);
    }

    /** Deletes {@code temp} and takes it out of the shutdown hook's set. */
    private static void forget(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Best effort: it is named after this process, and the next write of the target deletes it.
        }
        synchronized (IN_FLIGHT) {
            IN_FLIGHT.remove(temp);
        }
    }

    /** The file to replace: {@code target}, or through links the file they name; refused when not a regular file. */
    private static Path resolve(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.getFileName() == null || target.toString().isEmpty()) {
            throw new IOException(target + " is a folder, not a file");
        }
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return absolute;
        }
        if (Files.isSymbolicLink(absolute) && !Files.exists(absolute)) {
            throw new IOException(target + " is a symbolic link to nothing; it names no file to replace");
        }
        Path real = absolute.toRealPath();
        if (Files.isDirectory(real)) {
            throw new IOException(target + " is a folder, not a file");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(target + " is not a regular file (a device or a FIFO); it cannot be replaced whole");
        }
        return real;
    }

    /**
     * A new empty file beside the target, named after this process, made and registered under
     * the shutdown hook's lock. {@code Files.createFile} without attributes applies the umask;
     * {@code createTempFile} would make every output 0600.
     */
    private static Path createTemp(Path dir, String name, boolean ownerOnly) throws IOException {
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve(tempName(name, PID, COUNTER.incrementAndGet()));
            synchronized (IN_FLIGHT) {
                if (stopping) {
                    throw new IOException("the JVM is stopping");
                }
                try {
                    if (posix && ownerOnly) {
                        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    } else {
                        Files.createFile(temp);
                    }
                    IN_FLIGHT.add(temp);
                    return temp;
                } catch (FileAlreadyExistsException e) {
                    // Another JVM that had this process's number left it; try the next name.
                    if (attempt > 100) {
                        throw e;
                    }
                }
            }
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
                long pid = dash <= 0 ? -1 : parse(middle.substring(0, dash));
                if (pid > 0 && pid != PID && ProcessHandle.of(pid).isEmpty()) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // another user's, or already gone: left alone
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

    private static void copyPermissions(Path from, Path to) throws IOException {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own rules apply
        }
    }
}
