package org.vfiocompat.engine.pack;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.trust.FolderEntries;

/**
 * The bytes of every file a pack's manifest names, read once, before any check.
 *
 * <p>Every later step (manifest check, DRL check, digest, compile, test vectors) works on this
 * snapshot, never on the file system again: what is checked is exactly what is compiled and
 * digested, whatever changes on disk meanwhile, and a pack read from a folder, a zip or a jar
 * is the same value when its content is the same.
 *
 * <p>Paths are relative, with {@code /} separators, as the manifest spells them.
 */
public final class PackFiles {

    /** The largest single file a pack may hold; a bigger one is refused before it is read whole. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final String origin;
    private final SortedMap<String, byte[]> files;
    private final List<String> entries;

    /** A snapshot from a source that cannot list its entries: files added to a signed pack cannot be ruled out. */
    PackFiles(String origin, SortedMap<String, byte[]> files) {
        this(origin, files, null);
    }

    /**
     * @param entries every file present at the origin (relative paths), whether the manifest names
     *                it or not, or null when the origin cannot list them
     */
    PackFiles(String origin, SortedMap<String, byte[]> files, List<String> entries) {
        this.origin = origin;
        this.entries = entries == null ? null : List.copyOf(new java.util.TreeSet<>(entries));
        TreeMap<String, byte[]> copy = new TreeMap<>();
        files.forEach((k, v) -> copy.put(k, v.clone()));
        this.files = Collections.unmodifiableSortedMap(copy);
    }

    /** Where the pack came from, as errors show it: a folder, a zip file, a class-path location. */
    public String origin() {
        return origin;
    }

    /** How errors name {@code rel}: the origin, a slash, the relative path. */
    public String display(String rel) {
        return origin + "/" + rel;
    }

    /** The relative paths held, sorted. */
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    /**
     * Every file present where the pack came from, sorted, named by the manifest or not; null
     * when the origin could not list them. What "no file added after signing" is checked against.
     */
    public List<String> entries() {
        return entries;
    }

    public boolean contains(String rel) {
        return files.containsKey(rel);
    }

    /** A copy of the bytes of {@code rel}, or empty when the pack does not hold it. */
    public Optional<byte[]> bytes(String rel) {
        byte[] b = files.get(rel);
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }

    /** The bytes of {@code rel} without a copy, for reading inside this package only. */
    byte[] bytesShared(String rel) {
        return files.get(rel);
    }

    /**
     * {@code rel} decoded as strict UTF-8, or a problem naming the file ("{@code what} is not
     * valid UTF-8", {@code what} saying which kind of file it is).
     */
    String text(String rel, String display, String what, List<Problem> problems) {
        byte[] b = files.get(rel);
        if (b == null) {
            problems.add(new Problem(ProblemCodes.FILE_NOT_FOUND, Location.file(display), "does not exist in the pack"));
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            problems.add(new Problem(ProblemCodes.FILE_NOT_UTF8, Location.file(display), what + " is not valid UTF-8"));
            return null;
        }
    }

    /**
     * Reads {@code rels} (relative to {@code dir}) into a snapshot, next to the manifest's bytes
     * already read. Files that are missing or outside the folder are left out: the manifest check
     * then names the manifest field that lists them. Unreadable or oversized files are reported
     * into {@code problems}.
     */
    /**
     * Why {@code file} may not be read as part of the pack rooted at {@code realRoot} (a real
     * path), or null when it may: every file a pack reads must be a regular file inside its root
     * after every link is resolved. A link to {@code /etc/passwd} named as a table or DRL file
     * brought that file's first line back in a lint message (issue 13, class 10).
     */
    static String outsideAfterLinks(Path realRoot, Path file) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            return "cannot be resolved: " + e.getMessage();
        }
        if (realRoot == null || !real.startsWith(realRoot)) {
            return "is a link to " + real + ", outside the pack folder; a pack reads only files inside it";
        }
        if (!Files.isRegularFile(real, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return "is not a regular file";
        }
        return null;
    }

    /** The real path of a pack folder, or null when it has none (it then has no files either). */
    static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    static PackFiles readFolder(Path dir, byte[] manifest, List<String> rels, List<Problem> problems) {
        TreeMap<String, byte[]> read = new TreeMap<>();
        read.put(PackManifest.FILE_NAME, manifest);
        Path root = dir.normalize();
        Path realRoot = realPath(root);
        for (String rel : rels) {
            if (rel == null || rel.isBlank() || read.containsKey(rel)) {
                continue;
            }
            Path file = root.resolve(rel).normalize();
            if (!PackManifest.insidePack(rel) || !file.startsWith(root) || !Files.isRegularFile(file)) {
                continue; // the manifest check reports it with its JSON pointer
            }
            String outside = outsideAfterLinks(realRoot, file);
            if (outside != null) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_PATH, Location.file(file.toString()), outside));
                continue;
            }
            try {
                long size = Files.size(file);
                if (size > MAX_FILE_BYTES) {
                    problems.add(new Problem(ProblemCodes.FILE_TOO_LARGE, Location.file(file.toString()), "file of " + size + " bytes exceeds the limit of "
                            + MAX_FILE_BYTES + " bytes for one pack file"));
                    continue;
                }
                read.put(rel, Files.readAllBytes(file));
            } catch (IOException e) {
                problems.add(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(file.toString()), "cannot be read: " + e.getMessage()));
            }
        }
        List<String> entries;
        try {
            entries = FolderEntries.list(root);
        } catch (IOException e) {
            problems.add(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(dir.toString()), "cannot list the pack folder: " + e.getMessage()));
            entries = null;
        }
        return new PackFiles(dir.toString(), read, entries);
    }
}
