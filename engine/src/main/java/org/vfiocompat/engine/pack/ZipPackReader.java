package org.vfiocompat.engine.pack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Reads a pack shipped as a {@code .zip} (or {@code .jar}) file into memory, never onto disk.
 * The pack's {@code pack.json} lies at the top of the archive or in one top folder
 * ({@code acme/pack.json}), and the paths below it are the pack's paths. An archive is untrusted
 * input like the pack inside it, so it is refused whole when it holds an entry that climbs out
 * ({@code ..}), an absolute path, a backslash, a name twice, or a symbolic link, and reading is
 * bounded before anything is inflated: entries counted, each file and the total measured as they
 * inflate (the sizes an archive declares are not trusted).
 */
final class ZipPackReader {

    static final long MAX_ARCHIVE_BYTES = 64L * 1024 * 1024;
    static final int MAX_ENTRIES = 1000;
    static final long MAX_TOTAL_BYTES = 32L * 1024 * 1024;

    private ZipPackReader() {
    }

    /** The pack's files by pack-relative path, or problems naming the archive (the map is then empty). */
    static SortedMap<String, byte[]> read(Path zip, List<Problem> problems) {
        String name = zip.toString();
        SortedMap<String, byte[]> entries = new TreeMap<>();
        try {
            long size = Files.size(zip);
            if (size > MAX_ARCHIVE_BYTES) {
                problems.add(new Problem(ProblemCodes.FILE_TOO_LARGE, Location.file(name), "archive of " + size + " bytes exceeds the limit of " + MAX_ARCHIVE_BYTES));
                return entries;
            }
            Set<String> links = symbolicLinks(Files.readAllBytes(zip));
            try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
                readEntries(file, name, links, entries, problems);
            }
        } catch (ZipException e) {
            problems.add(new Problem(ProblemCodes.PACK_ARCHIVE_INVALID, Location.file(name), "not a readable zip archive: " + e.getMessage()));
        } catch (IOException e) {
            problems.add(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(name), "cannot be read: " + e.getMessage()));
        }
        if (!problems.isEmpty()) {
            return new TreeMap<>();
        }
        return underPackRoot(entries, name, problems);
    }

    private static void readEntries(ZipFile file, String name, Set<String> links, SortedMap<String, byte[]> entries,
                                    List<Problem> problems) throws IOException {
        Set<String> seen = new HashSet<>();
        long total = 0;
        int count = 0;
        for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            String path = entry.getName();
            if (++count > MAX_ENTRIES) {
                problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.file(name), "archive holds more than " + MAX_ENTRIES + " entries"));
                return;
            }
            if (!seen.add(path)) {
                problems.add(new Problem(ProblemCodes.PACK_ARCHIVE_INVALID, Location.part(name, path), "entry appears twice in the archive"));
                continue;
            }
            if (path.startsWith("/") || path.contains("\\") || path.contains(":")
                    || List.of(path.split("/")).contains("..")) {
                problems.add(new Problem(ProblemCodes.PACK_ARCHIVE_INVALID, Location.part(name, path), "entry path is absolute or climbs out of the archive"));
                continue;
            }
            if (links.contains(path)) {
                problems.add(new Problem(ProblemCodes.PACK_ARCHIVE_INVALID, Location.part(name, path), "entry is a symbolic link; a pack holds regular files only"));
                continue;
            }
            if (entry.isDirectory()) {
                continue;
            }
            try (InputStream in = file.getInputStream(entry)) {
                byte[] bytes = in.readNBytes((int) PackFiles.MAX_FILE_BYTES + 1);
                if (bytes.length > PackFiles.MAX_FILE_BYTES) {
                    problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.part(name, path), "entry inflates to more than the limit of "
                            + PackFiles.MAX_FILE_BYTES + " bytes for one pack file"));
                    return;
                }
                total += bytes.length;
                if (total > MAX_TOTAL_BYTES) {
                    problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.file(name), "archive inflates to more than " + MAX_TOTAL_BYTES + " bytes"));
                    return;
                }
                entries.put(path, bytes);
            }
        }
    }

    /** The entries below the folder holding {@code pack.json}: the archive's top, or its one top folder. */
    private static SortedMap<String, byte[]> underPackRoot(SortedMap<String, byte[]> entries, String name,
                                                          List<Problem> problems) {
        if (entries.containsKey(PackManifest.FILE_NAME)) {
            return entries;
        }
        Set<String> tops = new HashSet<>();
        entries.keySet().forEach(p -> tops.add(p.contains("/") ? p.substring(0, p.indexOf('/') + 1) : p));
        if (tops.size() == 1) {
            String top = tops.iterator().next();
            if (entries.containsKey(top + PackManifest.FILE_NAME)) {
                SortedMap<String, byte[]> stripped = new TreeMap<>();
                entries.forEach((p, b) -> stripped.put(p.substring(top.length()), b));
                return stripped;
            }
        }
        problems.add(new Problem(ProblemCodes.PACK_NOT_FOUND, Location.file(name), "holds no pack: no pack.json at the top of the archive or in its one top folder"));
        return new TreeMap<>();
    }

    /**
     * Names of the entries the central directory marks as Unix symbolic links. {@link ZipFile}
     * does not expose an entry's file mode, so the directory is read here: the "version made
     * by" host 3 (Unix) and the file type in the high half of the external attributes.
     */
    static Set<String> symbolicLinks(byte[] zip) throws ZipException {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = -1;
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
            if (b.getInt(i) == 0x06054b50) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new ZipException("no end of central directory record");
        }
        int count = Short.toUnsignedInt(b.getShort(end + 10));
        long offset = Integer.toUnsignedLong(b.getInt(end + 16));
        if (offset == 0xFFFFFFFFL || count == 0xFFFF) {
            throw new ZipException("zip64 archives are not accepted");
        }
        Set<String> links = new HashSet<>();
        long at = offset;
        for (int i = 0; i < count; i++) {
            if (at + 46 > zip.length || b.getInt((int) at) != 0x02014b50) {
                throw new ZipException("central directory entry " + i + " is broken");
            }
            int host = Byte.toUnsignedInt(b.get((int) at + 5));
            int nameLength = Short.toUnsignedInt(b.getShort((int) at + 28));
            int extra = Short.toUnsignedInt(b.getShort((int) at + 30));
            int comment = Short.toUnsignedInt(b.getShort((int) at + 32));
            long external = Integer.toUnsignedLong(b.getInt((int) at + 38));
            if (at + 46 + nameLength > zip.length) {
                throw new ZipException("central directory entry " + i + " is broken");
            }
            String entryName = new String(zip, (int) at + 46, nameLength, StandardCharsets.UTF_8);
            if (host == 3 && ((external >>> 16) & 0xF000) == 0xA000) {
                links.add(entryName);
            }
            at += 46L + nameLength + extra + comment;
        }
        return links;
    }
}
