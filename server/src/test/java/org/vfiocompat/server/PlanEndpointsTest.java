package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.json.JsonViews;

/**
 * {@code POST /v1/place} and {@code /v1/drain} on a real server over examples/planning-fleet.json:
 * the bytes of the CLI's {@code place}/{@code drain --format json} (its golden files), the digests
 * of the packs that judged the moves, and bad requests refused with the member that is wrong.
 */
class PlanEndpointsTest {

    private static final Path GOLDEN = TestServers.ROOT.resolve("cli/src/test/resources/golden");
    private static final Fleet PLANNING = Fleet.load(TestServers.ROOT.resolve("examples/planning-fleet.json"));
    private static VfioCompatServer server;

    @BeforeAll
    static void start() {
        server = TestServers.builder().inventory(PLANNING).limits(ServerLimits.DEFAULTS.withMaxReferences(3)).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void placeAnswersTheCliPlacementByteForByte() throws IOException {
        HttpResponse<String> r = TestServers.post(server, "/v1/place", "{\"vm\": \"gpu-1/vm-db-1\", \"all\": true}");
        assertThat(r.statusCode()).isEqualTo(200);
        // PlanGoldenTest: vfio-compat place --inventory examples/planning-fleet.json --vm gpu-1/vm-db-1 --all --format json
        assertThat(r.body()).isEqualTo(Files.readString(GOLDEN.resolve("place.json")));
        assertThat(r.headers().firstValue(ApiHandler.DIGESTS_HEADER)).hasValue(String.join(",", digests(JsonViews.MAPPER.readTree(r.body()))));

        JsonNode top = JsonViews.MAPPER.readTree(TestServers.post(server, "/v1/place", "{\"vm\": \"gpu-1/vm-db-1\", \"top\": 1}").body());
        JsonNode whole = JsonViews.MAPPER.readTree(r.body());
        assertThat(top.get("targets")).hasSize(1);
        assertThat(top.at("/targets/0")).isEqualTo(whole.at("/targets/0"));
        assertThat(top.get("hosts")).isEqualTo(whole.get("hosts"));
        assertThat(top.has("refused")).isFalse();
    }

    @Test
    void drainAnswersTheCliPlanByteForByte() throws IOException {
        HttpResponse<String> r = TestServers.post(server, "/v1/drain", "{\"hosts\": [\"gvt-1\"]}");
        assertThat(r.statusCode()).isEqualTo(200);
        // PlanGoldenTest: vfio-compat drain --inventory examples/planning-fleet.json --host gvt-1 --format json
        assertThat(r.body()).isEqualTo(Files.readString(GOLDEN.resolve("drain-gvt-1.json")));
        JsonNode plan = JsonViews.MAPPER.readTree(r.body());
        assertThat(plan.get("moves")).isNotEmpty();
        assertThat(r.headers().firstValue(ApiHandler.DIGESTS_HEADER)).hasValue(String.join(",", digestsOfMoves(plan)));
    }

    @Test
    void anUnknownVmOrHostIsA400AtItsPointer() throws IOException {
        JsonNode vm = refused(TestServers.post(server, "/v1/place", "{\"vm\": \"gpu-1/vm-nowhere\"}"));
        assertThat(vm.at("/problems/0/code").asText()).isEqualTo("plan.unknown-vm");
        assertThat(vm.at("/problems/0/location/pointer").asText()).isEqualTo("/vm");
        assertThat(vm.at("/problems/0/message").asText()).contains("gpu-1/vm-nowhere");

        JsonNode host = refused(TestServers.post(server, "/v1/drain", "{\"hosts\": [\"gvt-1\", \"nowhere\"]}"));
        assertThat(host.get("problems")).hasSize(1);
        assertThat(host.at("/problems/0/code").asText()).isEqualTo("plan.unknown-host");
        assertThat(host.at("/problems/0/location/pointer").asText()).isEqualTo("/hosts/1");
        assertThat(host.at("/problems/0/message").asText()).contains("nowhere");
    }

    @Test
    void badShapesAndBoundsAreRefusedEveryOneAtOnce() throws IOException {
        JsonNode place = refused(TestServers.post(server, "/v1/place", "{\"vm\": 7, \"top\": 0, \"all\": \"yes\", \"x\": 1}"));
        assertThat(pointers(place)).containsExactlyInAnyOrder("/vm", "/top", "/all", "/x");

        assertThat(pointers(refused(TestServers.post(server, "/v1/drain", "{}")))).containsExactly("/hosts");
        assertThat(refused(TestServers.post(server, "/v1/drain", "{\"hosts\": []}")).at("/problems/0/code").asText())
                .isEqualTo(RequestProblem.INVALID_VALUE);
        assertThat(refused(TestServers.post(server, "/v1/drain", "{\"hosts\": [\"a\", \"b\", \"c\", \"d\"]}")).at("/problems/0/code").asText())
                .isEqualTo(RequestProblem.TOO_MANY_REFERENCES);
        assertThat(pointers(refused(TestServers.post(server, "/v1/drain", "{\"hosts\": [\"gvt-1\", 3]}")))).containsExactly("/hosts/1");
        // Every host of the fleet: the planner's refusal, located at the list.
        try (VfioCompatServer roomy = TestServers.builder().inventory(PLANNING).build().start()) {
            JsonNode all = refused(TestServers.post(roomy, "/v1/drain", "{\"hosts\": " + JsonViews.COMPACT.writeValueAsString(PLANNING.hosts()) + "}"));
            assertThat(all.at("/problems/0/code").asText()).isEqualTo("plan.invalid-request");
            assertThat(all.at("/problems/0/location/pointer").asText()).isEqualTo("/hosts");
        }
        assertThat(TestServers.post(server, "/v1/place", "{\"vm\": ").statusCode()).isEqualTo(400);
        assertThat(TestServers.get(server, "/v1/place").statusCode()).isEqualTo(405);
    }

    private static JsonNode refused(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode n = JsonViews.MAPPER.readTree(r.body());
        assertThat(n.get("problems")).isNotEmpty();
        return n;
    }

    private static Set<String> pointers(JsonNode error) {
        Set<String> out = new LinkedHashSet<>();
        error.get("problems").forEach(p -> out.add(p.at("/location/pointer").asText()));
        return out;
    }

    /** The digests of the packs named by the targets' verdicts, first seen first, as the engine's pack list gives them. */
    private static Set<String> digests(JsonNode placement) {
        Set<String> packs = new LinkedHashSet<>();
        placement.get("targets").forEach(t -> t.get("devices").forEach(d -> packs.add(d.at("/verdict/pack").asText())));
        return byPack(packs);
    }

    private static Set<String> digestsOfMoves(JsonNode plan) {
        Set<String> packs = new LinkedHashSet<>();
        plan.get("moves").forEach(m -> m.get("devices").forEach(d -> packs.add(d.at("/verdict/pack").asText())));
        return byPack(packs);
    }

    private static Set<String> byPack(Set<String> packIds) {
        Set<String> out = new LinkedHashSet<>();
        for (String id : packIds) {
            TestServers.engine().packs().stream().filter(p -> p.id().equals(id)).forEach(p -> out.add(p.digest()));
        }
        return out;
    }
}
