package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vfiocompat.server.TestServers.FLEET;
import static org.vfiocompat.server.TestServers.SOURCE;
import static org.vfiocompat.server.TestServers.TARGET;
import static org.vfiocompat.server.TestServers.get;
import static org.vfiocompat.server.TestServers.post;
import static org.vfiocompat.server.TestServers.put;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.json.BatchLines;
import org.vfiocompat.json.JsonViews;

/** {@code POST /v1/batch} (streamed), {@code POST /v1/explain}, {@code PUT /v1/inventory} and the inventory's hot reload. */
class BatchAndInventoryTest {

    /** The NDJSON the CLI's {@code batch --format ndjson} writes for {@code fleet} (the same code makes both). */
    private static String expectedNdjson(Fleet fleet, int top) {
        StringWriter out = new StringWriter();
        BatchLines lines = new BatchLines();
        BatchSummary summary = TestServers.engine().batch(fleet, top, r -> lines.writeSourceLine(out, r));
        BatchLines.writeSummaryLine(out, top, TestServers.engine().packs(), summary, false);
        return out.toString();
    }

    @Test
    void batchOfTheLoadedInventoryIsTheCliNdjsonWithThePackSetsDigests() throws IOException {
        try (VfioCompatServer server = TestServers.builder().build().start()) {
            HttpResponse<String> r = post(server, "/v1/batch?top=3", "");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
            assertThat(r.body()).isEqualTo(expectedNdjson(FLEET, 3));
            String[] lines = r.body().split("\n");
            assertThat(lines).hasSize(FLEET.assigned().size() + 1);
            JsonNode summary = JsonViews.MAPPER.readTree(lines[lines.length - 1]);
            assertThat(summary.get("type").asText()).isEqualTo("summary");
            assertThat(summary.get("devicesEvaluated").asInt()).isEqualTo(FLEET.assigned().size());
            // Every pack that decided a line is among the digests the header names.
            Map<String, String> digestById = new HashMap<>();
            TestServers.engine().packs().forEach(p -> digestById.put(p.id(), p.digest()));
            List<String> header = List.of(r.headers().firstValue(ApiHandler.DIGESTS_HEADER).orElseThrow().split(","));
            for (int i = 0; i < lines.length - 1; i++) {
                for (JsonNode t : JsonViews.MAPPER.readTree(lines[i]).get("targets")) {
                    assertThat(header).contains(digestById.get(t.at("/verdict/pack").asText()));
                }
            }
            String[] byDefault = post(server, "/v1/batch", "").body().split("\n");
            assertThat(byDefault[byDefault.length - 1]).as("the CLI's default top").contains("\"top\":10");
        }
    }

    /**
     * The stream is written as the batch hands out sources: with a client that reads the first
     * line and then stops reading, the server is still in the middle of the batch (it blocks on
     * the full socket), and has written out only part of the sources. A server that built the
     * whole answer before sending would have streamed every source before the first line left.
     */
    @Test
    void batchStreamsLineByLineWithoutHoldingTheWholeResult() throws Exception {
        String inventory = TestServers.copiesOfTheExampleFleet(400);
        Fleet fleet = Fleet.read(new ByteArrayInputStream(inventory.getBytes(StandardCharsets.UTF_8)), "copies");
        int sources = fleet.assigned().size();
        try (VfioCompatServer server = TestServers.builder().inventory(fleet).build().start();
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /v1/batch?top=3 HTTP/1.0\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1024);
            assertThat(in.readLine()).startsWith("HTTP/1.").contains(" 200");
            while (!in.readLine().isEmpty()) {
                // headers
            }
            String first = in.readLine();
            assertThat(first).startsWith("{\"type\":\"source\"");
            Thread.sleep(500);
            long streamedWhileBlocked = server.batchSourcesStreamed();
            assertThat(server.inFlight()).as("the batch is still being written").isEqualTo(1);
            assertThat(streamedWhileBlocked).as("sources written out while the client reads nothing")
                    .isGreaterThan(0).isLessThan(sources / 2);
            List<String> rest = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rest.add(line);
            }
            assertThat(rest).hasSize(sources);
            assertThat(rest.get(rest.size() - 1)).startsWith("{\"type\":\"summary\"");
            assertThat(server.batchSourcesStreamed()).isEqualTo(sources);
        }
    }

    @Test
    void batchOfAnInventoryInTheBodyAndItsRefusals() throws IOException {
        try (VfioCompatServer server = TestServers.builder().build().start()) {
            String fleet = TestServers.copiesOfTheExampleFleet(1);
            HttpResponse<String> r = post(server, "/v1/batch?top=2", fleet);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(expectedNdjson(Fleet.read(new ByteArrayInputStream(fleet.getBytes(StandardCharsets.UTF_8)), "x"), 2));
            assertThat(r.body()).contains("\"ref\":\"host-a-0/");

            HttpResponse<String> bad = post(server, "/v1/batch", "{\"version\": 1, \"hosts\": [{\"name\": \"h\", \"colour\": 1}]}");
            assertThat(bad.statusCode()).isEqualTo(400);
            JsonNode p = JsonViews.MAPPER.readTree(bad.body()).at("/problems/0");
            assertThat(p.at("/location/file").asText()).isEqualTo("(request)");
            assertThat(p.at("/location/pointer").asText()).isEqualTo("/hosts/0/colour");

            HttpResponse<String> top = post(server, "/v1/batch?top=0&colour=red", "");
            assertThat(top.statusCode()).isEqualTo(400);
            List<String> codes = new ArrayList<>();
            JsonViews.MAPPER.readTree(top.body()).get("problems").forEach(x -> codes.add(x.get("code").asText() + " " + x.at("/location/part").asText()));
            assertThat(codes).containsExactlyInAnyOrder("request.invalid-value ?top", "json.unknown-field ?colour");
        }
        try (VfioCompatServer small = TestServers.builder().limits(ServerLimits.DEFAULTS.withMaxInventoryBytes(100)).build().start()) {
            assertThat(post(small, "/v1/batch", TestServers.copiesOfTheExampleFleet(1)).statusCode()).isEqualTo(413);
            assertThat(put(small, "/v1/inventory", TestServers.copiesOfTheExampleFleet(1)).statusCode()).isEqualTo(413);
        }
    }

    @Test
    void explainAnswersTheRulesFiredByReferenceAndByProfile() throws IOException {
        try (VfioCompatServer server = TestServers.builder().build().start()) {
            HttpResponse<String> r = post(server, "/v1/explain", "{\"source\": \"" + SOURCE + "\", \"target\": \"" + TARGET + "\"}");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode n = JsonViews.MAPPER.readTree(r.body());
            assertThat(n.at("/source/ref").asText()).isEqualTo(SOURCE);
            assertThat(n.at("/source/attributes").size()).isPositive();
            assertThat(n.at("/target/ref").asText()).isEqualTo(TARGET);
            assertThat(n.at("/target/attributes").size()).isPositive();
            assertThat(n.get("firedRules").size()).isPositive();
            assertThat(n.at("/firedRules/0/order").asInt()).isEqualTo(1);
            assertThat(r.headers().firstValue(ApiHandler.DIGESTS_HEADER)).isPresent();
            assertThat(post(server, "/v1/explain", "{\"source\": \"" + SOURCE + "\", \"targets\": [\"" + TARGET + "\"]}").statusCode())
                    .isEqualTo(400);
            assertThat(post(server, "/v1/explain", "{\"source\": \"" + SOURCE + "\", \"target\": \"nowhere/x\"}").statusCode())
                    .isEqualTo(422);
        }
    }

    @Test
    void putInventoryReplacesItAtomicallyAndABadOneIsRefusedWithItsProblemsAndTheOldKept() throws IOException {
        try (VfioCompatServer server = TestServers.builder().build().start()) {
            String copy = TestServers.copiesOfTheExampleFleet(1);
            String renamedSource = SOURCE.replace("host-a/", "host-a-0/");
            assertThat(post(server, "/v1/rank", "{\"device\": \"" + renamedSource + "\"}").statusCode()).isEqualTo(422);

            HttpResponse<String> bad = put(server, "/v1/inventory", "{\"version\": 1, \"hosts\": [{\"name\": \"h\"}, {\"name\": \"h\"}]}");
            assertThat(bad.statusCode()).isEqualTo(400);
            JsonNode problem = JsonViews.MAPPER.readTree(bad.body()).at("/problems/0");
            assertThat(problem.at("/location/pointer").asText()).startsWith("/hosts/1");
            assertThat(post(server, "/v1/rank", "{\"device\": \"" + SOURCE + "\"}").statusCode()).as("the old inventory is kept").isEqualTo(200);
            JsonNode refused = JsonViews.MAPPER.readTree(get(server, "/v1/status").body()).get("inventory");
            assertThat(refused.get("generation").asInt()).isEqualTo(1);
            assertThat(refused.at("/lastReload/ok").asBoolean()).isFalse();
            assertThat(refused.at("/lastReload/problems/0/code").asText()).isEqualTo(problem.get("code").asText());

            HttpResponse<String> ok = put(server, "/v1/inventory", copy);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            JsonNode now = JsonViews.MAPPER.readTree(ok.body()).get("inventory");
            assertThat(now.get("generation").asInt()).isEqualTo(2);
            assertThat(now.get("origin").asText()).isEqualTo("PUT /v1/inventory");
            assertThat(now.get("assigned").asInt()).isEqualTo(FLEET.assigned().size());
            assertThat(post(server, "/v1/rank", "{\"device\": \"" + renamedSource + "\"}").statusCode()).isEqualTo(200);
            assertThat(post(server, "/v1/rank", "{\"device\": \"" + SOURCE + "\"}").statusCode()).isEqualTo(422);
            assertThat(get(server, "/metrics").body()).contains("vfiocompat_inventory_generation 2.0");
        }
    }

    @Test
    void theInventoryFileIsReloadedWhenItChangesAndABadChangeKeepsTheLastGoodOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fleet.json");
        Files.copy(TestServers.ROOT.resolve("examples/fleet.json"), file);
        try (VfioCompatServer server = VfioCompatServer.builder().engine(TestServers.engine()).inventoryFile(file)
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .watch(Duration.ofMillis(50)).build().start()) {
            String renamedSource = SOURCE.replace("host-a/", "host-a-0/");
            Files.writeString(file, TestServers.copiesOfTheExampleFleet(1));
            JsonNode reloaded = awaitInventory(server, 2, true);
            assertThat(reloaded.get("origin").asText()).isEqualTo(file.toString());
            assertThat(post(server, "/v1/rank", "{\"device\": \"" + renamedSource + "\"}").statusCode()).isEqualTo(200);

            Files.writeString(file, "{\"version\": 1, \"hosts\": [");
            JsonNode refused = awaitInventory(server, 2, false);
            assertThat(refused.at("/lastReload/problems/0/code").asText()).isEqualTo("json.syntax");
            assertThat(refused.at("/lastReload/problems/0/location/file").asText()).isEqualTo(file.toString());
            assertThat(post(server, "/v1/rank", "{\"device\": \"" + renamedSource + "\"}").statusCode())
                    .as("the last good inventory stays in use").isEqualTo(200);
        }
    }

    private static JsonNode awaitInventory(VfioCompatServer server, int generation, boolean ok) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode inventory = JsonViews.MAPPER.readTree(get(server, "/v1/status").body()).get("inventory");
            if (inventory.get("generation").asInt() == generation && inventory.at("/lastReload/ok").asBoolean() == ok) {
                return inventory;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the inventory never reached generation " + generation + " ok=" + ok + ": " + inventory);
            }
            Thread.sleep(25);
        }
    }
}
