package org.vfiocompat.engine.trust;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every file in a pack folder, as relative paths with {@code /} separators: what "no file was
 * added after signing" is checked against. Anything that is not a directory counts (a symbolic
 * link too, without following it), hidden files included.
 */
public final class FolderEntries {

    /** A pack folder with more entries, or deeper ones, is refused rather than walked. */
    static final int MAX_ENTRIES = 1000;
    static final int MAX_DEPTH = 8;

    private FolderEntries() {
    }

    /**
     * The entries of {@code dir}, sorted.
     *
     * @throws IOException when the folder cannot be walked, holds more than {@value #MAX_ENTRIES}
     *                     entries or is nested deeper than {@value #MAX_DEPTH} levels
     */
    public static List<String> list(Path dir) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        Path root = dir.normalize();
        try (Stream<Path> walk = Files.walk(root, MAX_DEPTH + 1, new FileVisitOption[0])) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (root.relativize(p).getNameCount() > MAX_DEPTH) {
                        throw new IOException("pack folder nests deeper than " + MAX_DEPTH + " levels: " + p);
                    }
                    continue;
                }
                out.add(relative(root, p));
                if (out.size() > MAX_ENTRIES) {
                    throw new IOException("pack folder holds more than " + MAX_ENTRIES + " files");
                }
            }
        }
        return List.copyOf(out);
    }

    private static String relative(Path root, Path p) {
        Path rel = root.relativize(p);
        StringBuilder s = new StringBuilder();
        for (Path part : rel) {
            if (s.length() > 0) {
                s.append('/');
            }
            s.append(part);
        }
        return s.toString();
    }
}
