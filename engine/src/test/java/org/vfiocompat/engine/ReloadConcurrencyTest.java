package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * Eight threads check and rank without pause while the packs are reloaded 100 times, every
 * fourth reload broken on purpose (a DRL that does not parse, a manifest that does not read, a
 * manifest for another major rules API). No exception escapes; every verdict names a pack digest
 * that a successful reload produced and agrees with that pack's content; a ranking never mixes
 * two versions of a pack; and once the last (good) reload has returned, every verdict comes from it.
 *
 * <p>Runs 20 rounds of 100 reloads in {@code mvn verify} (about 26 s on 2 cores: the issue asks for
 * it to pass repeatedly, and a race shows in some rounds only). A longer soak:
 * {@code mvn -o -pl engine -am test -Dtest=ReloadConcurrencyTest -Dsurefire.failIfNoSpecifiedTests=false -Dreload.soak=200}.
 */
class ReloadConcurrencyTest {

    private static final int THREADS = 8;
    private static final int RELOADS = 100;
    private static final DeviceProfile SOURCE = TestPacks.mdev("acme-1", "1");
    private static final List<Candidate> CANDIDATES = List.of(
            candidate("a", TestPacks.mdev("acme-1", "1")), candidate("b", TestPacks.mdev("acme-1", "2")),
            candidate("c", TestPacks.mdev("acme-1", "3")), candidate("d", TestPacks.mdev("bolt-1", "1")));

    @TempDir
    Path root;

    @TempDir
    Path compiled;

    private static Candidate candidate(String id, DeviceProfile p) {
        return new Candidate("host-" + id, id, CandidateKind.EXISTING, p, 1);
    }

    /** The score variant {@code v} of pack acme gives: how a verdict shows which variant made it. */
    private static int scoreOf(int variant) {
        return 100 + variant;
    }

    private Path packs() {
        return root.resolve("packs");
    }

    private void writeGood(int variant) throws IOException {
        TestPacks.sameTypeLive(packs(), "acme", "acme-", scoreOf(variant));
    }

    private void writeBroken(int kind) throws IOException {
        switch (kind) {
            case 0 -> Files.writeString(packs().resolve("acme/rules/main.drl"), TestPacks.drl("acme", "rule \"cut short\" when"));
            case 1 -> Files.writeString(packs().resolve("acme/pack.json"), "{\"id\": \"acme\", ");
            default -> {
                Path manifest = packs().resolve("acme/pack.json");
                Files.writeString(manifest, Files.readString(manifest).replace("\"rulesApi\": \"1.0\"", "\"rulesApi\": \"2.0\""));
            }
        }
    }

    @Test
    void reloadsUnderLoadNeverMixOrLeakPackVersions() throws Exception {
        int rounds = Integer.getInteger("reload.soak", 20);
        for (int round = 0; round < rounds; round++) {
            runRound();
            deleteTree(packs());
        }
    }

    private void runRound() throws Exception {
        writeGood(0);
        TestPacks.sameTypeLive(packs(), "bolt", "bolt-", 7);
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(packs()).compiledPackCache(compiled).build();
        Map<String, Integer> variantOfDigest = new ConcurrentHashMap<>();
        variantOfDigest.put(acmeDigest(engine), 0);

        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> finalDigest = new AtomicReference<>();
        AtomicLong afterFinal = new AtomicLong();
        AtomicLong evaluations = new AtomicLong();
        List<Map<String, Set<Integer>>> seen = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(THREADS);
        volatileStop = false;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Map<String, Set<Integer>> mine = new HashMap<>();
            seen.add(mine);
            boolean ranks = t % 2 == 0;
            Thread thread = new Thread(() -> {
                started.countDown();
                try {
                    while (!volatileStop) {
                        String expected = finalDigest.get();
                        List<Verdict> verdicts = ranks ? acmeVerdicts(engine.rank(SOURCE, CANDIDATES))
                                : List.of(engine.check(SOURCE, SOURCE));
                        for (Verdict v : verdicts) {
                            assertThat(v.level()).isEqualTo(Level.LIVE);
                            mine.computeIfAbsent(v.packDigest(), d -> new HashSet<>()).add(v.score());
                            if (expected != null) {
                                assertThat(v.packDigest()).as("a verdict after the last reload").isEqualTo(expected);
                                afterFinal.incrementAndGet();
                            }
                        }
                        assertThat(verdicts.stream().map(Verdict::packDigest).distinct())
                                .as("one ranking, one pack version").hasSize(1);
                        evaluations.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "evaluator-" + t);
            threads.add(thread);
            thread.start();
        }
        started.await();

        int variant = 0;
        for (int i = 0; i < RELOADS; i++) {
            boolean broken = i % 4 == 2;
            ReloadResult before = engine.lastReload();
            if (broken) {
                writeBroken(i / 4 % 3);
            } else {
                variant = 1 - variant;
                writeGood(variant);
            }
            ReloadResult result = engine.reload();
            // A broken update refuses the pack alone, which keeps its last good version.
            assertThat(result.ok()).as("reload %d (%s): %s", i, broken ? "broken" : "good", result.problems()).isTrue();
            assertThat(engine.lastReload()).isSameAs(result);
            assertThat(result.generation()).isEqualTo(before.generation() + 1);
            if (broken) {
                assertThat(result.refused()).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo("acme"));
                assertThat(result.packDigests()).isEqualTo(before.packDigests());
            } else {
                assertThat(result.refused()).isEmpty();
                variantOfDigest.putIfAbsent(acmeDigest(engine), variant);
            }
            assertThat(failure.get()).isNull();
        }
        String last = acmeDigest(engine);
        finalDigest.set(last);
        long target = afterFinal.get() + 2000;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (afterFinal.get() < target && failure.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        volatileStop = true;
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("an evaluating thread failed", failure.get());
        }
        assertThat(afterFinal.get()).as("verdicts after the last reload").isGreaterThanOrEqualTo(target);
        assertThat(variantOfDigest.values()).containsExactlyInAnyOrder(0, 1);
        for (Map<String, Set<Integer>> mine : seen) {
            mine.forEach((digest, scores) -> {
                assertThat(variantOfDigest).as("digest %s comes from a good reload", digest).containsKey(digest);
                assertThat(scores).as("verdicts of %s", digest).containsExactly(scoreOf(variantOfDigest.get(digest)));
            });
        }
        assertThat(evaluations.get()).isGreaterThan(RELOADS);
        engine.close();
    }

    private volatile boolean volatileStop;

    private static List<Verdict> acmeVerdicts(Ranking r) {
        List<Verdict> out = new ArrayList<>();
        Stream.concat(r.compatible().stream(), r.refused().stream())
                .filter(t -> t.candidate().profile().getMigrationType().startsWith("acme-"))
                .forEach(t -> out.add(t.verdict()));
        assertThat(out).hasSize(3);
        return out;
    }

    private static String acmeDigest(CompatibilityEngine engine) {
        return engine.packs().stream().filter(p -> p.id().equals("acme")).findFirst().orElseThrow().digest();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
