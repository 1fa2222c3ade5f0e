package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceProfile;

/**
 * A pack whose build does not finish within the load deadline is refused with
 * {@code pack.load.deadline}: the reload returns (it does not hold the reload lock for ever),
 * keeps the pack's last good version, and a later reload with time enough works (issue 13,
 * class 1).
 */
class LoadDeadlineReloadTest {

    private static final String PROPERTY = "vfiocompat.packLoadDeadlineSeconds";

    @TempDir
    Path root;

    @AfterEach
    void clearProperty() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void aBuildPastTheDeadlineIsRefusedAndALaterReloadWorks() {
        Path pack = TestPacks.sameTypeLive(root, "acme", "acme-", 10);
        DeviceProfile a = TestPacks.mdev("acme-1", "1");
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(pack).build();
        assertThat(engine.check(a, a).score()).isEqualTo(10);

        // A changed pack and a deadline no executable-model build can meet (it runs javac; a warm
        // JVM once built this small pack within 50 ms, so 1 ms):
        // the stand-in for a build that would never finish.
        TestPacks.sameTypeLive(root, "acme", "acme-", 20);
        System.setProperty(PROPERTY, "0.001");
        ReloadResult refused = assertTimeoutPreemptively(Duration.ofSeconds(60), engine::reload);
        // The update is refused alone (class 7): acme keeps its last good version.
        assertThat(refused.ok()).isTrue();
        assertThat(refused.generation()).isEqualTo(2);
        assertThat(refused.refused()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("acme");
            assertThat(r.code()).isEqualTo(ProblemCodes.PACK_LOAD_DEADLINE);
            assertThat(r.problems()).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo(ProblemCodes.PACK_LOAD_DEADLINE);
                assertThat(p.file()).endsWith("acme/pack.json");
                assertThat(p.message()).contains("did not finish within the load deadline of 1 ms");
            });
        });
        assertThat(engine.check(a, a).score()).isEqualTo(10);

        System.clearProperty(PROPERTY);
        ReloadResult later = assertTimeoutPreemptively(Duration.ofSeconds(300), engine::reload);
        assertThat(later.ok()).as("%s", later.problems()).isTrue();
        assertThat(later.generation()).isEqualTo(3);
        assertThat(later.refused()).isEmpty();
        assertThat(engine.check(a, a).score()).isEqualTo(20);
    }
}
