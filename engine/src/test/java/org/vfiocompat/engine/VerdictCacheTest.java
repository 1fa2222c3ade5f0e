package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * The verdict cache: same answers, fewer evaluations, an UNKNOWN the engine made (a failure, a
 * broken bound) never kept but one a rule decided kept, statistics exposed.
 */
class VerdictCacheTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void packs() {
        TestPacks.sameTypeLive(root, "acme", "acme-", 10);
        TestPacks.spinning(root, "spin", "spin-");
        Path firmware = TestPacks.write(root, "firmware", List.of("fw-"), List.of(), TestPacks.drl("firmware", """
                rule "the firmware decides"
                when
                    Source( $v : migrationVersion )
                    Target( migrationVersion != $v )
                then
                    insert(Finding.unknown(Limit.DEVICE, "the device firmware decides"));
                end
                """));
        try {
            Path manifest = firmware.resolve("pack.json");
            java.nio.file.Files.writeString(manifest, java.nio.file.Files.readString(manifest).replace("\"1.0\"", "\"1.2\""));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DeviceProfile p(String type, String version) {
        return TestPacks.mdev(type, version);
    }

    @Test
    void aRepeatedPairIsAnsweredFromTheCacheWithTheSameVerdict() {
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("acme")).build();
        Verdict first = engine.check(p("acme-1", "1"), p("acme-1", "1"));
        Verdict second = engine.check(p("acme-1", "1"), p("acme-1", "1").toBuilder().build());
        assertThat(second).isEqualTo(first);
        CacheStats stats = engine.cacheStats();
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.size()).isEqualTo(1);
        assertThat(stats.hitRate()).isEqualTo(0.5);
        assertThat(stats.loadNanos()).isPositive();
    }

    @Test
    void routingVerdictsAreNotCachedBecauseNoPackRuns() {
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("acme")).build();
        engine.check(p("acme-1", "1"), p("other-1", "1"));
        engine.check(p("nobody-1", "1"), p("acme-1", "1"));
        assertThat(engine.cacheStats().misses()).isZero();
        assertThat(engine.cacheStats().hits()).isZero();
    }

    @Test
    void unknownVerdictsAreNeverKeptSoEveryViolationCounts() {
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("spin")).quarantineAfter(2).build();
        DeviceProfile spin = p("spin-1", "1");
        assertThat(engine.check(spin, spin).level()).isEqualTo(Level.UNKNOWN);
        assertThat(engine.check(spin, spin).level()).isEqualTo(Level.UNKNOWN);
        assertThat(engine.cacheStats().size()).isZero();
        assertThat(engine.packs().get(0).quarantined()).isTrue();
    }

    @Test
    void anUnknownARuleDecidedIsKeptLikeAnyOtherVerdict() {
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("firmware")).quarantineAfter(2).build();
        Verdict first = engine.check(p("fw-1", "1.0"), p("fw-1", "2.0"));
        Verdict second = engine.check(p("fw-1", "1.0"), p("fw-1", "2.0"));
        Verdict third = engine.check(p("fw-1", "1.0"), p("fw-1", "2.0"));
        assertThat(first.level()).isEqualTo(Level.UNKNOWN);
        assertThat(first.rules()).containsExactly("the firmware decides");
        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(engine.cacheStats().misses()).isEqualTo(1);
        assertThat(engine.cacheStats().hits()).isEqualTo(2);
        assertThat(engine.packs().get(0).quarantined()).as("a pack's own answer is no failure").isFalse();
    }

    @Test
    void aSizeOfZeroTurnsCachingOffWithoutChangingAnswers() {
        CompatibilityEngine cached = CompatibilityEngine.builder().packs(root.resolve("acme")).build();
        CompatibilityEngine uncached = CompatibilityEngine.builder().packs(root.resolve("acme")).cacheSize(0).build();
        for (int i = 0; i < 3; i++) {
            assertThat(uncached.check(p("acme-1", "1"), p("acme-1", "2")))
                    .isEqualTo(cached.check(p("acme-1", "1"), p("acme-1", "2")));
        }
        assertThat(uncached.cacheStats()).isEqualTo(new CacheStats(0, 0, 0, 0, 0, 0));
        assertThat(cached.cacheStats().hits()).isEqualTo(2);
    }

    @Test
    void everyDistinctPairIsEvaluatedOnceAndTheSizeIsKept() {
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("acme")).cacheSize(5).build();
        for (int i = 0; i < 50; i++) {
            engine.check(p("acme-1", "1." + i), p("acme-1", "1"));
        }
        assertThat(engine.cacheStats().misses()).isEqualTo(50);
        assertThat(engine.cacheStats().maximumSize()).isEqualTo(5);
    }
}
