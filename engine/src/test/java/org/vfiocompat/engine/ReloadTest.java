package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/** reload() and watch(): a new pack set is swapped in whole, or the last good one stays. */
class ReloadTest {

    @TempDir
    Path root;

    @TempDir
    Path compiled;

    private static final DeviceProfile A = TestPacks.mdev("acme-1", "1");

    private CompatibilityEngine engine(Path packs) {
        return CompatibilityEngine.builder().packs(packs).compiledPackCache(compiled).build();
    }

    @Test
    void aReloadSwapsInTheChangedPackAndItsVerdictsNameTheNewDigest() {
        Path pack = TestPacks.sameTypeLive(root, "acme", "acme-", 10);
        CompatibilityEngine engine = engine(pack);
        Verdict before = engine.check(A, A);
        assertThat(before.packDigest()).isEqualTo(engine.packs().get(0).digest()).startsWith("sha256:");
        assertThat(engine.lastReload().generation()).isEqualTo(1);

        TestPacks.sameTypeLive(root, "acme", "acme-", 20);
        ReloadResult result = engine.reload();

        assertThat(result.ok()).isTrue();
        assertThat(result.generation()).isEqualTo(2);
        Verdict after = engine.check(A, A);
        assertThat(after.score()).isEqualTo(20);
        assertThat(after.packDigest()).isNotEqualTo(before.packDigest()).isEqualTo(result.packDigests().get(0));
        // The replaced pack's verdict is gone from the cache, not merely unreachable.
        assertThat(engine.cacheStats().size()).isEqualTo(1);
        assertThat(engine.cacheStats().misses()).isEqualTo(2);
    }

    @Test
    void aFailedReloadKeepsTheLastGoodSetAndSaysWhy() throws IOException {
        Path pack = TestPacks.sameTypeLive(root, "acme", "acme-", 10);
        CompatibilityEngine engine = engine(pack);
        String good = engine.check(A, A).packDigest();
        Files.writeString(pack.resolve("rules/main.drl"), TestPacks.drl("acme", "rule \"cut short\" when"));

        ReloadResult result = engine.reload();

        // The update is refused alone and the pack keeps its last good version.
        assertThat(result.ok()).isTrue();
        assertThat(result.generation()).isEqualTo(2);
        assertThat(result.packDigests()).containsExactly(good);
        assertThat(result.refused()).singleElement().satisfies(r -> assertThat(r.problems()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.file()).endsWith("acme/rules/main.drl")));
        assertThat(engine.lastReload()).isEqualTo(result);
        assertThat(engine.status().lastReload()).isEqualTo(result);
        Verdict still = engine.check(A, A);
        assertThat(still.score()).isEqualTo(10);
        assertThat(still.packDigest()).isEqualTo(good);
    }

    @Test
    void anUnchangedPackKeepsItsQuarantineAcrossAReloadAndAChangedOneStartsAfresh() {
        Path spin = TestPacks.spinning(root, "spin", "spin-");
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(spin).quarantineAfter(1).build();
        DeviceProfile s = TestPacks.mdev("spin-1", "1");
        assertThat(engine.check(s, s).level()).isEqualTo(Level.UNKNOWN);
        assertThat(engine.packs().get(0).quarantined()).isTrue();

        assertThat(engine.reload().ok()).isTrue();
        assertThat(engine.packs().get(0).quarantined()).as("same content, same pack").isTrue();

        TestPacks.sameTypeLive(root, "spin", "spin-", 5);
        assertThat(engine.reload().ok()).isTrue();
        assertThat(engine.packs().get(0).quarantined()).isFalse();
        assertThat(engine.check(s, s).score()).isEqualTo(5);
    }

    @Test
    void aReloadReadsTheTrustStoreAgain() throws IOException {
        Path keys = root.resolve("keys");
        PackSigning.keygen(keys, "acme", List.of("acme-"));
        Path trust = keys.resolve("acme.trust.json");
        Path pack = TestPacks.sameTypeLive(root.resolve("packs"), "acme", "acme-", 10);
        PackSigning.sign(pack, keys.resolve("acme.key"));
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(pack).trustStore(trust).requireSignatures(true).build();
        String digest = engine.packs().get(0).digest();

        Files.writeString(trust, Files.readString(trust).replace("\"acme-\"", "\"bolt-\""));
        ReloadResult result = engine.reload();

        // A trust refusal keeps no earlier version (the key no longer vouches for it): no pack left, so the reload fails.
        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.location().where()).isEqualTo("/namespaces/0"));
        assertThat(engine.packs()).singleElement().satisfies(p -> assertThat(p.digest()).isEqualTo(digest));
    }

    @Test
    void watchReloadsWhenThePackFolderChangesAndKeepsTheLastGoodSetWhenItBreaks() throws Exception {
        Path pack = TestPacks.sameTypeLive(root, "acme", "acme-", 10);
        try (CompatibilityEngine engine = engine(pack)) {
            engine.watch(Duration.ofMillis(50));
            TestPacks.sameTypeLive(root, "acme", "acme-", 30);
            // The set is swapped in before the reload's result is recorded: wait for the result.
            await(() -> engine.lastReload().generation() == 2);
            assertThat(engine.check(A, A).score()).isEqualTo(30);
            long generation = engine.lastReload().generation();

            Files.writeString(pack.resolve("pack.json"), "{");
            await(() -> !engine.lastReload().refused().isEmpty());
            assertThat(engine.lastReload().refused().get(0).problems().get(0).file()).endsWith("acme/pack.json");
            assertThat(engine.lastReload().packDigests()).containsExactly(engine.packs().get(0).digest());
            assertThat(engine.lastReload().generation()).isEqualTo(generation + 1);
            assertThat(engine.check(A, A).score()).isEqualTo(30);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 60 s");
            }
            Thread.sleep(20);
        }
    }
}
