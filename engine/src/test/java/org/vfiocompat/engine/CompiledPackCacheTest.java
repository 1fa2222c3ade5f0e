package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceProfile;

/** Compiled packs kept on disk: reused when sound, rebuilt when not, same verdicts either way. */
class CompiledPackCacheTest {

    @TempDir
    Path packs;

    @TempDir
    Path cache;

    private static final DeviceProfile A = TestPacks.mdev("acme-1", "1");

    private List<Path> jars() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
    }

    private CompatibilityEngine engine() {
        return CompatibilityEngine.builder().packs(packs).compiledPackCache(cache).build();
    }

    @Test
    void aBuildIsStoredOnceAndReusedWithTheSameVerdicts() throws IOException {
        TestPacks.sameTypeLive(packs, "acme", "acme-", 42);
        Verdict fresh = engine().check(A, A);
        List<Path> jars = jars();
        assertThat(jars).hasSize(1);
        assertThat(jars.get(0).getFileName().toString()).startsWith("acme-").endsWith(".jar");
        assertThat(Files.readString(Path.of(jars.get(0) + ".sha256"))).hasSize(64);
        FileTime stored = Files.getLastModifiedTime(jars.get(0));
        Verdict reused = engine().check(A, A);
        assertThat(reused).isEqualTo(fresh);
        assertThat(reused.score()).isEqualTo(42);
        assertThat(Files.getLastModifiedTime(jars.get(0))).isEqualTo(stored);
    }

    @Test
    void aCorruptedBuildIsDetectedAndRebuilt() throws IOException {
        TestPacks.sameTypeLive(packs, "acme", "acme-", 42);
        Verdict fresh = engine().check(A, A);
        Path jar = jars().get(0);
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(jar, bytes);
        Verdict rebuilt = engine().check(A, A);
        assertThat(rebuilt).isEqualTo(fresh);
        assertThat(CompiledPackCacheTestSupport.sha256(Files.readAllBytes(jar)))
                .isEqualTo(Files.readString(Path.of(jar + ".sha256")));
    }

    @Test
    void aChangedPackGetsANewBuildNeverTheOldOne() throws IOException {
        TestPacks.sameTypeLive(packs, "acme", "acme-", 42);
        assertThat(engine().check(A, A).score()).isEqualTo(42);
        TestPacks.sameTypeLive(packs, "acme", "acme-", 7);
        assertThat(engine().check(A, A).score()).isEqualTo(7);
        assertThat(jars()).hasSize(2);
    }

    /**
     * A jar whose hash matches (so written whole) but that is not a build of this pack: its Maven
     * coordinates name another version, or its kmodule.xml is not the one every pack build has
     * (the engine opens builds without an XML parser, so it accepts that text alone). Each is
     * rebuilt, with the same verdicts, and the jar left behind is sound.
     */
    @Test
    void aBuildOfAnotherModuleOrWithAnotherKmoduleIsRebuilt() throws IOException {
        TestPacks.sameTypeLive(packs, "acme", "acme-", 42);
        Verdict fresh = engine().check(A, A);
        Path jar = jars().get(0);
        byte[] sound = Files.readAllBytes(jar);
        for (String[] change : List.of(
                new String[] {"pom.properties", "version=", "version=9.9.9-"},
                new String[] {"META-INF/kmodule.xml", "/>", "><kbase name=\"other\"/></kmodule>"})) {
            byte[] changed = rewrite(sound, change[0], change[1], change[2]);
            Files.write(jar, changed);
            Files.writeString(Path.of(jar + ".sha256"), CompiledPackCacheTestSupport.sha256(changed));
            Verdict rebuilt = engine().check(A, A);
            assertThat(rebuilt).as(change[0]).isEqualTo(fresh);
            byte[] after = Files.readAllBytes(jar);
            assertThat(after).as("the jar after %s changed", change[0]).isNotEqualTo(changed);
            assertThat(CompiledPackCacheTestSupport.sha256(after)).isEqualTo(Files.readString(Path.of(jar + ".sha256")));
        }
    }

    /** {@code jar} with the first {@code from} in the entry whose name ends with {@code name} replaced by {@code to}. */
    private static byte[] rewrite(byte[] jar, String name, String from, String to) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        boolean found = false;
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(jar));
                java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().endsWith(name)) {
                    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    assertThat(text).contains(from);
                    bytes = text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    found = true;
                }
                z.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                z.write(bytes);
                z.closeEntry();
            }
        }
        assertThat(found).as("the jar holds %s", name).isTrue();
        return out.toByteArray();
    }
}
