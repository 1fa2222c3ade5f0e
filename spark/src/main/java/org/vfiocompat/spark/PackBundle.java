package org.vfiocompat.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Isolation;

/**
 * The packs as the executors get them: every file of the pack folders and of the compiled-pack
 * cache the driver filled while loading them, shipped as bytes (a Spark broadcast). An executor
 * writes them into a folder of its own once per JVM, builds its engine from there with that
 * cache and removes the folder ({@link #newEngine}): the executable-model build is not repeated on every executor, and what the cache
 * holds is verified again on load, as the engine always does with a cached build (a tampered
 * cache entry is rebuilt, never trusted). Packs are untrusted code; executors run them in the
 * engine's sandbox, in their own JVM ({@link Isolation#IN_PROCESS}, said explicitly in
 * {@link #builder}: a worker JVM would be started on {@code java.class.path}, which inside an
 * executor is not the job's class path; and an in-process engine never reads its pack folder
 * again once built, which is what lets {@link #newEngine} remove it).
 */
final class PackBundle implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One engine per bundle and JVM: an executor runs many tasks. */
    private static final Map<String, CompatibilityEngine> ENGINES = new ConcurrentHashMap<>();
    /** Bundles whose engine is being built, or was, by {@link #warmUp}. */
    private static final Map<String, Boolean> WARMING = new ConcurrentHashMap<>();

    /** Pack root {@code i}'s files under {@code root-i/}, the cache's under {@code cache/}: relative path to content. */
    private final TreeMap<String, byte[]> files;
    private final int roots;
    /** The platform packs that judge ({@code --enable-platform}), as the engine is built with them on every JVM. */
    private final List<String> enabledPlatform;
    private final String digest;

    private PackBundle(TreeMap<String, byte[]> files, int roots, List<String> enabledPlatform) {
        this.files = files;
        this.roots = roots;
        this.enabledPlatform = List.copyOf(enabledPlatform);
        this.digest = digestOf(files, this.enabledPlatform);
    }

    /**
     * Loads {@code packRoots} on the driver (filling {@code cache}) and bundles them with it,
     * the platform packs of {@code enabledPlatform} judging as the CLI's {@code --enable-platform}
     * makes them.
     */
    static PackBundle load(List<Path> packRoots, Path cache, List<String> enabledPlatform) {
        // Loading fills the cache; a pack that does not load, or an enabled platform pack that
        // is not there, fails here, on the driver, with the engine's own message, before any
        // executor starts.
        builder(packRoots, cache, enabledPlatform).build().close();
        TreeMap<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < packRoots.size(); i++) {
            add(files, "root-" + i + "/", packRoots.get(i));
        }
        add(files, "cache/", cache);
        return new PackBundle(files, packRoots.size(), enabledPlatform);
    }

    private static void add(Map<String, byte[]> files, String prefix, Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                files.put(prefix + root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's engine for the bundle, made on first use from the shipped files. */
    CompatibilityEngine engine() {
        return ENGINES.computeIfAbsent(digest, d -> newEngine(Path.of(System.getProperty("java.io.tmpdir"))));
    }

    /**
     * Starts building this JVM's engine on a background thread, once, if it is not built yet: an
     * executor's first engine (unpacking, verifying the compiled packs, building the rule bases
     * in a JVM that has loaded none of Drools) takes seconds, which the job's reading stage and
     * the driver's planning between stages can hide. {@link #engine()} waits for it; if it
     * fails, the first task that needs the engine builds it again and fails with the reason.
     */
    void warmUp() {
        if (ENGINES.containsKey(digest) || WARMING.putIfAbsent(digest, Boolean.TRUE) != null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                engine();
            } catch (RuntimeException e) {
                // Not lost: computeIfAbsent kept nothing, so the first task that needs the engine
                // builds it again and fails the job with this reason.
            }
        }, "vfio-compat-engine-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * An engine built from the shipped files, written into a new folder under {@code parent}
     * for the build and removed once it is done, whether it succeeds or not: the engine holds
     * what it loaded (the packs' rules, the verified classes of the cache) in memory and never
     * reads the folder again. An executor is a long-lived JVM that nothing cleans up after
     * (a standalone worker keeps neither its temporary files nor a hook to remove them), so a
     * folder kept until the JVM ends, ~40 MB with the bundled packs' compiled cache, was left
     * behind by every executor of every run.
     */
    CompatibilityEngine newEngine(Path parent) {
        Path dir;
        try {
            dir = Files.createTempDirectory(parent, "vfio-compat-packs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException("bundle entry outside its folder: " + f.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
            List<Path> packRoots = new ArrayList<>();
            for (int i = 0; i < roots; i++) {
                packRoots.add(dir.resolve("root-" + i));
            }
            Files.createDirectories(dir.resolve("cache"));
            return builder(packRoots, dir.resolve("cache"), enabledPlatform).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    /** The engine the driver and every executor build: the same packs, cache and platform packs, in-process. */
    private static CompatibilityEngine.Builder builder(List<Path> packRoots, Path cache, List<String> enabledPlatform) {
        CompatibilityEngine.Builder builder = CompatibilityEngine.builder().packs(packRoots).compiledPackCache(cache)
                .isolation(Isolation.IN_PROCESS);
        if (!enabledPlatform.isEmpty()) {
            builder.enablePlatformPacks(enabledPlatform);
        }
        return builder;
    }

    /** Removes {@code dir} and everything under it. */
    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What identifies the bundle's content. */
    String digest() {
        return digest;
    }

    private static String digestOf(TreeMap<String, byte[]> files, List<String> enabledPlatform) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String id : new java.util.TreeSet<>(enabledPlatform)) {
                md.update(("enable-platform " + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                md.update(f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Long.toString(f.getValue().length).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(f.getValue());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
