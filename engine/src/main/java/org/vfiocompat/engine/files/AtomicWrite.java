package org.vfiocompat.engine.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writing one of the engine's files (the compiled-pack cache, trust stores, keys, signed
 * manifests) whole or not at all, forced to disk before it replaces the old one: an
 * {@link AtomicFile} written in one go, with every promise that class makes.
 */
public final class AtomicWrite {

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
        try (AtomicFile file = AtomicFile.create(target, ownerOnly)) {
            file.stream().write(bytes);
            file.commit(true);
        }
    }
}
