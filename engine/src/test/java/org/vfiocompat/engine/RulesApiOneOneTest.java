package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;
import org.vfiocompat.rules.RulesApi;

/**
 * What rules API 1.1 adds, through the sandbox: a pack calling the strict helpers loads and
 * judges with them, a pack stating 1.0 loads beside it, and an exception in a constraint shows
 * its root cause in the verdict.
 */
class RulesApiOneOneTest {

    @TempDir
    static Path root;

    static CompatibilityEngine engine;

    @BeforeAll
    static void loadPacks() throws IOException {
        // A QAT-like pack: the version must be exact, the target's capability mask a superset.
        Path qat = TestPacks.write(root, "qat", List.of("qat-"), List.of(), TestPacks.drl("qat", """
                function boolean exact(String v) {
                    return Versions.isStrictVersion(v);
                }

                rule "version not exact"
                when
                    Source( )
                    Target( !exact(migrationVersion), $v : migrationVersion )
                then
                    insert(Finding.none(Limit.HOST_DRIVER, "not an exact version: '" + $v + "'"));
                end

                rule "capabilities missing"
                when
                    Source( $caps : attr("caps") )
                    Target( exact(migrationVersion), !Fields.coversBits(attr("caps"), $caps), $tcaps : attr("caps") )
                then
                    insert(Finding.none(Limit.DEVICE, "target lacks capabilities " + Fields.missingBits($tcaps, $caps)));
                end

                rule "capabilities covered"
                when
                    Source( $caps : attr("caps") )
                    Target( exact(migrationVersion), Fields.coversBits(attr("caps"), $caps),
                            Fields.hex64(attr("caps"), 0) == Fields.hex64($caps, 1) )
                then
                    insert(Finding.live(100, "same capabilities"));
                end

                rule "more capabilities"
                when
                    Source( $caps : attr("caps") )
                    Target( exact(migrationVersion), Fields.coversBits(attr("caps"), $caps),
                            Fields.hex64(attr("caps"), 0) != Fields.hex64($caps, 1) )
                then
                    insert(Finding.live(90, "more capabilities"));
                end
                """));
        TargetKindTest.statesRulesApi(qat, RulesApi.VERSION);
        // A constraint that throws: parseInt of a version that is not a number, while the Source goes in.
        TestPacks.write(root, "broken", List.of("broken-"), List.of(), TestPacks.drl("broken", """
                rule "parses the version"
                when
                    Source( Integer.parseInt(migrationVersion) > 0 )
                then
                    insert(Finding.live(1, "never"));
                end
                """));
        // An old pack, stating 1.0, that knows nothing of 1.1.
        TestPacks.sameTypeLive(root, "old", "old-", 40);
        engine = CompatibilityEngine.builder().packs(root).build();
    }

    @AfterAll
    static void close() throws Exception {
        engine.close();
    }

    private static DeviceProfile qat(String version, String caps) {
        return DeviceProfile.builder(DeviceKind.PHYS).deviceApi("vfio-pci").migrationType("qat-4xxx")
                .migrationVersion(version).attribute("caps", caps).build();
    }

    @Test
    void theApiVersionIsOneOneOrLater() {
        assertThat(RulesApi.VERSION).isIn("1.1", "1.2");
    }

    @Test
    void aPackCallingTheNewHelpersLoadsAndJudgesWithThem() {
        assertThat(engine.check(qat("1.2", "0x00000000000000ff"), qat("1.2", "0xff")).score()).isEqualTo(100);
        Verdict more = engine.check(qat("1.2", "0x0f"), qat("1.2", "0xffffffffffffffff"));
        assertThat(more.level()).isEqualTo(Level.LIVE);
        assertThat(more.score()).isEqualTo(90);
        Verdict lacking = engine.check(qat("1.2", "0x8000000000000011"), qat("1.2", "0x01"));
        assertThat(lacking.level()).isEqualTo(Level.NONE);
        assertThat(lacking.limit()).contains(Limit.DEVICE);
        assertThat(lacking.reason()).isEqualTo("Qat: target lacks capabilities 0x8000000000000010");
        Verdict spaced = engine.check(qat("1.2", "0x1"), qat(" 1.2", "0x1"));
        assertThat(spaced.level()).isEqualTo(Level.NONE);
        assertThat(spaced.reason()).isEqualTo("Qat: not an exact version: ' 1.2'");
        // A 17-digit mask is not a 64-bit mask: neither covered nor lacking, so nothing accepts.
        Verdict tooLong = engine.check(qat("1.2", "0x1"), qat("1.2", "0x1ffffffffffffffff"));
        assertThat(tooLong.reason()).isEqualTo("Qat: target lacks capabilities ");
    }

    @Test
    void anOldPackLoadsBesideANewOne() {
        assertThat(engine.packs()).extracting(PackInfo::id).contains("old", "qat");
        assertThat(engine.check(TestPacks.mdev("old-1", "1"), TestPacks.mdev("old-1", "1")).score()).isEqualTo(40);
        assertThat(engine.check(TestPacks.mdev("old-1", "1"), TestPacks.mdev("old-1", "1"), CandidateKind.CREATABLE).score())
                .as("a 1.0 pack judges a creatable target as it always did").isEqualTo(40);
    }

    @Test
    void anExceptionInAConstraintShowsItsRootCause() {
        Verdict v = engine.check(TestPacks.mdev("broken-1", "1.x"), TestPacks.mdev("broken-1", "1"));
        assertThat(v.level()).isEqualTo(Level.UNKNOWN);
        assertThat(v.reason()).startsWith("Broken: pack failed: ")
                .contains("(cause: java.lang.NumberFormatException: For input string: \"1.x\")");
    }
}
