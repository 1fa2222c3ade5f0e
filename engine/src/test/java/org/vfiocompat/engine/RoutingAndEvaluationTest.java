package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * Routing by namespace, combining findings, and containing packs that misbehave at run time,
 * on one engine of small packs written for the purpose.
 */
class RoutingAndEvaluationTest {

    @TempDir
    static Path root;

    static CompatibilityEngine engine;

    @BeforeAll
    static void loadPacks() {
        // acme judges its own types, and bolt's too (acceptsTargetsFrom).
        TestPacks.write(root, "acme", List.of("acme-"), List.of("bolt-"), TestPacks.drl("acme", """
                rule "same type"
                when
                    Source( $t : migrationType )
                    Target( migrationType == $t )
                then
                    insert(Finding.live(50, "same type"));
                end

                rule "bolt accepted cold"
                when
                    Source( )
                    Target( migrationType.startsWith("bolt-") )
                then
                    insert(Finding.cold(Limit.GUEST_DRIVER, 5, "a bolt target needs a guest driver swap"));
                end

                rule "old firmware refused"
                when
                    Source( $v : migrationVersion )
                    Target( Versions.older(migrationVersion, $v) )
                then
                    insert(Finding.none(Limit.HOST_DRIVER, "target firmware older"));
                end
                """));
        // bolt consents to acme judging its targets: without that, acme's acceptsTargetsFrom is ignored.
        TestPacks.withManifestFields(TestPacks.sameTypeLive(root, "bolt", "bolt-", 70), "\"targetsJudgedBy\": [\"acme\"]");
        // quiet records nothing: its silence must not read as acceptance.
        TestPacks.write(root, "quiet", List.of("quiet-"), List.of(), TestPacks.drl("quiet", """
                rule "looks but says nothing"
                when
                    Source( )
                then
                end
                """));
        // crash throws from a consequence for one type only.
        TestPacks.write(root, "crash", List.of("crash-"), List.of(), TestPacks.drl("crash", """
                rule "parses a number that is not one"
                when
                    Source( migrationType == "crash-bad" )
                then
                    insert(Finding.live(Integer.parseInt("not a number"), "never"));
                end

                rule "otherwise fine"
                when
                    Source( migrationType == "crash-good" )
                then
                    insert(Finding.live(1, "fine"));
                end
                """));
        // spin re-activates itself forever: the firing bound stops it.
        TestPacks.spinning(root, "spin", "spin-");
        // hoard inserts something that is not a Finding.
        TestPacks.write(root, "hoard", List.of("hoard-"), List.of(), TestPacks.drl("hoard", """
                rule "keeps a string"
                when
                    Source( $v : migrationVersion )
                then
                    insert($v + $v);
                end
                """));
        engine = CompatibilityEngine.builder().packs(root).build();
    }

    private static DeviceProfile p(String type, String version) {
        return TestPacks.mdev(type, version);
    }

    @Test
    void thePackOwningTheSourceTypeDecides() {
        Verdict v = engine.check(p("acme-1", "1.0"), p("acme-1", "1.0"));
        assertThat(v.level()).isEqualTo(Level.LIVE);
        assertThat(v.packId()).isEqualTo("acme");
        assertThat(v.reason()).isEqualTo("Acme: same type");
        assertThat(v.rules()).containsExactly("same type");
    }

    @Test
    void aTargetOfAnotherPacksNamespaceIsRefusedWithoutEvaluation() {
        Verdict v = engine.check(p("bolt-1", "1.0"), p("acme-1", "1.0"));
        assertThat(v.level()).isEqualTo(Level.NONE);
        assertThat(v.limit()).contains(Limit.TYPE);
        assertThat(v.packId()).isEqualTo("bolt");
        assertThat(v.reason()).isEqualTo("Bolt: target type acme-1 lies outside the namespaces of pack bolt (owned by pack acme)");
        assertThat(v.firedRules()).isEmpty();
    }

    @Test
    void aPackDeclaringAnotherNamespaceCompatibleJudgesItsTargets() {
        Verdict v = engine.check(p("acme-1", "1.0"), p("bolt-9", "1.0"));
        assertThat(v.level()).isEqualTo(Level.COLD);
        assertThat(v.limit()).contains(Limit.GUEST_DRIVER);
        assertThat(v.score()).isEqualTo(5);
        assertThat(v.packId()).isEqualTo("acme");
    }

    @Test
    void aTargetTypeNoPackOwnsIsRefused() {
        Verdict v = engine.check(p("acme-1", "1.0"), p("nvidia-256", "1.0"));
        assertThat(v.level()).isEqualTo(Level.NONE);
        assertThat(v.reason()).endsWith("(owned by no pack)");
    }

    @Test
    void aSourceTypeNoPackOwnsIsUnknownNeverAGuess() {
        Verdict v = engine.check(p("nvidia-256", "1.0"), p("nvidia-256", "1.0"));
        assertThat(v.level()).isEqualTo(Level.UNKNOWN);
        assertThat(v.packId()).isEmpty();
        assertThat(v.reason()).isEqualTo("vfio-compat: no pack owns migration type nvidia-256");
    }

    @Test
    void theMostSevereFindingWins() {
        // same type (LIVE) and older firmware (NONE) both fire: NONE decides.
        Verdict v = engine.check(p("acme-1", "2.0"), p("acme-1", "1.0"));
        assertThat(v.level()).isEqualTo(Level.NONE);
        assertThat(v.limit()).contains(Limit.HOST_DRIVER);
        assertThat(v.rules()).containsExactly("old firmware refused");
        assertThat(v.firedRules()).containsExactlyInAnyOrder("same type", "old firmware refused");
    }

    @Test
    void aPackThatRecordsNothingHasAcceptedNothing() {
        Verdict v = engine.check(p("quiet-1", "1"), p("quiet-1", "1"));
        assertThat(v.level()).isEqualTo(Level.NONE);
        assertThat(v.limit()).contains(Limit.OTHER);
        assertThat(v.reason()).isEqualTo("Quiet: no rule of pack quiet accepted this pair");
    }

    @Test
    void aPackThatThrowsGetsUnknownAndKeepsWorkingForOtherPairs() {
        Verdict bad = engine.check(p("crash-bad", "1"), p("crash-bad", "1"));
        assertThat(bad.level()).isEqualTo(Level.UNKNOWN);
        assertThat(bad.reason()).startsWith("Crash: pack failed: ").contains("NumberFormatException");
        Verdict good = engine.check(p("crash-good", "1"), p("crash-good", "1"));
        assertThat(good.level()).isEqualTo(Level.LIVE);
        assertThat(engine.check(p("acme-1", "1.0"), p("acme-1", "1.0")).level()).isEqualTo(Level.LIVE);
    }

    @Test
    void aRuleThatReactivatesItselfIsStoppedByTheFiringBound() {
        Verdict v = engine.check(p("spin-1", "1"), p("spin-1", "1"));
        assertThat(v.level()).isEqualTo(Level.UNKNOWN);
        assertThat(v.reason()).isEqualTo("Spin: pack stopped after 1000 rule firings for one pair");
        assertThat(engine.check(p("acme-1", "1.0"), p("acme-1", "1.0")).level()).isEqualTo(Level.LIVE);
    }

    @Test
    void oversizedInputIsNeverHandedToAPack() {
        Verdict v = engine.check(p("acme-1", "9".repeat(2000)), p("acme-1", "1.0"));
        assertThat(v.level()).isEqualTo(Level.UNKNOWN);
        assertThat(v.reason()).contains("source migration version is longer than 1024");
    }

    @Test
    void sessionsAreEmptiedBetweenEvaluations() {
        // An older target first, then a pair that must not see the earlier facts.
        engine.check(p("acme-1", "3.0"), p("acme-1", "1.0"));
        Verdict v = engine.check(p("acme-1", "1.0"), p("acme-1", "1.0"));
        assertThat(v.level()).isEqualTo(Level.LIVE);
        assertThat(v.firedRules()).containsExactly("same type");
    }

    @Test
    void concurrentChecksGiveTheSameVerdictsAsSequentialOnes() throws Exception {
        List<DeviceProfile[]> pairs = new ArrayList<>();
        String[] versions = {"1.0", "1.5", "2.0"};
        for (String a : versions) {
            for (String b : versions) {
                pairs.add(new DeviceProfile[] {p("acme-1", a), p("acme-1", b)});
                pairs.add(new DeviceProfile[] {p("acme-1", a), p("bolt-1", b)});
                pairs.add(new DeviceProfile[] {p("crash-bad", a), p("crash-bad", b)});
            }
        }
        List<Verdict> expected = pairs.stream().map(x -> engine.check(x[0], x[1])).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Verdict>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    List<Verdict> all = new ArrayList<>();
                    for (int round = 0; round < 50; round++) {
                        all.addAll(pairs.stream().map(x -> engine.check(x[0], x[1])).toList());
                    }
                    return all;
                }));
            }
            for (Future<List<Verdict>> f : futures) {
                List<Verdict> got = f.get();
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i)).isEqualTo(expected.get(i % expected.size()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rankOrdersLiveBeforeColdThenScoreThenPlaceAndListsTheRest() {
        DeviceProfile source = p("acme-1", "1.0");
        List<Candidate> candidates = List.of(
                Candidate.existing("host-z", "d1", p("acme-1", "1.0")),          // LIVE 50
                Candidate.existing("host-a", "d2", p("bolt-1", "1.0")),          // COLD 5
                Candidate.creatable("host-b", "0000:00:02.0", p("acme-1", "1.0"), 3), // LIVE 50, creatable
                Candidate.existing("host-c", "d3", p("acme-1", "0.5")),          // NONE (older)
                Candidate.existing("host-a", "d4", p("zeta-1", "1.0")));         // NONE (no owner)
        Ranking r = engine.rank(source, candidates);
        assertThat(r.compatible()).extracting(t -> t.candidate().ref())
                .containsExactly("host-b/0000:00:02.0/acme-1", "host-z/d1", "host-a/d2");
        assertThat(r.compatible().get(0).candidate().capacity()).isEqualTo(3);
        assertThat(r.refused()).extracting(t -> t.candidate().ref()).containsExactly("host-a/d4", "host-c/d3");
        assertThat(r.stranded()).isFalse();
    }

    @Test
    void aPackMayInsertOnlyFindings() {
        Verdict v = engine.check(p("hoard-1", "1"), p("hoard-1", "1"));
        assertThat(v.level()).isEqualTo(Level.UNKNOWN);
        assertThat(v.reason()).isEqualTo("Hoard: pack inserted a java.lang.String; packs may insert only Finding facts");
    }

    @Test
    void aPackThatKeepsBreakingBoundsIsQuarantinedAndTheOthersGoOn() {
        CompatibilityEngine strict = CompatibilityEngine.builder().packs(root.resolve("spin"), root.resolve("acme"))
                .quarantineAfter(2).build();
        DeviceProfile spin = p("spin-1", "1");
        assertThat(strict.check(spin, spin).reason()).contains("stopped after 1000 rule firings");
        assertThat(strict.packs()).allMatch(info -> !info.quarantined());
        assertThat(strict.check(spin, spin).reason()).contains("stopped after 1000 rule firings");
        Verdict third = strict.check(spin, spin);
        assertThat(third.level()).isEqualTo(Level.UNKNOWN);
        assertThat(third.reason()).isEqualTo("Spin: pack is quarantined: 2 bound violations, the last: "
                + "pack stopped after 1000 rule firings for one pair");
        assertThat(third.firedRules()).isEmpty();
        assertThat(strict.packs()).filteredOn(PackInfo::quarantined).extracting(PackInfo::id).containsExactly("spin");
        assertThat(strict.check(p("acme-1", "1.0"), p("acme-1", "1.0")).level()).isEqualTo(Level.LIVE);
    }

    @Test
    void anEvaluationPastItsDeadlineIsUnknown() {
        CompatibilityEngine hurried = CompatibilityEngine.builder().packs(root.resolve("acme"))
                .evaluationDeadline(java.time.Duration.ofNanos(1)).quarantineAfter(100).build();
        Verdict v = hurried.check(p("acme-1", "1.0"), p("acme-1", "1.0"));
        assertThat(v.level()).isEqualTo(Level.UNKNOWN);
        assertThat(v.reason()).startsWith("Acme: pack ran past its deadline");
    }
}
