package org.vfiocompat.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.rules.Level;

/**
 * Real pack code across the process boundary: rules that loop forever in a consequence, recurse
 * without end (a fan-out of 2^62 calls) and allocate until the heap is gone, run by the real
 * evaluator inside a worker ({@link UncheckedPackWorker}: built past the load-time checks, which
 * would refuse them). Each costs only its pair: UNKNOWN with the reason, a violation towards
 * quarantine, the worker killed at its budget or dead at its heap cap and started again; another
 * pack's worker gives the same verdicts before and after, and this JVM goes on.
 */
class HostilePackWorkerTest {

    /** A 1 s deadline: a worker that does not answer for 3 s is killed. */
    private static final EvaluationLimits LIMITS = new EvaluationLimits(1000, 200, Duration.ofMillis(1000), 3);
    /** The acme pack's rule, and three that would never pass the load-time checks. */
    private static final String HOSTILE_DRL = AcmePack.DRL + """

            function long fan(int depth) {
                return depth == 0 ? 1 : fan(depth - 1) + fan(depth - 1);
            }

            rule "loop"
            when
                Source( migrationVersion == "loop" )
            then
                long n = 1;
                while (n != 0) { n = n * 3 + 1; }
                insert(Finding.live(1, "never " + n));
            end

            rule "recurse"
            when
                Source( migrationVersion == "recurse" )
            then
                insert(Finding.live(1, "never " + fan(62)));
            end

            rule "allocate"
            when
                Source( migrationVersion == "allocate" )
            then
                java.util.List<long[]> hoard = new java.util.ArrayList<>();
                while (hoard.size() >= 0) { hoard.add(new long[1 << 20]); }
                insert(Finding.live(1, "never"));
            end
            """;
    /**
     * How an allocating pair ends: the worker dies at its heap cap, or, on a loaded machine where
     * a serial GC thrashing near a full heap answers nothing for 3 s, the supervisor kills it first.
     */
    private static final List<String> OUT_OF_HEAP = List.of("Acme: worker ran out of its 96 MiB heap on 1 pair(s)",
            "Acme: worker killed on 1 pair(s): it ran past its budget of 3000 ms");
    private static LoadedPack pack;
    /** The compiled-pack cache the workers load the pack from, as the CLI's do. */
    private static Path cache;
    private static WorkerJudge bystander;

    @BeforeAll
    static void pack() throws IOException {
        Path dir = AcmePack.write(Files.createTempDirectory("hostile-worker"));
        Files.writeString(dir.resolve("hostile.drl"), HOSTILE_DRL); // named by no manifest: the engine never reads it
        cache = Files.createDirectories(dir.resolveSibling("pack-cache"));
        pack = PackLoader.loadAll(List.of(dir.toString()), cache).packs().get(0);
        UncheckedPackWorker.hostileBuild(pack, dir); // built once here: every worker loads it from its cache
        bystander = new WorkerJudge(pack, EvaluationLimits.DEFAULT, cache);
    }

    @AfterAll
    static void close() {
        bystander.close();
    }

    private static Verdict ask(WorkerJudge judge, String source, String target) {
        return judge.evaluate(AcmePack.profile(source), AcmePack.profile(target), false);
    }

    private static List<Verdict> bystanderVerdicts() {
        return List.of(ask(bystander, "v1", "v1"), ask(bystander, "v1", "v2"));
    }

    @Test
    void loopingRecursingAndAllocatingPackCodeCostsItsPairsAndEndsInQuarantine() {
        List<Verdict> before = bystanderVerdicts();
        assertThat(before.get(0).level()).isEqualTo(Level.LIVE);
        WorkerJudge hostile = new WorkerJudge(pack, LIMITS, cache, UncheckedPackWorker.class.getName(), 96);
        try {
            Verdict good = ask(hostile, "v1", "v1");
            assertThat(List.of(good.level(), good.score(), good.reason())).containsExactly(Level.LIVE, 70, before.get(0).reason());

            Verdict loop = ask(hostile, "loop", "v1");
            assertThat(List.of(loop.level(), loop.reason()))
                    .containsExactly(Level.UNKNOWN, "Acme: worker killed on 1 pair(s): it ran past its budget of 3000 ms");
            assertThat(ask(hostile, "v1", "v1").reason()).isEqualTo(good.reason());

            assertThat(ask(hostile, "allocate", "v1").reason()).isIn(OUT_OF_HEAP);
            assertThat(hostile.quarantineReason()).isEmpty();

            assertThat(ask(hostile, "recurse", "v1").reason())
                    .isEqualTo("Acme: worker killed on 1 pair(s): it ran past its budget of 3000 ms");
            assertThat(hostile.quarantineReason()).hasValue(
                    "3 bound violations, the last: worker killed on 1 pair(s): it ran past its budget of 3000 ms");
            assertThat(ask(hostile, "v1", "v1").reason()).startsWith("Acme: pack is quarantined: ");
            assertThat(hostile.workersStarted()).isEqualTo(3);
        } finally {
            hostile.close();
        }
        assertThat(bystanderVerdicts()).isEqualTo(before);
        assertThat(bystander.workersStarted()).isEqualTo(1);
    }

    @Test
    void aPackRunningOutOfHeapInsideABulkRequestCostsThatPairOnly() {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String version = i == 150 ? "allocate" : "v" + i % 7;
            pairs.add(new Pair(AcmePack.profile(version), AcmePack.profile("v" + i % 5), false));
        }
        WorkerJudge hostile = new WorkerJudge(pack, LIMITS, cache, UncheckedPackWorker.class.getName(), 96);
        try {
            List<Verdict> verdicts = hostile.evaluateAll(pairs);
            for (int i = 0; i < pairs.size(); i++) {
                Verdict expected = bystander.evaluate(pairs.get(i).source(), pairs.get(i).target(), false);
                if (i == 150) {
                    assertThat(verdicts.get(i).reason()).isIn(OUT_OF_HEAP);
                } else {
                    assertThat(List.of(verdicts.get(i).level(), verdicts.get(i).reason())).as("pair " + i)
                            .containsExactly(expected.level(), expected.reason());
                }
            }
            assertThat(hostile.quarantineReason()).isEmpty();
        } finally {
            hostile.close();
        }
    }
}
