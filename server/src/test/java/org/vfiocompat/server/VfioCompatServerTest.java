package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vfiocompat.server.TestServers.FLEET;
import static org.vfiocompat.server.TestServers.SOURCE;
import static org.vfiocompat.server.TestServers.TARGET;
import static org.vfiocompat.server.TestServers.get;
import static org.vfiocompat.server.TestServers.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.PackInfo;
import org.vfiocompat.engine.Verdict;

/** The endpoints and refusals of a real server on a free loopback port, through java.net.http. */
class VfioCompatServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static VfioCompatServer server;

    @BeforeAll
    static void start() {
        server = TestServers.builder().limits(ServerLimits.DEFAULTS.withMaxReferences(4)).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    private static String checkBody(String source, String target) {
        return "{\"source\": \"" + source + "\", \"target\": \"" + target + "\"}";
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.port()).isPositive();
    }

    @Test
    void checkByReferencesAnswersTheEnginesVerdictWithTheDecidingPacksDigest() throws IOException {
        HttpResponse<String> r = post(server, "/v1/check", checkBody(SOURCE, TARGET));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = json(r);
        Verdict expected = TestServers.engine().check(FLEET.device(SOURCE).orElseThrow().profile(),
                FLEET.candidate(TARGET).orElseThrow().profile());
        assertThat(n.at("/source/ref").asText()).isEqualTo(SOURCE);
        assertThat(n.at("/target/ref").asText()).isEqualTo(TARGET);
        assertThat(n.at("/verdict/level").asText()).isEqualTo(expected.level().name());
        assertThat(n.at("/verdict/pack").asText()).isEqualTo(expected.packId()).isNotEmpty();
        assertThat(r.headers().firstValue(ApiHandler.DIGESTS_HEADER)).hasValue(expected.packDigest());
        assertThat(TestServers.engine().packs().stream().map(PackInfo::digest)).contains(expected.packDigest());
    }

    @Test
    void checkWithATargetListAnswersEachTargetInOrder() throws IOException {
        String other = FLEET.candidatesElsewhere("host-a").get(0).ref();
        HttpResponse<String> r = post(server, "/v1/check",
                "{\"source\": \"" + SOURCE + "\", \"targets\": [\"" + TARGET + "\", \"" + other + "\"]}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = json(r);
        assertThat(n.at("/results/0/target/ref").asText()).isEqualTo(TARGET);
        assertThat(n.at("/results/1/target/ref").asText()).isEqualTo(other);
        assertThat(n.at("/results/1/verdict/level").isTextual()).isTrue();
    }

    @Test
    void checkByInlineProfiles() throws IOException {
        String profile = "{\"kind\": \"MDEV\", \"deviceApi\": \"vfio-pci\", \"migrationType\": \"i915-GVTg_V5_4\","
                + " \"migrationVersion\": \"8086-3e92-i915-GVTg_V5_4-2.1.0\","
                + " \"attributes\": {\"low_gm_size\": \"128MB\", \"high_gm_size\": \"512MB\", \"fence\": \"4\","
                + " \"resolution\": \"1920x1200\", \"weight\": \"4\"}, \"parentModel\": \"Intel UHD Graphics 630 (8086:3e92)\"}";
        HttpResponse<String> r = post(server, "/v1/check", "{\"sourceProfile\": " + profile + ", \"targetProfile\": " + profile + "}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = json(r);
        assertThat(n.at("/verdict/level").asText()).isEqualTo("LIVE");
        assertThat(n.at("/source/migrationType").asText()).isEqualTo("i915-GVTg_V5_4");
        assertThat(r.headers().firstValue(ApiHandler.DIGESTS_HEADER)).isPresent();
    }

    @Test
    void badInlineProfileIsLocatedInsideTheRequest() throws IOException {
        HttpResponse<String> r = post(server, "/v1/check",
                "{\"sourceProfile\": {\"kind\": \"MDEV\"}, \"targetProfile\": {\"kind\": \"MDEV\"}}");
        assertThat(r.statusCode()).isEqualTo(400);
        List<String> pointers = new ArrayList<>();
        json(r).get("problems").forEach(p -> pointers.add(p.at("/location/pointer").asText()));
        assertThat(pointers).isNotEmpty().allSatisfy(p -> assertThat(p).matches("/(source|target)Profile.*"));
    }

    @Test
    void rankHonoursTopAndAllAndCarriesDigests() throws IOException {
        HttpResponse<String> r = post(server, "/v1/rank", "{\"device\": \"" + SOURCE + "\", \"top\": 2, \"all\": true}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = json(r);
        assertThat(n.get("targets").size()).isLessThanOrEqualTo(2);
        assertThat(n.get("compatible").asInt()).isGreaterThanOrEqualTo(n.get("targets").size());
        assertThat(n.get("candidates").asInt()).isEqualTo(n.get("compatible").asInt() + n.get("refused").size());
        assertThat(n.at("/targets/0/rank").asInt()).isEqualTo(1);
        assertThat(r.headers().firstValue(ApiHandler.DIGESTS_HEADER)).isPresent();
        JsonNode plain = json(post(server, "/v1/rank", "{\"device\": \"" + SOURCE + "\"}"));
        assertThat(plain.has("refused")).isFalse();
        assertThat(plain.get("targets").size()).isEqualTo(plain.get("compatible").asInt());
    }

    @Test
    void packsAndStatus() throws IOException {
        JsonNode packs = json(get(server, "/v1/packs"));
        assertThat(packs.size()).isEqualTo(TestServers.engine().packs().size());
        assertThat(packs.get(0).get("digest").asText()).startsWith("sha256:");
        post(server, "/v1/check", checkBody(SOURCE, TARGET));
        JsonNode status = json(get(server, "/v1/status"));
        assertThat(status.get("ready").asBoolean()).isTrue();
        assertThat(status.get("packs").size()).isEqualTo(packs.size());
        assertThat(status.at("/packs/0/signer").isTextual()).isTrue();
        assertThat(status.get("quarantinedPacks").isArray()).isTrue();
        assertThat(status.at("/cache/hits").asLong() + status.at("/cache/misses").asLong()).isPositive();
        assertThat(status.at("/lastReload/ok").asBoolean()).isTrue();
        assertThat(status.at("/lastReload/packDigests").size()).isEqualTo(packs.size());
        assertThat(status.at("/lastReload/time").asText()).isNotEmpty();
    }

    @Test
    void healthProbes() throws IOException {
        assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(server, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void metricsCountRequestsByEndpointAndStatusWithLatencyAndCache() {
        post(server, "/v1/check", checkBody(SOURCE, TARGET));
        post(server, "/v1/check", "{nope");
        get(server, "/no/such/path");
        assertThat(TestServers.send(HttpRequest.newBuilder(TestServers.uri(server, "/v1/check"))
                .method("BREW", HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(405);
        // Gauges must survive a collection (Micrometer holds their objects weakly).
        System.gc();
        HttpResponse<String> r = get(server, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("vfiocompat_http_in_flight 0.0").doesNotContain("NaN");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body())
                .containsPattern("vfiocompat_http_requests_seconds_count\\{endpoint=\"/v1/check\",method=\"POST\",status=\"200\"\\} [1-9]")
                .containsPattern("vfiocompat_http_requests_seconds_count\\{endpoint=\"/v1/check\",method=\"POST\",status=\"400\"\\} [1-9]")
                .containsPattern("vfiocompat_http_requests_seconds_count\\{endpoint=\"other\",method=\"other\",status=\"404\"\\} [1-9]")
                .contains("vfiocompat_http_requests_seconds_bucket{")
                .contains("vfiocompat_cache_hits_total", "vfiocompat_cache_misses_total", "vfiocompat_pack_reloads_total")
                .containsPattern("vfiocompat_http_requests_seconds_count\\{endpoint=\"/v1/check\",method=\"other\",status=\"405\"\\} [1-9]")
                .doesNotContain("/no/such/path").doesNotContain("BREW");
    }

    @Test
    void malformedJsonIs400WithLineAndColumn() throws IOException {
        HttpResponse<String> r = post(server, "/v1/check", "{\n  \"source\": \"a/b\",\n  oops\n}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode p = json(r).at("/problems/0");
        assertThat(p.get("code").asText()).isEqualTo("json.syntax");
        assertThat(p.at("/location/line").asInt()).isEqualTo(3);
        assertThat(p.at("/location/column").asInt()).isPositive();
        assertThat(p.get("message").asText()).isNotEmpty();
    }

    @Test
    void everyShapeProblemIsListedWithItsPointer() throws IOException {
        HttpResponse<String> r = post(server, "/v1/rank", "{\"device\": 7, \"top\": 0, \"all\": \"yes\", \"colour\": 1}");
        assertThat(r.statusCode()).isEqualTo(400);
        List<String> found = new ArrayList<>();
        json(r).get("problems").forEach(p -> found.add(p.get("code").asText() + " " + p.at("/location/pointer").asText()));
        assertThat(found).containsExactlyInAnyOrder("json.unknown-field /colour", "json.wrong-type /device",
                "request.invalid-value /top", "json.wrong-type /all");
        assertThat(post(server, "/v1/check", "[1, 2]").statusCode()).isEqualTo(400);
        assertThat(post(server, "/v1/check", "").statusCode()).isEqualTo(400);
        assertThat(post(server, "/v1/check", "{\"source\": \"a/b\"} {}").statusCode()).isEqualTo(400);
    }

    @Test
    void unknownReferenceIs422NamingIt() throws IOException {
        HttpResponse<String> r = post(server, "/v1/check", checkBody(SOURCE, "host-zz/0000:00:02.0"));
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode p = json(r).at("/problems/0");
        assertThat(p.get("code").asText()).isEqualTo("request.unknown-reference");
        assertThat(p.at("/location/pointer").asText()).isEqualTo("/target");
        assertThat(p.get("message").asText()).contains("host-zz");
    }

    @Test
    void tooManyReferencesIsRefusedBeforeAnyEvaluation() throws IOException {
        long before = evaluations();
        HttpResponse<String> r = post(server, "/v1/check",
                "{\"source\": \"" + SOURCE + "\", \"targets\": [\"" + TARGET + "\", \"" + TARGET + "\", \"" + TARGET + "\", \"" + TARGET + "\"]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).at("/problems/0/code").asText()).isEqualTo("request.too-many-references");
        assertThat(evaluations()).isEqualTo(before);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws IOException {
        HttpResponse<String> missing = get(server, "/v2/check");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).at("/problems/0/code").asText()).isEqualTo("request.unknown-path");
        HttpResponse<String> wrong = get(server, "/v1/check");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).hasValue("POST");
        assertThat(post(server, "/v1/packs", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void oversizedBodyIs413() throws IOException {
        try (VfioCompatServer small = TestServers.builder().limits(ServerLimits.DEFAULTS.withMaxBodyBytes(64)).build().start()) {
            String big = "{\"device\": \"" + SOURCE + "\", \"all\": true, \"top\": 1" + " ".repeat(200) + "}";
            HttpResponse<String> r = post(small, "/v1/rank", big);
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(json(r).at("/problems/0/code").asText()).isEqualTo("request.too-large");
            // Without a declared length (chunked), the limit holds as well.
            HttpResponse<String> chunked = TestServers.send(HttpRequest.newBuilder(TestServers.uri(small, "/v1/rank"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes()))).build());
            assertThat(chunked.statusCode()).isEqualTo(413);
            assertThat(post(small, "/v1/rank", "{\"device\": \"" + SOURCE + "\"}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void tokensAreRequiredExceptForHealthAndA401CostsNoEvaluation(@TempDir Path dir) throws IOException {
        Path tokens = Files.writeString(dir.resolve("tokens"), "# operators\nfirst-token-1234\n\nsecond-token-5678\n");
        try (VfioCompatServer secured = TestServers.builder().tokenFile(tokens).build().start()) {
            long before = evaluations();
            HttpResponse<String> none = post(secured, "/v1/check", checkBody(SOURCE, TARGET));
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(none.body()).doesNotContain("token-1234");
            HttpResponse<String> wrong = TestServers.send(HttpRequest.newBuilder(TestServers.uri(secured, "/v1/check"))
                    .header("Authorization", "Bearer first-token-123").POST(HttpRequest.BodyPublishers.ofString(checkBody(SOURCE, TARGET))).build());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(evaluations()).isEqualTo(before);
            assertThat(get(secured, "/metrics").statusCode()).isEqualTo(401);
            assertThat(get(secured, "/nowhere").statusCode()).isEqualTo(401);
            assertThat(get(secured, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(secured, "/health/ready").statusCode()).isEqualTo(200);
            HttpResponse<String> ok = TestServers.send(HttpRequest.newBuilder(TestServers.uri(secured, "/v1/check"))
                    .header("Authorization", "Bearer second-token-5678").POST(HttpRequest.BodyPublishers.ofString(checkBody(SOURCE, TARGET))).build());
            assertThat(ok.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void requestsOverTheConcurrencyLimitGet429AtOnce() throws Exception {
        try (VfioCompatServer one = TestServers.builder().limits(ServerLimits.DEFAULTS.withMaxConcurrentRequests(1)).build().start()) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<HttpResponse<String>> held = TestServers.CLIENT.sendAsync(
                    HttpRequest.newBuilder(TestServers.uri(one, "/v1/check")).POST(TestServers.heldBody(checkBody(SOURCE, TARGET), release)).build(),
                    HttpResponse.BodyHandlers.ofString());
            TestServers.awaitInFlight(one, 1);
            HttpResponse<String> refused = post(one, "/v1/check", checkBody(SOURCE, TARGET));
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            // Probes are not counted against the limit.
            assertThat(get(one, "/health/ready").statusCode()).isEqualTo(200);
            release.countDown();
            assertThat(held.get().statusCode()).isEqualTo(200);
            assertThat(post(one, "/v1/check", checkBody(SOURCE, TARGET)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void malformedRequestsNeverAffectConcurrentGoodOnes() throws Exception {
        String expected = post(server, "/v1/check", checkBody(SOURCE, TARGET)).body();
        List<CompletableFuture<HttpResponse<String>>> good = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> bad = new ArrayList<>();
        String[] malformed = {"{", "{\"source\": 1}", "[]", "{\"source\": \"" + SOURCE + "\", \"target\": \"x\"}", "\u0000\u0001", "{\"a\":" + "[".repeat(500)};
        for (int i = 0; i < 12; i++) {
            good.add(TestServers.CLIENT.sendAsync(HttpRequest.newBuilder(TestServers.uri(server, "/v1/check"))
                    .POST(HttpRequest.BodyPublishers.ofString(checkBody(SOURCE, TARGET))).build(), HttpResponse.BodyHandlers.ofString()));
            bad.add(TestServers.CLIENT.sendAsync(HttpRequest.newBuilder(TestServers.uri(server, "/v1/check"))
                    .POST(HttpRequest.BodyPublishers.ofString(malformed[i % malformed.length])).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> g : good) {
            HttpResponse<String> r = g.get();
            // Either answered identically, or refused by the concurrency limit, never broken by a neighbour.
            assertThat(r.statusCode()).isIn(200, 429);
            if (r.statusCode() == 200) {
                assertThat(r.body()).isEqualTo(expected);
            }
        }
        for (CompletableFuture<HttpResponse<String>> b : bad) {
            assertThat(b.get().statusCode()).isIn(400, 422, 429);
        }
        assertThat(good.stream().filter(g -> g.join().statusCode() == 200)).isNotEmpty();
    }

    @Test
    void closeLetsARequestInFlightFinishAndThenRefusesConnections() throws Exception {
        VfioCompatServer draining = TestServers.builder().build().start();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> inFlight = TestServers.CLIENT.sendAsync(
                HttpRequest.newBuilder(TestServers.uri(draining, "/v1/check")).POST(TestServers.heldBody(checkBody(SOURCE, TARGET), release)).build(),
                HttpResponse.BodyHandlers.ofString());
        TestServers.awaitInFlight(draining, 1);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(draining::close);
        Thread.sleep(200);
        assertThat(closing).isNotDone();
        release.countDown();
        HttpResponse<String> r = inFlight.get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).at("/verdict/level").isTextual()).isTrue();
        closing.get();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(draining, "/health/live"))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    private static long evaluations() {
        return TestServers.engine().cacheStats().hits() + TestServers.engine().cacheStats().misses();
    }
}
