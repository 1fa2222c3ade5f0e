package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceProfile;

/** The hooks an embedder builds an engine with: each setter's checks, sinks, listeners, executor, clock, Fleet values. */
class EngineHooksTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private static CompatibilityEngine.Builder reference() {
        return CompatibilityEngine.builder().packs(ReferencePacks.locate("vendor-packs"));
    }

    private static Fleet exampleFleet() {
        return Fleet.load(ReferencePacks.locate("examples").resolve("fleet.json"));
    }

    @Test
    void everyScalarSetterRefusesASecondCall() {
        List<Consumer<CompatibilityEngine.Builder>> setters = List.of(
                b -> b.maxFiringsPerPair(10), b -> b.maxFindingsPerPair(10), b -> b.evaluationDeadline(Duration.ofSeconds(1)),
                b -> b.quarantineAfter(2), b -> b.cacheSize(10), b -> b.compiledPackCache(Path.of("/tmp/x")),
                b -> b.trustStore(Path.of("/tmp/t")), b -> b.requireSignatures(false), b -> b.decisionLog(new StringWriter()),
                b -> b.decisionLogMask(List.of("reason")), b -> b.decisionSink(d -> { }), b -> b.reloadListener(r -> { }),
                b -> b.batchExecutor(Runnable::run), b -> b.clock(Clock.systemUTC()));
        for (Consumer<CompatibilityEngine.Builder> setter : setters) {
            CompatibilityEngine.Builder b = CompatibilityEngine.builder();
            setter.accept(b);
            assertThatThrownBy(() -> setter.accept(b)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was already set");
        }
        CompatibilityEngine.Builder b = CompatibilityEngine.builder().decisionLog(Path.of("/tmp/log"));
        assertThatThrownBy(() -> b.decisionLog(new StringWriter())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void settersCheckTheirArgumentAtOnce() {
        CompatibilityEngine.Builder b = CompatibilityEngine.builder();
        assertThatThrownBy(() -> b.maxFiringsPerPair(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFiringsPerPair must be at least 1, got 0");
        assertThatThrownBy(() -> b.maxFindingsPerPair(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.quarantineAfter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.cacheSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.evaluationDeadline(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.evaluationDeadline(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.packLocations(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.decisionLogMask(List.of("reason", "colour"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot mask colour");
        assertThatThrownBy(() -> b.batchExecutor(null)).isInstanceOf(NullPointerException.class);
        // A refused value leaves the setting unset: the right value is still taken.
        b.maxFiringsPerPair(5).cacheSize(0);
    }

    @Test
    void buildRefusesAConfigurationThatCannotWork() {
        assertThatThrownBy(() -> CompatibilityEngine.builder().build()).isInstanceOf(InvalidPackException.class)
                .hasMessageContaining("no pack folder given");
        assertThatThrownBy(() -> reference().requireSignatures(true).build()).isInstanceOf(InvalidPackException.class)
                .hasMessageContaining("no trust store is configured");
    }

    @Test
    void theSettingsAreWhatTheBuilderWasGiven() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (CompatibilityEngine engine = reference().maxFiringsPerPair(500).cacheSize(7).clock(clock).build()) {
            EngineSettings s = engine.settings();
            assertThat(s.limits()).isEqualTo(new EvaluationLimits(500, 200, Duration.ofSeconds(2), 3));
            assertThat(s.cacheSize()).isEqualTo(7);
            assertThat(s.clock()).isSameAs(clock);
            assertThat(s.packLocations()).singleElement().satisfies(l -> assertThat(Path.of(l)).isAbsolute());
            assertThat(s.trustStore()).isEmpty();
            assertThat(engine.cacheStats().maximumSize()).isEqualTo(7);
        }
    }

    @Test
    void aDecisionSinkIsToldOfEveryDecisionWithTheEnginesClock() {
        List<Decision> seen = new CopyOnWriteArrayList<>();
        Fleet fleet = exampleFleet();
        FleetDevice source = fleet.assigned().get(0);
        List<Candidate> candidates = fleet.candidatesElsewhere(source.host());
        try (CompatibilityEngine engine = reference().decisionSink(seen::add).clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
            Verdict first = engine.check(source.profile(), candidates.get(0).profile());
            Verdict again = engine.check(source.profile(), candidates.get(0).profile());
            assertThat(again).isEqualTo(first);
            assertThat(seen).hasSize(2);
            assertThat(seen).allSatisfy(d -> assertThat(d.time()).isEqualTo(T0));
            assertThat(seen.get(0).verdict()).isEqualTo(first);
            assertThat(seen.get(0).source()).isEqualTo(source.profile());
            assertThat(seen).extracting(Decision::cacheHit).containsExactly(false, true);
        }
    }

    @Test
    void aFailingSinkNeverChangesOrWithholdsAVerdict() {
        Fleet fleet = exampleFleet();
        FleetDevice source = fleet.assigned().get(0);
        DeviceProfile target = fleet.candidatesElsewhere(source.host()).get(0).profile();
        Verdict quiet;
        try (CompatibilityEngine engine = reference().build()) {
            quiet = engine.check(source.profile(), target);
        }
        try (CompatibilityEngine engine = reference().decisionSink(d -> {
            throw new IllegalStateException("sink down");
        }).build()) {
            assertThat(engine.check(source.profile(), target)).isEqualTo(quiet);
        }
    }

    @Test
    void theDecisionLogAndASinkBothGetEveryDecisionAndBothAreClosed() {
        StringWriter log = new StringWriter();
        AtomicInteger told = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        DecisionSink sink = new DecisionSink() {
            @Override
            public void accept(Decision decision) {
                told.incrementAndGet();
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        Fleet fleet = exampleFleet();
        FleetDevice source = fleet.assigned().get(0);
        try (CompatibilityEngine engine = reference().decisionLog(log).decisionSink(sink).build()) {
            engine.rank(source.profile(), fleet.candidatesElsewhere(source.host()));
        }
        assertThat(told.get()).isPositive();
        assertThat(log.toString().lines()).hasSize(told.get());
        assertThat(closed.get()).isEqualTo(1);
    }

    @Test
    void twoThreadsAskingForTheSamePairAtOnceEvaluateItOnce() throws Exception {
        Fleet fleet = exampleFleet();
        FleetDevice source = fleet.assigned().get(0);
        List<DeviceProfile> targets = fleet.candidatesElsewhere(source.host()).stream().map(Candidate::profile)
                .distinct().toList();
        List<Decision> decisions = new CopyOnWriteArrayList<>();
        AtomicInteger evaluatedPairs = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (CompatibilityEngine engine = reference().decisionSink(decisions::add).build()) {
            for (DeviceProfile target : targets) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Verdict>> asked = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    asked.add(pool.submit(() -> {
                        start.await();
                        return engine.check(source.profile(), target);
                    }));
                }
                start.countDown();
                for (Future<Verdict> f : asked) {
                    f.get();
                }
            }
            // Every pair was decided 8 times; each pair a pack evaluated (some rule fired: not decided by
            // routing, which never reaches the cache) and whose verdict is cacheable was evaluated once.
            for (DeviceProfile target : targets) {
                List<Decision> ofPair = decisions.stream().filter(d -> d.target().equals(target)).toList();
                assertThat(ofPair).hasSize(8);
                long evaluated = ofPair.stream().filter(d -> !d.cacheHit()).count();
                Verdict v = ofPair.get(0).verdict();
                if (v.level() != org.vfiocompat.rules.Level.UNKNOWN && !v.firedRules().isEmpty()) {
                    evaluatedPairs.incrementAndGet();
                    assertThat(evaluated).as("evaluations of %s", target).isEqualTo(1);
                }
            }
            assertThat(evaluatedPairs.get()).as("pairs a pack evaluated").isPositive();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aBatchRunsOnTheGivenExecutorAndGivesTheSameResultsAsOnTheCallingThread() {
        Fleet fleet = exampleFleet();
        List<SourceResult> here = new ArrayList<>();
        try (CompatibilityEngine engine = reference().build()) {
            engine.batch(fleet, 5, here::add);
        }
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Executor counting = r -> {
            tasks.incrementAndGet();
            pool.execute(r);
        };
        List<SourceResult> there = new ArrayList<>();
        List<Integer> progress = Collections.synchronizedList(new ArrayList<>());
        try (CompatibilityEngine engine = reference().batchExecutor(counting).build()) {
            engine.batch(fleet, 5, there::add, (done, total) -> progress.add(done));
        } finally {
            pool.shutdown();
        }
        assertThat(there).isEqualTo(here);
        assertThat(tasks.get()).isGreaterThan(1);
        assertThat(progress).hasSize(fleet.assigned().size()).isSorted();
    }

    @Test
    void theReloadListenerIsToldOfEveryReloadGoodOrRefused(@TempDir Path dir) throws Exception {
        Path pack = TestPacks.sameTypeLive(dir, "demo", "demo-", 10);
        List<ReloadResult> told = new CopyOnWriteArrayList<>();
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(pack).reloadListener(told::add).build()) {
            assertThat(told).isEmpty(); // the first load is lastReload(), not a reload
            ReloadResult ok = engine.reload();
            Files.writeString(pack.resolve("pack.json"), "{ not json", StandardCharsets.UTF_8);
            ReloadResult refused = engine.reload();
            assertThat(told).containsExactly(ok, refused);
            assertThat(ok.ok()).isTrue();
            // The broken update is refused alone; demo keeps its last good version.
            assertThat(refused.ok()).isTrue();
            assertThat(refused.refused()).extracting(RefusedPack::id).containsExactly("demo");
            assertThat(refused.packDigests()).isEqualTo(ok.packDigests());
        }
    }

    @Test
    void aFleetMadeFromValuesIsSortedAndRefusesDuplicates() {
        Fleet file = exampleFleet();
        List<FleetDevice> devices = new ArrayList<>(file.devices());
        Collections.reverse(devices);
        List<Candidate> creatable = new ArrayList<>(file.creatable());
        Collections.reverse(creatable);
        Fleet made = Fleet.of("made", Set.of(), devices, creatable);
        assertThat(made.devices()).isEqualTo(file.devices());
        assertThat(made.creatable()).isEqualTo(file.creatable());
        assertThat(made.assigned()).isEqualTo(file.assigned());
        assertThat(made.hosts()).isSubsetOf(file.hosts());
        assertThat(made.name()).isEqualTo("made");
        FleetDevice d = file.devices().get(0);
        assertThatThrownBy(() -> Fleet.of("x", List.of(), List.of(d, d), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(d.ref() + " is in the fleet twice");
        assertThatThrownBy(() -> Fleet.of("x", List.of(), List.of(), List.of(d.asCandidate())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a creatable type");
    }

    @Test
    void aFleetReadFromAStreamIsTheFleetOfItsFile() throws Exception {
        Path path = ReferencePacks.locate("examples").resolve("fleet.json");
        Fleet fromFile = Fleet.load(path);
        Fleet fromStream = Fleet.read(new ByteArrayInputStream(Files.readAllBytes(path)), "stdin");
        assertThat(fromStream.devices()).isEqualTo(fromFile.devices());
        assertThat(fromStream.creatable()).isEqualTo(fromFile.creatable());
        assertThat(fromStream.hosts()).isEqualTo(fromFile.hosts());
        assertThat(fromStream.name()).isEqualTo("stdin");
        assertThatThrownBy(() -> Fleet.read(new ByteArrayInputStream("{\"version\": 1, \"hosts\": 3}"
                .getBytes(StandardCharsets.UTF_8)), "pipe"))
                .isInstanceOf(InvalidInventoryException.class).hasMessageStartingWith("pipe at /hosts");
    }
}
