package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * The generated code of a large pack needs nothing the allow-list left out: in particular no
 * collection mutation (List.add is off the list since issue 13, class 5). 120 rules: the
 * generator splits rule methods into classes of 100, so both its shapes of rule list are built
 * (500, the most a file may hold, loads too but takes a minute to build).
 */
class LargePackTest {

    @Test
    void aPackOfMoreRulesThanOneGeneratedClassHoldsLoadsAndJudges(@TempDir Path dir) {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            rules.append("""
                    rule "rule %d"
                    when
                        Source( migrationType == "big-%d" )
                    then
                        insert(Finding.live(%d, "rule %d"));
                    end
                    """.formatted(i, i, i % 1000, i));
        }
        Path pack = TestPacks.write(dir, "big-pack", List.of("big-"), List.of(), TestPacks.drl("big-pack", rules.toString()));
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(pack).build();
        DeviceProfile p = DeviceProfile.builder(DeviceKind.PHYS).deviceApi("vfio-pci").migrationType("big-119")
                .migrationVersion("1").build();
        Verdict v = engine.check(p, p);
        assertThat(v.level()).isEqualTo(Level.LIVE);
        assertThat(v.reason()).contains("rule 119");
    }
}
