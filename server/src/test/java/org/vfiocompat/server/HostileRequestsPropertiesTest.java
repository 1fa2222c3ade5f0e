package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.vfiocompat.planner.Planner;

/**
 * Whatever a client sends to a body-taking endpoint (valid bodies cut, spliced and sprinkled
 * with bytes, or random bytes) is answered with a located refusal or an answer, never a 500,
 * and the server keeps answering a good request byte for byte as before.
 */
class HostileRequestsPropertiesTest {

    private static final String[] PATHS = {"/v1/check", "/v1/rank", "/v1/explain", "/v1/place", "/v1/drain", "/v1/batch", "/v1/inventory"};
    private static final String[] VALID = {
        "{\"source\": \"" + TestServers.SOURCE + "\", \"target\": \"" + TestServers.TARGET + "\"}",
        "{\"source\": \"" + TestServers.SOURCE + "\", \"targets\": [\"" + TestServers.TARGET + "\"]}",
        "{\"device\": \"" + TestServers.SOURCE + "\", \"top\": 2, \"all\": true}",
        "{\"vm\": \"host-a/vm-web-01\", \"top\": 2, \"all\": true}",
        "{\"hosts\": [\"host-a\"]}",
        "{\"version\": 1, \"hosts\": [{\"name\": \"h\", \"devices\": []}]}",
        "{\"sourceProfile\": {\"kind\": \"MDEV\", \"deviceApi\": \"vfio-pci\", \"migrationType\": \"i915-GVTg_V5_4\", "
                + "\"migrationVersion\": \"8086-3e92-i915-GVTg_V5_4-2.1.0\"}, \"targetProfile\": {\"kind\": \"PHYS\"}}"};

    private static final String EXAMPLE_FLEET = exampleFleet();
    private static VfioCompatServer server;
    private static String goodAnswer;

    @BeforeContainer
    static void start() {
        // A short solver budget: a mutated body may still be a valid drain.
        server = TestServers.builder().limits(ServerLimits.DEFAULTS.withMaxInventoryBytes(1024 * 1024))
                .planner(Planner.builder(TestServers.engine()).timeLimit(Duration.ofMillis(500)).build()).build().start();
        goodAnswer = TestServers.post(server, "/v1/check", VALID[0]).body();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(VALID), Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, 400), Arbitraries.bytes().array(byte[].class).ofMaxSize(8))
                .as((valid, cut, at, noise) -> {
                    byte[] v = valid.getBytes(StandardCharsets.UTF_8);
                    int c = Math.min(cut, v.length);
                    int a = Math.min(at, c);
                    byte[] out = new byte[c + noise.length];
                    System.arraycopy(v, 0, out, 0, a);
                    System.arraycopy(noise, 0, out, a, noise.length);
                    System.arraycopy(v, a, out, a + noise.length, c - a);
                    return out;
                });
        return Arbitraries.oneOf(mutated, Arbitraries.bytes().array(byte[].class).ofMaxSize(300));
    }

    @Property(tries = 150)
    void noBodyMakesTheServerFailOrChangesAGoodAnswer(@ForAll("bodies") byte[] body, @ForAll("paths") String path) {
        String method = path.equals("/v1/inventory") ? "PUT" : "POST";
        HttpResponse<String> r = TestServers.send(HttpRequest.newBuilder(TestServers.uri(server, path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(r.statusCode()).as(new String(body, StandardCharsets.UTF_8) + " -> " + r.body()).isIn(200, 400, 413, 422);
        if (r.statusCode() != 200) {
            assertThat(r.body()).contains("\"problems\"").contains("\"location\"");
        }
        if (path.equals("/v1/inventory") && r.statusCode() == 200) {
            // A body that happened to be an inventory replaced the fleet: put the example back.
            assertThat(TestServers.put(server, "/v1/inventory", EXAMPLE_FLEET).statusCode()).isEqualTo(200);
        }
        assertThat(TestServers.post(server, "/v1/check", VALID[0]).body()).isEqualTo(goodAnswer);
    }

    private static String exampleFleet() {
        try {
            return java.nio.file.Files.readString(TestServers.ROOT.resolve("examples/fleet.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of(PATHS);
    }
}
