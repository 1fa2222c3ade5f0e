package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.ReloadResult;
import org.vfiocompat.json.JsonViews;

/**
 * The answer cache of repeated check and explain requests: a remembered answer is the same bytes
 * and headers a fresh one is, a pack reload that changes the verdict changes the answer at once,
 * a new inventory finds no answer of the old one, refusals are never remembered, and no stream of
 * distinct bodies makes it grow past its weight.
 */
class AnswerCacheTest {

    private static final String CHECK = "{\"source\": \"" + TestServers.SOURCE + "\", \"target\": \"" + TestServers.TARGET + "\"}";

    @Test
    void aRepeatedQuestionGetsTheBytesAndDigestsOfAFreshAnswer() {
        String targets = "{\"source\": \"" + TestServers.SOURCE + "\", \"targets\": [\"" + TestServers.TARGET + "\", \""
                + TestServers.SOURCE + "\"]}";
        List<String[]> asked = List.of(new String[] {"/v1/check", CHECK}, new String[] {"/v1/check", targets},
                new String[] {"/v1/explain", CHECK});
        try (VfioCompatServer fresh = TestServers.builder().build().start();
             VfioCompatServer repeated = TestServers.builder().build().start()) {
            for (String[] q : asked) {
                HttpResponse<String> first = TestServers.post(repeated, q[0], q[1]);
                HttpResponse<String> again = TestServers.post(repeated, q[0], q[1]);
                HttpResponse<String> other = TestServers.post(fresh, q[0], q[1]);
                assertThat(first.statusCode()).isEqualTo(200);
                assertThat(again.body()).as(q[0] + " " + q[1]).isEqualTo(first.body()).isEqualTo(other.body());
                assertThat(again.headers().firstValue(ApiHandler.DIGESTS_HEADER)).isPresent()
                        .isEqualTo(first.headers().firstValue(ApiHandler.DIGESTS_HEADER))
                        .isEqualTo(other.headers().firstValue(ApiHandler.DIGESTS_HEADER));
                assertThat(again.headers().firstValue("Content-Type")).isEqualTo(other.headers().firstValue("Content-Type"));
            }
            assertThat(repeated.answersRemembered()).isEqualTo(asked.size());
            // Refusals are made again each time, never remembered.
            assertThat(TestServers.post(repeated, "/v1/check", "{\"source\": \"" + TestServers.SOURCE + "\", \"target\": \"nowhere/x\"}")
                    .statusCode()).isEqualTo(422);
            assertThat(TestServers.post(repeated, "/v1/check", "{\"source\": ").statusCode()).isEqualTo(400);
            assertThat(repeated.answersRemembered()).isEqualTo(asked.size());
        }
    }

    @Test
    void aReloadThatChangesTheVerdictChangesTheAnswerAtOnce(@TempDir Path dir) throws IOException {
        Path packs = dir.resolve("packs");
        try (CompatibilityEngine engine = TestServers.engineOfACopyOfTheBundledPacks(packs);
             VfioCompatServer server = TestServers.builder().engine(engine).build().start()) {
            HttpResponse<String> before = TestServers.post(server, "/v1/check", CHECK);
            assertThat(TestServers.post(server, "/v1/check", CHECK).body()).isEqualTo(before.body());
            assertThat(before.body()).contains("is newer within major version");

            Path rules = packs.resolve("intel-gvtg/rules/gvtg.drl");
            Files.writeString(rules, Files.readString(rules).replace("is newer within major version", "is later within major version"));
            ReloadResult reload = engine.reload();
            assertThat(reload.ok()).as(reload.problems().toString()).isTrue();

            HttpResponse<String> after = TestServers.post(server, "/v1/check", CHECK);
            assertThat(after.body()).contains("is later within major version").doesNotContain("is newer within major version")
                    .isEqualTo(before.body().replace("is newer within major version", "is later within major version"));
            assertThat(after.headers().firstValue(ApiHandler.DIGESTS_HEADER)).isPresent()
                    .isNotEqualTo(before.headers().firstValue(ApiHandler.DIGESTS_HEADER));
        }
    }

    @Test
    void aNewInventoryFindsNoAnswerOfTheOldOne() throws IOException {
        try (VfioCompatServer server = TestServers.builder().build().start()) {
            String before = TestServers.post(server, "/v1/check", CHECK).body();
            assertThat(before).contains("\"capacity\": 4");
            String fleet = JsonViews.COMPACT.writeValueAsString(JsonViews.MAPPER.readTree(TestServers.ROOT.resolve("examples/fleet.json").toFile()))
                    .replace("\"availableInstances\":4", "\"availableInstances\":3");
            assertThat(fleet).contains("\"availableInstances\":3");
            assertThat(TestServers.put(server, "/v1/inventory", fleet).statusCode()).isEqualTo(200);
            String after = TestServers.post(server, "/v1/check", CHECK).body();
            assertThat(after).isEqualTo(before.replace("\"capacity\": 4", "\"capacity\": 3"));
        }
    }

    @Test
    void distinctBodiesWithoutEndKeepItWithinItsWeight() {
        AnswerCache cache = new AnswerCache();
        byte[] padding = new byte[1024];
        int kept = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] body = (new String(padding, StandardCharsets.ISO_8859_1) + i).getBytes(StandardCharsets.ISO_8859_1);
            String request = Integer.toString(i);
            assertThat(cache.entry("/v1/check", 1, body, () -> request, r -> 1).request()).isEqualTo(request);
        }
        kept = (int) cache.size();
        assertThat(kept).isPositive().isLessThanOrEqualTo((int) (AnswerCache.MAX_WEIGHT / (1024 + 1536)));
        // The same body in another generation or on another route is another question.
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(cache.entry("/v1/check", 1, body, () -> "one", r -> 1).request()).isEqualTo("one");
        assertThat(cache.entry("/v1/check", 1, body.clone(), () -> "again", r -> 1).request()).isEqualTo("one");
        assertThat(cache.entry("/v1/check", 2, body, () -> "two", r -> 1).request()).isEqualTo("two");
        assertThat(cache.entry("/v1/explain", 1, body, () -> "explain", r -> 1).request()).isEqualTo("explain");
    }
}
