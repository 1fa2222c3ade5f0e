package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The batch works on profiles, not devices (each distinct source profile judged once against
 * each candidate group, top K by merging): it must give exactly what ranking every candidate of
 * every device would give, on any number of threads.
 */
class BatchEquivalenceTest {

    @ParameterizedTest(name = "top {0}, {1} thread(s)")
    @CsvSource({"1, 1", "3, 2", "10, 1", "1000, 2"})
    void batchEqualsRankingEveryDeviceOnItsOwn(int top, int threads) {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        CompatibilityEngine engine = threads == 1 ? ReferencePacks.engine()
                : CompatibilityEngine.builder().packs(ReferencePacks.locate("vendor-packs")).batchExecutor(pool).build();
        Fleet fleet = Fleet.load(ReferencePacks.locate("examples").resolve("fleet.json"));
        List<SourceResult> batch = new ArrayList<>();
        BatchSummary summary = engine.batch(fleet, top, batch::add);
        pool.shutdown();
        List<FleetDevice> sources = fleet.assigned();
        assertThat(batch).extracting(SourceResult::source).containsExactlyElementsOf(sources);
        List<String> stranded = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            FleetDevice d = sources.get(i);
            List<Candidate> candidates = fleet.candidatesElsewhere(d.host());
            Ranking naive = engine.rank(d.profile(), candidates);
            SourceResult r = batch.get(i);
            assertThat(r.candidates()).as(d.ref()).isEqualTo(candidates.size());
            assertThat(r.compatible()).as(d.ref()).isEqualTo(naive.compatible().size());
            assertThat(r.top()).as(d.ref())
                    .containsExactlyElementsOf(naive.compatible().subList(0, Math.min(top, naive.compatible().size())));
            if (naive.stranded()) {
                stranded.add(d.ref());
            }
        }
        assertThat(summary.stranded()).containsExactlyElementsOf(stranded);
        assertThat(summary.devicesEvaluated()).isEqualTo(sources.size());
    }

    /**
     * A profile's first K targets are every device's answer whose host is not among them, so the
     * batch hands those devices one list (what lets the NDJSON output copy its bytes once per
     * list); a device on one of those hosts gets its own, without its host's targets.
     */
    @org.junit.jupiter.api.Test
    void sourcesOfOneProfileWhoseHostIsNotAmongTheTargetsShareOneList() {
        int top = 2;
        CompatibilityEngine engine = ReferencePacks.engine();
        Fleet fleet = Fleet.load(ReferencePacks.locate("examples").resolve("fleet.json"));
        List<SourceResult> batch = new ArrayList<>();
        engine.batch(fleet, top, batch::add);
        List<Candidate> everywhere = fleet.candidatesElsewhere(""); // no host is named ""
        java.util.Map<DeviceProfile, List<RankedTarget>> firstOfProfile = new java.util.HashMap<>();
        int sharing = 0;
        int own = 0;
        for (SourceResult r : batch) {
            List<RankedTarget> ranked = engine.rank(r.source().profile(), everywhere).compatible();
            List<RankedTarget> head = ranked.subList(0, Math.min(top, ranked.size()));
            if (head.stream().anyMatch(t -> t.candidate().host().equals(r.source().host()))) {
                own++; // its host is among the first targets: a list of its own, checked by the test above
                continue;
            }
            assertThat(r.top()).as(r.source().ref()).containsExactlyElementsOf(head);
            List<RankedTarget> first = firstOfProfile.putIfAbsent(r.source().profile(), r.top());
            if (first != null) {
                assertThat(r.top()).as(r.source().ref()).isSameAs(first);
                sharing++;
            }
        }
        assertThat(sharing).as("sources given a list another source of their profile was given").isGreaterThan(0);
        assertThat(own).as("sources on a host among their profile's first targets").isGreaterThan(0);
    }
}
