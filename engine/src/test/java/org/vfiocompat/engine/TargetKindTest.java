package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * Rules API 1.1: a pack tells an existing target from a creatable one ({@code Target( creatable )}),
 * and the engine keeps their verdicts apart in the cache, in ranking and in the batch, though
 * their profiles are equal.
 */
class TargetKindTest {

    @TempDir
    static Path root;

    static CompatibilityEngine engine;

    @BeforeAll
    static void loadPacks() throws IOException {
        Path pack = TestPacks.write(root, "kinds", List.of("kind-"), List.of(), TestPacks.drl("kinds", """
                rule "existing device"
                when
                    Source( $t : migrationType )
                    Target( migrationType == $t, existing )
                then
                    insert(Finding.live(100, "an existing device"));
                end

                rule "configuration to create"
                when
                    Source( $t : migrationType )
                    Target( migrationType == $t, creatable )
                then
                    insert(Finding.live(60, "a configuration the parent can create"));
                end
                """));
        statesRulesApi(pack, "1.1");
        engine = CompatibilityEngine.builder().packs(root).build();
    }

    /** Rewrites the pack's manifest to state {@code version} as its rules API. */
    static void statesRulesApi(Path pack, String version) throws IOException {
        Path manifest = pack.resolve("pack.json");
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        Files.writeString(manifest, text.replace("\"rulesApi\": \"1.0\"", "\"rulesApi\": \"" + version + "\""),
                StandardCharsets.UTF_8);
    }

    @AfterAll
    static void close() throws Exception {
        engine.close();
    }

    private static final DeviceProfile SOURCE = TestPacks.mdev("kind-a", "1");
    private static final DeviceProfile TARGET = TestPacks.mdev("kind-a", "1");

    @Test
    void aPackSeesWhetherTheTargetExistsAndTheCacheKeepsTheTwoApart() {
        // Profiles no other test of the class asks for, so that the cache starts without them.
        DeviceProfile s = TestPacks.mdev("kind-cache", "7");
        DeviceProfile t = TestPacks.mdev("kind-cache", "7");
        CacheStats before = engine.cacheStats();
        Verdict existing = engine.check(s, t);
        Verdict creatable = engine.check(s, t, CandidateKind.CREATABLE);
        // Asked again, each is served from the cache, and neither is served for the other.
        assertThat(engine.check(s, t, CandidateKind.EXISTING)).isEqualTo(existing);
        assertThat(engine.check(s, t, CandidateKind.CREATABLE)).isEqualTo(creatable);
        CacheStats after = engine.cacheStats();

        assertThat(existing.level()).isEqualTo(Level.LIVE);
        assertThat(existing.score()).isEqualTo(100);
        assertThat(existing.rules()).containsExactly("existing device");
        assertThat(creatable.score()).isEqualTo(60);
        assertThat(creatable.rules()).containsExactly("configuration to create");
        assertThat(after.misses() - before.misses()).isEqualTo(2);
        assertThat(after.hits() - before.hits()).isEqualTo(2);
    }

    @Test
    void aCandidateIsCheckedAsItsKind() {
        Candidate made = Candidate.creatable("h2", "parent0", TARGET, 3);
        assertThat(engine.check(SOURCE, made).score()).isEqualTo(60);
        assertThat(engine.check(SOURCE, Candidate.existing("h2", "dev0", TARGET)).score()).isEqualTo(100);
    }

    @Test
    void rankingJudgesEqualProfilesOfEachKindApart() {
        Candidate existing = Candidate.existing("h2", "dev0", TARGET);
        Candidate creatable = Candidate.creatable("h3", "parent0", TARGET, 2);
        Ranking r = engine.rank(SOURCE, List.of(creatable, existing));
        assertThat(r.compatible()).extracting(t -> t.candidate().ref()).containsExactly("h2/dev0", "h3/parent0/kind-a");
        assertThat(r.compatible()).extracting(t -> t.verdict().score()).containsExactly(100, 60);
    }

    @Test
    void theBatchGroupsCandidatesByProfileAndKind() {
        List<FleetDevice> devices = List.of(
                new FleetDevice("h1", "vm-dev", SOURCE, "p", "vm1"),
                new FleetDevice("h2", "free-dev", TARGET, "p", ""));
        List<Candidate> creatable = List.of(Candidate.creatable("h3", "parent0", TARGET, 2));
        Fleet fleet = Fleet.of("kinds", List.of(), devices, creatable);
        List<SourceResult> results = new ArrayList<>();
        BatchSummary summary = engine.batch(fleet, 5, results::add);

        assertThat(results).hasSize(1);
        assertThat(results.get(0).top()).extracting(t -> t.candidate().ref() + " " + t.verdict().score())
                .containsExactly("h2/free-dev 100", "h3/parent0/kind-a 60");
        assertThat(summary.distinctPairsEvaluated()).as("one pair per (profile, kind)").isEqualTo(2);
    }
}
