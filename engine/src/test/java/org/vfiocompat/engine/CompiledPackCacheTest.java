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
}
