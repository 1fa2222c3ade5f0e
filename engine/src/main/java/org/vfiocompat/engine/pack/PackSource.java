package org.vfiocompat.engine.pack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Where one pack's bytes come from: a folder, a {@code .zip}/{@code .jar} file, or a class-path
 * location. Each reads the manifest, then the files it names, into a {@link PackFiles}
 * snapshot; nothing after that knows the difference, so the same content has the same digest
 * in every form.
 */
sealed interface PackSource {

    /** The prefix that names a class-path location: {@code classpath:packs/acme}. */
    String CLASSPATH = "classpath:";

    /** How errors name the pack's files: {@code origin + "/" + path}. */
    String origin();

    /** The manifest's bytes and the files {@code rels} it names; problems go to {@code problems}. */
    PackFiles read(java.util.function.Function<byte[], List<String>> filesOf, List<Problem> problems);

    /** The source a location names: {@code classpath:...}, a {@code .zip} or {@code .jar} file, or a folder. */
    static PackSource of(String location) {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            while (resource.startsWith("/")) {
                resource = resource.substring(1);
            }
            while (resource.endsWith("/")) {
                resource = resource.substring(0, resource.length() - 1);
            }
            return new Classpath(resource, classLoader());
        }
        Path path = Path.of(location);
        return isArchive(path) ? new Zip(path) : new Folder(path);
    }

    static boolean isArchive(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return Files.isRegularFile(path) && (name.endsWith(".zip") || name.endsWith(".jar"));
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : PackSource.class.getClassLoader();
    }

    /** A pack folder on disk. */
    record Folder(Path dir) implements PackSource {
        @Override
        public String origin() {
            return dir.toString();
        }

        @Override
        public PackFiles read(java.util.function.Function<byte[], List<String>> filesOf, List<Problem> problems) {
            Path manifestFile = dir.resolve(PackManifest.FILE_NAME);
            if (Files.exists(manifestFile)) {
                String outside = PackFiles.outsideAfterLinks(PackFiles.realPath(dir), manifestFile);
                if (outside != null) {
                    throw new PackProblems(List.of(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_PATH,
                            Location.file(manifestFile.toString()), outside)));
                }
            }
            byte[] manifest = PackLoader.readManifest(manifestFile, manifestFile.toString());
            return PackFiles.readFolder(dir, manifest, filesOf.apply(manifest), problems);
        }
    }

    /** A pack archive, read whole into memory with {@link ZipPackReader}. */
    record Zip(Path file) implements PackSource {
        @Override
        public String origin() {
            return file + "!";
        }

        @Override
        public PackFiles read(java.util.function.Function<byte[], List<String>> filesOf, List<Problem> problems) {
            List<Problem> found = new ArrayList<>();
            SortedMap<String, byte[]> entries = ZipPackReader.read(file, found);
            if (!found.isEmpty()) {
                throw new PackProblems(found);
            }
            byte[] manifest = entries.get(PackManifest.FILE_NAME);
            SortedMap<String, byte[]> named = new TreeMap<>();
            named.put(PackManifest.FILE_NAME, manifest);
            for (String rel : filesOf.apply(manifest)) {
                if (rel != null && entries.containsKey(rel)) {
                    named.put(rel, entries.get(rel));
                }
            }
            // An archive lists every entry it holds, so a signed pack's added files are seen.
            return new PackFiles(origin(), named, List.copyOf(entries.keySet()));
        }
    }

    /**
     * A pack among a class loader's resources, for packs shipped in a jar (a Maven artifact):
     * {@code classpath:packs/acme} reads {@code packs/acme/pack.json} and then exactly the files
     * it names, so no listing of the jar is needed.
     */
    record Classpath(String resource, ClassLoader loader) implements PackSource {
        @Override
        public String origin() {
            return CLASSPATH + resource;
        }

        @Override
        public PackFiles read(java.util.function.Function<byte[], List<String>> filesOf, List<Problem> problems) {
            byte[] manifest = resource(PackManifest.FILE_NAME);
            if (manifest == null) {
                throw new PackProblems(List.of(new Problem(ProblemCodes.FILE_NOT_FOUND, Location.file(origin() + "/" + PackManifest.FILE_NAME),
                        "no such resource on the class path")));
            }
            SortedMap<String, byte[]> named = new TreeMap<>();
            named.put(PackManifest.FILE_NAME, manifest);
            for (String rel : filesOf.apply(manifest)) {
                // Only plain relative paths: a resource name is not normalised, so ".." would reach outside.
                if (rel == null || named.containsKey(rel) || !PackManifest.insidePack(rel)
                        || List.of(rel.split("/")).contains("..")) {
                    continue;
                }
                byte[] bytes = resource(rel);
                if (bytes != null) {
                    named.put(rel, bytes);
                }
            }
            return new PackFiles(origin(), named);
        }

        private byte[] resource(String rel) {
            try (InputStream in = loader.getResourceAsStream(resource.isEmpty() ? rel : resource + "/" + rel)) {
                if (in == null) {
                    return null;
                }
                byte[] bytes = in.readNBytes((int) PackFiles.MAX_FILE_BYTES + 1);
                if (bytes.length > PackFiles.MAX_FILE_BYTES) {
                    throw new PackProblems(List.of(new Problem(ProblemCodes.FILE_TOO_LARGE, Location.file(origin() + "/" + rel), "file exceeds the limit of "
                            + PackFiles.MAX_FILE_BYTES + " bytes for one pack file")));
                }
                return bytes;
            } catch (IOException e) {
                throw new PackProblems(List.of(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(origin() + "/" + rel), "cannot be read: " + e.getMessage())));
            }
        }
    }
}
