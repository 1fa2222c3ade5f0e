package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Ranking invariants over generated GVT-g candidate lists, evaluated by the reference pack:
 * every candidate lands in exactly one list, compatible targets are in the documented order,
 * and the answer does not depend on the order candidates were given in.
 */
class RankingPropertiesTest {

    private static final List<String> DEVICES = List.of("3e92", "591d", "1912");
    private static final List<String> TYPES = List.of("i915-GVTg_V5_1", "i915-GVTg_V5_2", "i915-GVTg_V5_4", "i915-GVTg_V5_8");
    private static final List<String> VERSIONS = List.of("1.9.0", "2.1.0", "2.3.0", "3.0.0");

    @Provide
    Arbitrary<DeviceProfile> profiles() {
        Arbitrary<DeviceProfile> mdevs = Combinators.combine(Arbitraries.of(DEVICES), Arbitraries.of(TYPES), Arbitraries.of(VERSIONS))
                .as((dev, type, sw) -> DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType(type)
                        .migrationVersion("8086-" + dev + "-" + type + "-" + sw).build());
        Arbitrary<DeviceProfile> phys = Combinators.combine(Arbitraries.of(DEVICES), Arbitraries.of(VERSIONS))
                .as((dev, sw) -> DeviceProfile.builder(DeviceKind.PHYS).deviceApi("vfio-pci").migrationType("vfio-pci:8086:" + dev)
                        .migrationVersion("8086-" + dev + "-vfio-pci-" + sw).build());
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, mdevs), net.jqwik.api.Tuple.of(1, phys));
    }

    @Provide
    Arbitrary<List<Candidate>> candidates() {
        Arbitrary<Candidate> one = Combinators.combine(Arbitraries.of("host-a", "host-b", "host-c", "host-d"),
                        Arbitraries.integers().between(0, 9999), profiles(), Arbitraries.integers().between(0, 4))
                .as((host, n, profile, cap) -> profile.getKind() == DeviceKind.MDEV && cap > 0
                        ? Candidate.creatable(host, "0000:00:02." + n, profile, cap)
                        : Candidate.existing(host, "dev-" + n, profile));
        return one.list().ofMaxSize(40).uniqueElements(Candidate::ref);
    }

    @Property(tries = 60)
    void everyCandidateIsJudgedOnceAndCompatibleOnesAreOrdered(@ForAll("profiles") DeviceProfile source,
                                                              @ForAll("candidates") @Size(max = 40) List<Candidate> candidates) {
        Ranking r = ReferencePacks.engine().rank(source, candidates);
        Set<String> seen = new HashSet<>();
        r.compatible().forEach(t -> assertThat(seen.add(t.candidate().ref())).isTrue());
        r.refused().forEach(t -> assertThat(seen.add(t.candidate().ref())).isTrue());
        assertThat(seen).hasSize(candidates.size());
        assertThat(r.compatible()).allMatch(t -> t.verdict().compatible());
        assertThat(r.refused()).noneMatch(t -> t.verdict().compatible());
        for (int i = 1; i < r.compatible().size(); i++) {
            Verdict a = r.compatible().get(i - 1).verdict();
            Verdict b = r.compatible().get(i).verdict();
            assertThat(a.level().compareTo(b.level())).isLessThanOrEqualTo(0);
            if (a.level() == b.level()) {
                assertThat(a.score()).isGreaterThanOrEqualTo(b.score());
                if (a.score() == b.score()) {
                    Candidate x = r.compatible().get(i - 1).candidate();
                    Candidate y = r.compatible().get(i).candidate();
                    assertThat((x.host() + "\u0000" + x.id()).compareTo(y.host() + "\u0000" + y.id())).isNegative();
                }
            }
        }
    }

    @Property(tries = 40)
    void theAnswerDoesNotDependOnCandidateOrder(@ForAll("profiles") DeviceProfile source,
                                                @ForAll("candidates") List<Candidate> candidates,
                                                @ForAll long seed) {
        List<Candidate> shuffled = new ArrayList<>(candidates);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(ReferencePacks.engine().rank(source, shuffled)).isEqualTo(ReferencePacks.engine().rank(source, candidates));
    }

    @Property(tries = 60)
    void aVerdictDependsOnlyOnTheTwoProfiles(@ForAll("profiles") DeviceProfile source, @ForAll("profiles") DeviceProfile target) {
        Verdict first = ReferencePacks.engine().check(source, target);
        Verdict again = ReferencePacks.engine().check(source.toBuilder().build(), target.toBuilder().build());
        assertThat(again).isEqualTo(first);
        assertThat(first.reason()).startsWith(first.packId().isEmpty() ? "vfio-compat: " : "Intel: ");
    }
}
