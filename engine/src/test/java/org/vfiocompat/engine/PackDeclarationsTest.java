package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * The two manifest declarations that make fleets cheap: {@code reads} (what of a profile the
 * rules see) and {@code compatibleTypes} (which types can ever be compatible). Both bind the
 * pack, so neither can make the engine answer differently from what the rules would.
 */
class PackDeclarationsTest {

    @TempDir
    Path root;

    /** A pack whose one rule says LIVE to everything and puts what it saw into the reason. */
    private Path echoPack(String manifestFields) {
        Path dir = TestPacks.write(root, "echo", List.of("acme-"), List.of(), TestPacks.drl("echo", """
                rule "echo"
                when
                    Source( $t : migrationType, $m : parentModel, $w : attr("weight"), $r : attr("resolution") )
                    Target( )
                then
                    insert(Finding.live(50, $t + " model=" + $m + " weight=" + $w + " resolution=" + $r));
                end
                """));
        return manifestFields == null ? dir : TestPacks.withManifestFields(dir, manifestFields);
    }

    private static DeviceProfile profile(String type, String model, String weight, String resolution) {
        return DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType(type).migrationVersion("1")
                .parentModel(model).attribute("weight", weight).attribute("resolution", resolution).build();
    }

    @Test
    void withoutReadsTheRulesSeeEveryPart() {
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(echoPack(null)).build();
        Verdict v = engine.check(profile("acme-a", "Board X", "4", "1920x1200"), profile("acme-a", "", "1", "800x600"));
        assertThat(v.reason()).isEqualTo("Echo: acme-a model=Board X weight=4 resolution=1920x1200");
    }

    @Test
    void theRulesSeeOnlyWhatReadsNames() {
        CompatibilityEngine engine = CompatibilityEngine.builder()
                .packs(echoPack("\"reads\": [\"attributes.weight\"]")).build();
        Verdict v = engine.check(profile("acme-a", "Board X", "4", "1920x1200"), profile("acme-a", "", "1", "800x600"));
        assertThat(v.reason()).isEqualTo("Echo: acme-a model= weight=4 resolution=");
    }

    @Test
    void profilesThatDifferOnlyInUnreadPartsShareOneCacheEntry() {
        CompatibilityEngine engine = CompatibilityEngine.builder()
                .packs(echoPack("\"reads\": [\"parentModel\"]")).build();
        DeviceProfile target = profile("acme-a", "", "1", "800x600");
        Verdict first = engine.check(profile("acme-a", "Board X", "4", "1920x1200"), target);
        Verdict second = engine.check(profile("acme-a", "Board X", "8", "3840x2160"), profile("acme-a", "", "2", "640x480"));
        assertThat(second).isEqualTo(first);
        assertThat(engine.cacheStats().misses()).isEqualTo(1);
        assertThat(engine.cacheStats().hits()).isEqualTo(1);
        // A part the pack does read still tells profiles apart.
        engine.check(profile("acme-a", "Board Y", "4", "1920x1200"), target);
        assertThat(engine.cacheStats().misses()).isEqualTo(2);
    }

    @Test
    void readsThatNameNoProfilePartAreRefusedWithTheirPointer() {
        echoPack("\"reads\": [\"parentModel\", \"kind\", \"attrs.weight\", \"attributes.\"]");
        List<Problem> problems = TestPacks.problemsLoading(root);
        assertThat(problems).extracting(p -> p.location().where()).containsExactly("/reads/1", "/reads/2", "/reads/3");
        assertThat(problems.get(0).message()).contains("always seen");
        assertThat(problems.get(1).message()).contains("'attrs.weight' is not a profile part");
    }

    @Test
    void declaredIncompatibleTypesAreNoneEvenWhenTheRulesSayLive() {
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(echoPack("""
                "compatibleTypes": [{"source": "acme-", "targets": ["="]}, {"source": "acme-big", "targets": ["acme-small"]}]""")).build();
        assertThat(engine.check(profile("acme-a", "", "1", "1"), profile("acme-a", "", "1", "1")).level()).isEqualTo(Level.LIVE);
        assertThat(engine.check(profile("acme-big", "", "1", "1"), profile("acme-small-2", "", "1", "1")).level())
                .isEqualTo(Level.LIVE);
        Verdict refused = engine.check(profile("acme-a", "", "1", "1"), profile("acme-b", "", "1", "1"));
        assertThat(refused.level()).isEqualTo(Level.NONE);
        assertThat(refused.limit()).contains(Limit.TYPE);
        assertThat(refused.reason()).contains("declares type acme-a never compatible with acme-b");
        assertThat(refused.firedRules()).containsExactly("echo");
        // Only one direction is declared for big -> small.
        assertThat(engine.check(profile("acme-small-2", "", "1", "1"), profile("acme-big", "", "1", "1")).level())
                .isEqualTo(Level.NONE);
    }

    @Test
    void batchSkipsDeclaredIncompatibleGroupsAndAgreesWithRanking() {
        Path dir = echoPack("""
                "reads": [], "compatibleTypes": [{"source": "acme-", "targets": ["="]}]""");
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(dir).cacheSize(0).build();
        List<String> types = List.of("acme-a", "acme-b", "acme-c");
        StringBuilder hosts = new StringBuilder();
        for (int h = 0; h < 6; h++) {
            StringBuilder devices = new StringBuilder();
            for (int d = 0; d < types.size(); d++) {
                devices.append(d == 0 ? "" : ",").append("""
                        {"id": "d%d", "kind": "PHYS", "deviceApi": "vfio-pci", "migrationType": "%s", "migrationVersion": "1",
                         "attributes": {"resolution": "r%d"}%s}""".formatted(d, types.get(d), h,
                        h % 2 == 0 ? ", \"assignedTo\": \"vm-" + h + "-" + d + "\"" : ""));
            }
            hosts.append(h == 0 ? "" : ",").append("{\"name\": \"h%d\", \"devices\": [%s]}".formatted(h, devices));
        }
        Path inventory = root.resolve("fleet.json");
        try {
            java.nio.file.Files.writeString(inventory, "{\"version\": 1, \"hosts\": [" + hosts + "]}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Fleet fleet = Fleet.load(inventory);
        List<SourceResult> results = new ArrayList<>();
        BatchSummary summary = engine.batch(fleet, 10, results::add);
        // Three types, every resolution unread: one evaluation per type, not 9 x 9 pairs.
        assertThat(summary.distinctPairsEvaluated()).isEqualTo(3);
        for (SourceResult r : results) {
            Ranking naive = engine.rank(r.source().profile(), fleet.candidatesElsewhere(r.source().host()));
            assertThat(r.top()).containsExactlyElementsOf(naive.compatible());
            assertThat(r.top()).hasSize(3).allSatisfy(t ->
                    assertThat(t.candidate().profile().getMigrationType()).isEqualTo(r.source().profile().getMigrationType()));
        }
    }

    @Test
    void compatibleTypesOutsideThePacksNamespacesAreRefusedWithTheirPointer() {
        echoPack("""
                "compatibleTypes": [{"source": "other-", "targets": ["=", "nvidia-"]}, {"source": "acme-", "targets": []}]""");
        List<Problem> problems = TestPacks.problemsLoading(root);
        assertThat(problems).extracting(p -> p.location().where())
                .containsExactly("/compatibleTypes/0/source", "/compatibleTypes/0/targets/1", "/compatibleTypes/1/targets");
    }

    @Test
    void aPackWithoutDeclarationsStillLoads() {
        assertThatThrownBy(() -> CompatibilityEngine.builder().packs(root.resolve("missing")).build())
                .isInstanceOf(InvalidPackException.class);
        assertThat(CompatibilityEngine.builder().packs(echoPack(null)).build().packs()).hasSize(1);
    }
}
