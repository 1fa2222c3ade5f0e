package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/** The verdict cache: same answers, fewer evaluations, UNKNOWN never kept, statistics exposed. */
class VerdictCacheTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void packs() {
        TestPacks.sameTypeLive(root, "acme", "acme-", 10);
        TestPacks.spinning(root, "spin", "spin-");
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
