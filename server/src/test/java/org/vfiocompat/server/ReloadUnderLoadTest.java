package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.ReloadResult;
import org.vfiocompat.json.JsonViews;

/**
 * Pack reloads while clients keep asking: every answer is a 200 with the verdict of a loaded
 * pack set and its digest, through good reloads and a refused one (a broken pack added), after
 * which the last good set keeps answering and the status tells why the reload was refused.
 */
class ReloadUnderLoadTest {

    @Test
    void answersStayCorrectThroughGoodAndRefusedReloads(@TempDir Path dir) throws Exception {
        Path packs = dir.resolve("packs");
        try (CompatibilityEngine engine = TestServers.engineOfACopyOfTheBundledPacks(packs);
             VfioCompatServer server = TestServers.builder().engine(engine).build().start()) {
            String body = "{\"source\": \"" + TestServers.SOURCE + "\", \"target\": \"" + TestServers.TARGET + "\"}";
            HttpResponse<String> first = TestServers.post(server, "/v1/check", body);
            assertThat(first.statusCode()).isEqualTo(200);
            String level = JsonViews.MAPPER.readTree(first.body()).at("/verdict/level").asText();
            String digest = first.headers().firstValue(ApiHandler.DIGESTS_HEADER).orElseThrow();

            AtomicBoolean running = new AtomicBoolean(true);
            List<String> wrong = new CopyOnWriteArrayList<>();
            Set<Integer> statuses = ConcurrentHashMap.newKeySet();
            List<Thread> clients = new ArrayList<>();
            int[] answered = new int[4];
            for (int c = 0; c < 4; c++) {
                int me = c;
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        HttpResponse<String> r = TestServers.post(server, "/v1/check", body);
                        statuses.add(r.statusCode());
                        try {
                            JsonNode n = JsonViews.MAPPER.readTree(r.body());
                            if (r.statusCode() != 200 || !n.at("/verdict/level").asText().equals(level)
                                    || !r.headers().firstValue(ApiHandler.DIGESTS_HEADER).orElse("").equals(digest)) {
                                wrong.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
                            }
                        } catch (IOException e) {
                            wrong.add(e.toString());
                        }
                        answered[me]++;
                    }
                });
                t.start();
                clients.add(t);
            }
            long generation = engine.lastReload().generation();
            for (int i = 0; i < 3; i++) {
                ReloadResult r = engine.reload();
                assertThat(r.ok()).as(r.problems().toString()).isTrue();
            }
            Path broken = Files.createDirectories(packs.resolve("broken"));
            Files.writeString(broken.resolve("pack.json"), "{\"id\": ");
            ReloadResult refused = engine.reload();
            assertThat(refused.ok()).isFalse();
            Thread.sleep(200);
            running.set(false);
            for (Thread t : clients) {
                t.join();
            }
            assertThat(wrong).isEmpty();
            assertThat(statuses).containsExactly(200);
            assertThat(java.util.Arrays.stream(answered).min().orElseThrow()).as("answers per client").isPositive();
            JsonNode status = JsonViews.MAPPER.readTree(TestServers.get(server, "/v1/status").body());
            assertThat(status.at("/lastReload/ok").asBoolean()).isFalse();
            assertThat(status.at("/lastReload/problems/0/location/file").asText()).contains("broken");
            assertThat(status.at("/lastReload/generation").asLong()).isGreaterThanOrEqualTo(generation + 3);
            assertThat(status.get("packs").size()).isEqualTo(TestServers.engine().packs().size());
            assertThat(TestServers.get(server, "/metrics").body()).contains("vfiocompat_pack_last_reload_ok 0.0");
        }
    }
}
