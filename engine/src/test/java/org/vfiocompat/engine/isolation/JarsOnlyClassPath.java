package org.vfiocompat.engine.isolation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A class path like the CLI's, made from a test JVM's: every class folder on it (Maven's
 * {@code target/classes} and {@code target/test-classes}) packed into a jar of its own, every jar
 * kept as it is, and the entries a manifest-only jar lists (surefire's booter) spelled out. A
 * JVM on it can record and map a class-data archive, which a class path with folders cannot.
 */
final class JarsOnlyClassPath {

    /** How long a child JVM may take: two worker starts and one archive dump, at a high load. */
    private static final long CHILD_MINUTES = 8;

    private JarsOnlyClassPath() {
    }

    /** What a child JVM printed, and how it ended. */
    record Run(int exitCode, String output) {
    }

    /** The class path of jars alone for {@code classPath}, the folders' jars written into {@code folder}. */
    static String of(String classPath, Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (Path entry : WorkerArchive.entries(classPath)) {
            if (Files.isDirectory(entry)) {
                Path jar = folder.resolve("folder-" + (n++) + ".jar");
                pack(entry, jar);
                out.add(jar.toAbsolutePath().toString());
            } else if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry) && !listsFolders(entry)) {
                out.add(entry.toAbsolutePath().toString());
            }
            // anything else is left out: a missing entry, and surefire's booter, a manifest naming
            // the class folders (its entries are on this list already, the folders as jars)
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    /** Runs {@code mainClass} with {@code argument} on {@code classPath}; its output goes to {@code log} and is returned. */
    static Run run(String classPath, String mainClass, String argument, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", classPath, mainClass, argument)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(CHILD_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return new Run(-1, "timed out after " + CHILD_MINUTES + " minutes\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Removes {@code folder} and everything in it. */
    static void delete(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Whether a jar's manifest puts a folder on the class path (as surefire's booter jar does). */
    private static boolean listsFolders(Path jar) {
        return WorkerArchive.entries(jar.toString()).stream().skip(1).anyMatch(Files::isDirectory);
    }

    private static void pack(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> all = Files.walk(classes)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }
}
