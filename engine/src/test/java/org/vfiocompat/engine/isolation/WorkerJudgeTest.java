package org.vfiocompat.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.Isolation;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.eval.PackEvaluator;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.engine.trust.TrustPolicy;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * The supervisor of worker JVMs, on real processes: a worker that spins, fills its heap, halts
 * or writes garbage costs the one pair that made it, answered UNKNOWN with the reason and
 * counted towards quarantine; the worker is started again; another pack's worker, evaluating a
 * real pack, gives the verdicts the engine's own JVM gives, before and after.
 */
class WorkerJudgeTest {

    /** A deadline long enough for a worker to fill 32 MiB on a loaded machine before its budget (11 s) runs out. */
    private static final EvaluationLimits LIMITS = new EvaluationLimits(1000, 200, Duration.ofMillis(5000), 3);
    private static Path dir;
    private static LoadedPack pack;
    /** The compiled-pack cache the real workers load the pack from, as the CLI's do. */
    private static Path cache;
    private static WorkerJudge real;

    @BeforeAll
    static void pack() throws IOException {
        dir = Files.createTempDirectory("worker-judge");
        AcmePack.write(dir);
        cache = Files.createDirectories(dir.resolve("pack-cache"));
        pack = PackLoader.loadAll(List.of(dir.resolve("acme").toString()), cache).packs().get(0);
        real = new WorkerJudge(pack, EvaluationLimits.DEFAULT, cache);
    }

    @AfterAll
    static void close() {
        real.close();
    }

    /** Runs {@code body} with every worker JVM started meanwhile given {@code options}, then restores them. */
    private static void withWorkerOptions(String options, ThrowingRunnable body) throws Exception {
        String before = System.getProperty(WorkerLaunch.JAVA_OPTIONS_PROPERTY);
        System.setProperty(WorkerLaunch.JAVA_OPTIONS_PROPERTY, options);
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(WorkerLaunch.JAVA_OPTIONS_PROPERTY);
            } else {
                System.setProperty(WorkerLaunch.JAVA_OPTIONS_PROPERTY, before);
            }
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Worker options under which a worker cannot create its KieBase in time: its load deadline is 1 ms. */
    private static final String ONE_MS_LOAD_DEADLINE = "-XX:TieredStopAtLevel=1 -Dvfiocompat.packLoadDeadlineSeconds=0.001";

    private static DeviceProfile profile(String version) {
        return AcmePack.profile(version);
    }

    private static List<Verdict> realVerdicts() {
        return List.of(real.evaluate(profile("1"), profile("1"), false), real.evaluate(profile("1"), profile("2"), true));
    }

    @Test
    void aRealPacksWorkerGivesTheVerdictsOfTheEnginesOwnJvm() {
        PackEvaluator inProcess = new PackEvaluator(pack, EvaluationLimits.DEFAULT);
        assertThat(realVerdicts()).containsExactly(inProcess.evaluate(profile("1"), profile("1"), false),
                inProcess.evaluate(profile("1"), profile("2"), true));
        assertThat(realVerdicts().get(0).level()).isEqualTo(Level.LIVE);
    }

    /**
     * The JVM of a worker prints to its standard output when told to (unified logging to
     * stdout, a flight recording's start message): none of it reaches the answers, which have a
     * descriptor of their own, and the verdicts are the engine's own JVM's.
     */
    @Test
    void aWorkerWhoseJvmPrintsToStandardOutputStillAnswers() throws Exception {
        Path recording = Files.createTempDirectory("worker-jfr").resolve("worker.jfr");
        withWorkerOptions("-XX:TieredStopAtLevel=1 -Xlog:gc*=debug,safepoint:stdout"
                + " -XX:StartFlightRecording=filename=" + recording + " -XX:+PrintFlagsFinal", () -> {
            WorkerJudge chatty = new WorkerJudge(pack, EvaluationLimits.DEFAULT, cache);
            try {
                PackEvaluator inProcess = new PackEvaluator(pack, EvaluationLimits.DEFAULT);
                List<Pair> pairs = new ArrayList<>();
                for (int i = 0; i < 600; i++) {
                    pairs.add(new Pair(profile(String.valueOf(1 + i % 3)), profile(String.valueOf(1 + i % 5)), i % 2 == 0));
                }
                List<Verdict> expected = pairs.stream().map(p -> inProcess.evaluate(p.source(), p.target(), p.creatable())).toList();
                assertThat(chatty.evaluateAll(pairs)).isEqualTo(expected);
                assertThat(chatty.evaluate(profile("1"), profile("1"), false)).isEqualTo(expected.get(0));
                assertThat(chatty.workersStarted()).isEqualTo(1);
                assertThat(chatty.quarantineReason()).isEmpty();
            } finally {
                chatty.close();
            }
        });
    }

    @Test
    void eachMisdeedCostsItsPairOnlyAndCountsTowardsQuarantine() {
        List<Verdict> before = realVerdicts();
        WorkerJudge hostile = new WorkerJudge(pack, LIMITS, null, MisbehavingWorker.class.getName(), 32);
        try {
            assertThat(hostile.evaluate(profile("good"), profile("x"), false).reason()).isEqualTo("fine: good");

            Verdict spin = hostile.evaluate(profile("spin"), profile("x"), false);
            assertThat(spin.level()).isEqualTo(Level.UNKNOWN);
            assertThat(spin.reason()).isEqualTo("Acme: worker killed on 1 pair(s): it ran past its budget of 11000 ms");
            assertThat(hostile.evaluate(profile("good"), profile("x"), false).reason()).isEqualTo("fine: good");

            assertThat(hostile.evaluate(profile("heap"), profile("x"), false).reason())
                    .isEqualTo("Acme: worker ran out of its 32 MiB heap on 1 pair(s)");
            assertThat(hostile.quarantineReason()).isEmpty();
            assertThat(hostile.evaluate(profile("exit"), profile("x"), false).reason())
                    .isEqualTo("Acme: worker died on 1 pair(s) (exit code 1)");

            assertThat(hostile.quarantineReason()).hasValue("3 bound violations, the last: worker died on 1 pair(s) (exit code 1)");
            assertThat(hostile.evaluate(profile("good"), profile("x"), false).reason()).startsWith("Acme: pack is quarantined: ");
            assertThat(hostile.workersStarted()).isEqualTo(3);
        } finally {
            hostile.close();
        }
        assertThat(realVerdicts()).isEqualTo(before);
    }

    @Test
    void pairsAskedTogetherCrossInOneRequestAndOnlyTheCulpritIsUnknown() throws Exception {
        WorkerJudge hostile = new WorkerJudge(pack, LIMITS, null, MisbehavingWorker.class.getName(), 32);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Verdict>> answers = new ArrayList<>();
            for (String v : List.of("a", "b", "garbage", "c", "d", "e")) {
                answers.add(threads.submit(() -> hostile.evaluate(profile(v), profile("x"), false)));
            }
            List<String> reasons = new ArrayList<>();
            for (Future<Verdict> f : answers) {
                reasons.add(f.get().reason());
            }
            assertThat(reasons).containsExactly("fine: a", "fine: b",
                    "Acme: worker killed on 1 pair(s): its answer broke the protocol (an answer to pair -7 of 1 asked)",
                    "fine: c", "fine: d", "fine: e");
            // A worker's verdict names the pack the engine loaded, whatever the worker claims.
            Verdict fine = hostile.evaluate(profile("a"), profile("x"), false);
            assertThat(List.of(fine.packId(), fine.packVersion(), fine.packDigest()))
                    .containsExactly(pack.id(), pack.version(), pack.digest());
        } finally {
            threads.shutdownNow();
            hostile.close();
        }
    }

    /**
     * A check that took the pack set just before a reload dropped this pack asks the judge after
     * the reload closed it: it is answered, and the worker started for it is ended with it. (It
     * used to stay: every such race in a server whose packs change left a worker JVM running.)
     */
    @Test
    void aCheckArrivingAfterCloseIsAnsweredAndLeavesNoWorkerRunning() {
        WorkerJudge judge = new WorkerJudge(pack, EvaluationLimits.DEFAULT, cache);
        try {
            Verdict before = judge.evaluate(profile("1"), profile("1"), false);
            assertThat(judge.workerAlive()).isTrue();
            judge.close();
            assertThat(judge.workerAlive()).isFalse();
            assertThat(judge.evaluate(profile("1"), profile("1"), false)).isEqualTo(before);
            assertThat(judge.evaluateAll(List.of(new Pair(profile("1"), profile("1"), false)))).containsExactly(before);
            assertThat(judge.workersStarted()).isEqualTo(3);
            assertThat(judge.workerAlive()).as("the late callers' worker, once they are done").isFalse();
        } finally {
            judge.close();
        }
    }

    @Test
    void manyPairsCrossInRequestsOfAChunkAndAnswerInOrder() {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 1300; i++) {
            pairs.add(new Pair(profile("v" + i % 37), profile("v" + i % 41), i % 2 == 0));
        }
        PackEvaluator inProcess = new PackEvaluator(pack, EvaluationLimits.DEFAULT);
        WorkerJudge judge = new WorkerJudge(pack, EvaluationLimits.DEFAULT, cache);
        try {
            List<Verdict> verdicts = judge.evaluateAll(pairs);
            assertThat(judge.requestsSent()).isEqualTo(3); // 1300 pairs in requests of 512
            for (int i = 0; i < pairs.size(); i++) {
                Pair p = pairs.get(i);
                assertThat(verdicts.get(i)).as("pair " + i).isEqualTo(inProcess.evaluate(p.source(), p.target(), p.creatable()));
            }
            assertThat(verdicts).filteredOn(v -> v.level() == Level.LIVE).isNotEmpty();
        } finally {
            judge.close();
        }
    }

    @Test
    void aWorkerDyingInsideABulkRequestCostsTheCulpritOnlyAndTheRestGoOnInBulk() {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            pairs.add(new Pair(profile(i == 700 ? "exit" : "p" + i), profile("x"), false));
        }
        WorkerJudge hostile = new WorkerJudge(pack, LIMITS, null, MisbehavingWorker.class.getName(), 32);
        try {
            List<Verdict> verdicts = hostile.evaluateAll(pairs);
            for (int i = 0; i < pairs.size(); i++) {
                assertThat(verdicts.get(i).reason()).as("pair " + i)
                        .isEqualTo(i == 700 ? "Acme: worker died on 1 pair(s) (exit code 1)" : "fine: p" + i);
            }
            // The first worker died on pair 700, the second when asked about it alone, the third took the rest.
            assertThat(hostile.workersStarted()).isEqualTo(3);
            assertThat(hostile.quarantineReason()).isEmpty();
        } finally {
            hostile.close();
        }
    }

    /**
     * The pack's one DRL file replaced on disk by a valid one with other verdicts (NONE where
     * the pack's said LIVE 70): what a worker that read the pack again would judge by.
     */
    private static void changeOnDisk(Path acme) throws IOException {
        Files.writeString(acme.resolve("rules/main.drl"), AcmePack.DRL.replace("import org.vfiocompat.rules.Finding;", "import org.vfiocompat.rules.Finding;\nimport org.vfiocompat.rules.Limit;")
                .replace("Finding.live(70,", "Finding.none(Limit.OTHER,"));
    }

    @Test
    void aPackLoadedWithoutItsKieBaseIsBuiltInItsWorkerAndAWorkerThatCannotLoadItRefusesIt() throws Exception {
        Path acme = AcmePack.write(Files.createTempDirectory("worker-refuses"));
        // As the engine loads a worker's pack in process mode: every check, no KieBase.
        LoadedPack deferred = PackLoader.loadAll(List.of(acme.toString()), null, TrustPolicy.OFF, java.util.Map.of(),
                Judges.kieBases(Isolation.PROCESS)).packs().get(0);
        assertThat(deferred.hasKieBase()).isFalse();
        assertThat(deferred.digest()).isEqualTo(pack.digest());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PackEvaluator(deferred, EvaluationLimits.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        WorkerJudge judge = new WorkerJudge(deferred, EvaluationLimits.DEFAULT, null);
        try {
            PackEvaluator inProcess = new PackEvaluator(pack, EvaluationLimits.DEFAULT);
            assertThat(judge.evaluate(profile("1"), profile("1"), false)).isEqualTo(inProcess.evaluate(profile("1"), profile("1"), false));
        } finally {
            judge.close();
        }

        withWorkerOptions(ONE_MS_LOAD_DEADLINE, () -> {
            WorkerJudge refusing = new WorkerJudge(deferred, LIMITS, null);
            try {
                List<Verdict> verdicts = new ArrayList<>(refusing.evaluateAll(List.of(new Pair(profile("1"), profile("1"), false),
                        new Pair(profile("1"), profile("2"), true))));
                verdicts.add(refusing.evaluate(profile("3"), profile("3"), false));
                assertThat(verdicts).allSatisfy(v -> {
                    assertThat(v.level()).isEqualTo(Level.UNKNOWN);
                    assertThat(v.reason()).startsWith("Acme: pack refused at load by its worker JVM: " + acme + "/pack.json: ")
                            .contains("deadline");
                    assertThat(v.packDigest()).isEqualTo(pack.digest());
                });
                // Refused once, like a load failure: no worker started again, nothing counted towards quarantine.
                assertThat(refusing.workersStarted()).isEqualTo(1);
                assertThat(refusing.quarantineReason()).isEmpty();
                assertThat(refusing.refusal()).hasValueSatisfying(r -> {
                    assertThat(r.id()).isEqualTo("acme");
                    assertThat(r.code()).isEqualTo(ProblemCodes.PACK_LOAD_FAILED);
                    assertThat(r.problems().get(0).message()).startsWith("refused by its worker JVM as it loaded the pack: ");
                });
            } finally {
                refusing.close();
            }
        });
    }

    /**
     * A worker judges by the bytes the engine verified, not by what is on disk when it starts:
     * with the pack's DRL replaced by other valid rules after the engine loaded it, and then with
     * the pack's folder gone, a new worker still gives the verdicts of the pack the engine
     * loaded (a worker that loaded the pack from its location would judge by the new rules, or
     * refuse a pack whose digest changed or whose files are gone).
     */
    @Test
    void aWorkerJudgesByTheBuildTheEngineVerifiedWhateverIsOnDiskSince() throws IOException {
        Path acme = AcmePack.write(Files.createTempDirectory("worker-verified"));
        LoadedPack loaded = PackLoader.loadAll(List.of(acme.toString()), null, TrustPolicy.OFF, java.util.Map.of(),
                Judges.kieBases(Isolation.PROCESS)).packs().get(0);
        PackEvaluator inProcess = new PackEvaluator(pack, EvaluationLimits.DEFAULT);
        Verdict expected = inProcess.evaluate(profile("1"), profile("1"), false);
        assertThat(expected.level()).isEqualTo(Level.LIVE);

        changeOnDisk(acme);
        LoadedPack changed = PackLoader.loadAll(List.of(acme.toString()), null).packs().get(0);
        assertThat(new PackEvaluator(changed, EvaluationLimits.DEFAULT).evaluate(profile("1"), profile("1"), false).level())
                .as("the rules now on disk").isEqualTo(Level.NONE);
        WorkerJudge afterChange = new WorkerJudge(loaded, EvaluationLimits.DEFAULT, null);
        try {
            assertThat(afterChange.evaluate(profile("1"), profile("1"), false)).isEqualTo(expected);
            assertThat(afterChange.refusal()).isEmpty();
        } finally {
            afterChange.close();
        }

        try (var files = Files.walk(acme)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(acme).doesNotExist();
        WorkerJudge afterRemoval = new WorkerJudge(loaded, EvaluationLimits.DEFAULT, null);
        try {
            assertThat(afterRemoval.evaluateAll(List.of(new Pair(profile("1"), profile("1"), false),
                    new Pair(profile("1"), profile("2"), true)))).containsExactly(expected, inProcess.evaluate(profile("1"), profile("2"), true));
        } finally {
            afterRemoval.close();
        }
    }

    @Test
    void anEngineListsAPackItsWorkerRefusedAmongTheRefusedPacks() throws Exception {
        Path root = Files.createTempDirectory("engine-worker-refuses");
        AcmePack.write(root);
        withWorkerOptions(ONE_MS_LOAD_DEADLINE, () -> {
            try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(root).isolation(Isolation.PROCESS).build()) {
                assertThat(engine.packs()).extracting(p -> p.id()).containsExactly("acme");
                assertThat(engine.refusedPacks()).isEmpty();
                Verdict v = engine.check(profile("1"), profile("1"), CandidateKind.EXISTING);
                assertThat(v.level()).isEqualTo(Level.UNKNOWN);
                assertThat(v.reason()).startsWith("Acme: pack refused at load by its worker JVM: ");
                assertThat(engine.packs()).isEmpty();
                assertThat(engine.refusedPacks()).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo("acme"));
                assertThat(engine.status().refusedPacks()).hasSize(1);
            }
        });
    }
}
