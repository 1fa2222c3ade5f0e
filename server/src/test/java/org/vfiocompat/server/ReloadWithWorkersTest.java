package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Isolation;
import org.vfiocompat.engine.ReloadResult;

/**
 * With packs in worker JVMs ({@code --isolation process}) a changed pack needs a new worker,
 * whose start takes seconds: checks asked without a pause across reloads all get 200 (the new
 * set's worker starts and loads its pack while the old set answers, so none waits for it and
 * none runs into the request deadline's 504), the new pack answers once its reload returns, and
 * the replaced workers end: one worker JVM is left for the one pack.
 */
class ReloadWithWorkersTest {

    private static final int RELOADS = 3;

    @Test
    void checksAcrossReloadsAllGet200AndTheReplacedWorkersEnd(@TempDir Path dir) throws Exception {
        Path packs = dir.resolve("packs");
        Path pack = Files.createDirectories(packs).resolve("intel-gvtg");
        TestServers.copyTree(TestServers.ROOT.resolve("vendor-packs/intel-gvtg"), pack);
        Path rules = pack.resolve("rules/gvtg.drl");
        String original = Files.readString(rules);
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(packs).isolation(Isolation.PROCESS)
                .compiledPackCache(dir.resolve("pack-cache")).build();
             VfioCompatServer server = TestServers.builder().engine(engine).build().start()) {
            String body = "{\"source\": \"" + TestServers.SOURCE + "\", \"target\": \"" + TestServers.TARGET + "\"}";
            HttpResponse<String> first = TestServers.post(server, "/v1/check", body);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(workers()).as("worker JVMs after the first check").isEqualTo(1);

            AtomicBoolean running = new AtomicBoolean(true);
            List<String> wrong = new CopyOnWriteArrayList<>();
            Set<String> digests = ConcurrentHashMap.newKeySet();
            AtomicInteger answered = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        HttpResponse<String> r = TestServers.post(server, "/v1/check", body);
                        if (r.statusCode() != 200) {
                            wrong.add(r.statusCode() + " " + r.body());
                        }
                        digests.add(r.headers().firstValue(ApiHandler.DIGESTS_HEADER).orElse(""));
                        answered.incrementAndGet();
                    }
                });
                t.start();
                clients.add(t);
            }
            String last = null;
            for (int i = 1; i <= RELOADS; i++) {
                // A new content each time (a comment is enough for a new digest): a new build and a new worker.
                Files.writeString(rules, original + "\n// reload " + i + "\n");
                ReloadResult r = engine.reload();
                assertThat(r.ok()).as(r.problems().toString()).isTrue();
                assertThat(r.refused()).isEmpty();
                last = r.packDigests().get(0);
                // The new set answers at once, from its worker started during the reload.
                long before = System.nanoTime();
                HttpResponse<String> now = TestServers.post(server, "/v1/check", body);
                assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
                assertThat(now.headers().firstValue(ApiHandler.DIGESTS_HEADER).orElse("")).contains(last);
                assertThat((System.nanoTime() - before) / 1_000_000).as("ms for the first check after reload %d", i)
                        .isLessThan(2_000);
            }
            Thread.sleep(300);
            running.set(false);
            for (Thread t : clients) {
                t.join();
            }
            assertThat(wrong).as("answers other than 200").isEmpty();
            assertThat(answered.get()).isPositive();
            assertThat(digests).hasSizeGreaterThanOrEqualTo(2);
            // The workers of the replaced packs are gone; the current one's is the only one left.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (workers() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(workers()).as("worker JVMs after %d reloads", RELOADS).isEqualTo(1);
        }
        assertThat(workers()).as("worker JVMs after the engine closed").isZero();
    }

    /** The pack worker JVMs this JVM runs now: its java child processes (this test starts no other). */
    private static long workers() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").endsWith("/java")).count();
    }
}
