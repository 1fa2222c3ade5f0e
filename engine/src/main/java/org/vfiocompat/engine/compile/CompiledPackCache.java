package org.vfiocompat.engine.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled packs on disk, so a process does not pay the executable-model build (seconds) for a
 * pack it has built before. Keyed by the pack's content digest and {@link #FORMAT}; each jar has
 * a {@code .sha256} beside it, and a jar that does not match its hash, does not open, or holds
 * another module is deleted and rebuilt, never trusted. A cached pack still goes through every
 * check after the build (generated-class names, bytecode verification) before it is loaded: the
 * cache saves compiling, not checking.
 */
public final class CompiledPackCache {

    private static final Logger LOG = LoggerFactory.getLogger(CompiledPackCache.class);

    /** Changes whenever what the build produces or how packs are checked changes. */
    static final String FORMAT = "v1-drools-10.2.0";

    private final Path dir;

    public CompiledPackCache(Path dir) {
        this.dir = dir;
    }

    private Path jarOf(PackIdentity manifest, String digest) {
        return dir.resolve(manifest.id() + "-" + digest.substring("sha256:".length(), "sha256:".length() + 32) + "-" + FORMAT + ".jar");
    }

    private static Path hashOf(Path jar) {
        return jar.resolveSibling(jar.getFileName() + ".sha256");
    }

    /** The cached build of this exact pack content, if there is a sound one. */
    public Optional<CompiledPack> load(PackIdentity manifest, String digest, ReleaseId releaseId) {
        Path jar = jarOf(manifest, digest);
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(jar);
            String expected = Files.readString(hashOf(jar)).strip();
            if (!sha256(bytes).equals(expected)) {
                return discard(jar, "its content does not match its hash");
            }
            // The jar's files, read as bytes and opened as a module in memory, as a worker opens
            // the engine's verified build: not through Drools' jar reader, which parses the
            // kmodule.xml with XStream (slow to start) and would read the files a second time.
            SortedMap<String, byte[]> files = files(bytes);
            if (!releaseId.equals(releaseIdIn(files, releaseId))) {
                return discard(jar, "it does not hold the module " + releaseId);
            }
            if (files.keySet().stream().noneMatch(n -> n.endsWith(".class"))) {
                return discard(jar, "it holds no classes");
            }
            return Optional.of(VerifiedBuild.ofOwned(files).module(manifest, releaseId));
        } catch (IOException | RuntimeException e) {
            return discard(jar, "it cannot be read (" + e + ")");
        }
    }

    /** Every file of a jar (folders are no files), name to bytes. */
    private static SortedMap<String, byte[]> files(byte[] jar) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory() && files.put(e.getName(), in.readAllBytes()) != null) {
                    throw new IOException("the jar holds " + e.getName() + " twice");
                }
            }
        }
        return files;
    }

    /** The module a jar's Maven coordinates name ({@code pom.properties} under the expected group and artifact), or null. */
    private static ReleaseId releaseIdIn(Map<String, byte[]> files, ReleaseId expected) throws IOException {
        byte[] pom = files.get("META-INF/maven/" + expected.getGroupId() + "/" + expected.getArtifactId() + "/pom.properties");
        if (pom == null) {
            return null;
        }
        Properties p = new Properties();
        p.load(new ByteArrayInputStream(pom));
        return KieServices.Factory.get().newReleaseId(p.getProperty("groupId"), p.getProperty("artifactId"), p.getProperty("version"));
    }

    /** Stores a fresh build; a failure to write only costs the next start its speed. */
    public void store(CompiledPack pack, String digest) {
        Path jar = jarOf(pack.identity(), digest);
        try {
            Files.createDirectories(dir);
            byte[] bytes = pack.module().getBytes();
            writeAtomically(hashOf(jar), sha256(bytes).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            writeAtomically(jar, bytes);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot store the compiled pack {} in {}: {}", pack.identity().id(), dir, e.toString());
        }
    }

    private Optional<CompiledPack> discard(Path jar, String why) {
        LOG.warn("rebuilding pack from source: the cached build {} is unusable: {}", jar, why);
        try {
            Files.deleteIfExists(jar);
            Files.deleteIfExists(hashOf(jar));
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", jar, e.toString());
        }
        return Optional.empty();
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        org.vfiocompat.engine.files.AtomicWrite.write(target, bytes);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
