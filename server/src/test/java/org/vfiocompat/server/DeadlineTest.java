package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.json.JsonViews;

/**
 * The per-request deadline on a real server: a request past it gets 504 with
 * {@code request.deadline-exceeded} at the deadline (not when its work would have ended), other
 * requests are answered meanwhile, its permit comes back, a PUT past it changes nothing, and a
 * batch already streaming ends with the problem as its last line.
 */
class DeadlineTest {

    private static final String CHECK = "{\"source\": \"" + TestServers.SOURCE + "\", \"target\": \"" + TestServers.TARGET + "\"}";

    @Test
    void aRequestPastItsDeadlineGets504AtOnceAndOthersAreServed() throws Exception {
        try (VfioCompatServer server = TestServers.builder().limits(ServerLimits.DEFAULTS.withRequestTimeout(Duration.ofMillis(700)))
                .build().start()) {
            // A client that never finishes sending its body: the request is past its deadline while it reads.
            long start = System.nanoTime();
            Socket slow = sendHalf(server, "POST", "/v1/check", CHECK);
            TestServers.awaitInFlight(server, 1);
            var other = TestServers.post(server, "/v1/check", CHECK);
            assertThat(other.statusCode()).isEqualTo(200);

            String[] late = answer(slow);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(late[0]).contains(" 504 ");
            JsonNode error = JsonViews.MAPPER.readTree(late[1]);
            assertThat(error.at("/problems/0/code").asText()).isEqualTo(ProblemCodes.REQUEST_DEADLINE_EXCEEDED);
            assertThat(error.at("/problems/0/message").asText()).contains("700 ms");
            assertThat(tookMillis).as("answered at the deadline, not when the body would have ended").isGreaterThanOrEqualTo(700);
            // The request's permit is back without the body ever arriving: its reading failed when the answer went out.
            awaitInFlight(server, 0);
            slow.close();
            assertThat(TestServers.post(server, "/v1/check", CHECK).statusCode()).isEqualTo(200);
            assertThat(TestServers.get(server, "/metrics").body()).containsPattern("vfiocompat_http_requests_seconds_count\\{endpoint=\"/v1/check\","
                    + "method=\"POST\",status=\"504\"} 1\n");
        }
    }

    @Test
    void anInventoryPutPastItsDeadlineChangesNothing() throws Exception {
        try (VfioCompatServer server = TestServers.builder().limits(ServerLimits.DEFAULTS.withRequestTimeout(Duration.ofMillis(500)))
                .build().start()) {
            long generation = JsonViews.MAPPER.readTree(TestServers.get(server, "/v1/status").body()).at("/inventory/generation").asLong();
            String fleet = TestServers.copiesOfTheExampleFleet(1);
            try (Socket put = sendHalf(server, "PUT", "/v1/inventory", fleet)) {
                assertThat(answer(put)[0]).contains(" 504 ");
                // The rest of the body arrives after the answer: the inventory must stay as it was.
                put.getOutputStream().write(fleet.substring(fleet.length() / 2).getBytes(StandardCharsets.UTF_8));
                put.getOutputStream().flush();
            } catch (java.io.IOException closedByTheServer) {
                // the server may have closed the connection after its answer; nothing arrived then
            }
            awaitInFlight(server, 0);
            JsonNode status = JsonViews.MAPPER.readTree(TestServers.get(server, "/v1/status").body());
            assertThat(status.at("/inventory/generation").asLong()).isEqualTo(generation);
            assertThat(TestServers.post(server, "/v1/check", CHECK).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBatchStreamingPastItsDeadlineEndsWithTheProblemInsteadOfItsSummary() throws Exception {
        Fleet fleet = Fleet.read(new ByteArrayInputStream(TestServers.copiesOfTheExampleFleet(400).getBytes(StandardCharsets.UTF_8)), "copies");
        try (VfioCompatServer server = TestServers.builder().inventory(fleet)
                .limits(ServerLimits.DEFAULTS.withRequestTimeout(Duration.ofSeconds(2))).build().start();
             Socket socket = new Socket()) {
            BufferedReader in = TestServers.batchOfTheLoadedInventory(server, socket);
            assertThat(in.readLine()).startsWith("{\"type\":\"source\"");
            // The client stops reading: the server blocks on a full socket until the deadline has passed.
            Thread.sleep(2_500);
            List<String> rest = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rest.add(line);
            }
            assertThat(rest.size()).as("cut short").isLessThan(fleet.assigned().size());
            JsonNode last = JsonViews.MAPPER.readTree(rest.get(rest.size() - 1));
            assertThat(last.at("/problems/0/code").asText()).isEqualTo(ProblemCodes.REQUEST_DEADLINE_EXCEEDED);
            assertThat(rest.subList(0, rest.size() - 1)).allSatisfy(l -> assertThat(l).startsWith("{\"type\":\"source\""));
            awaitInFlight(server, 0);
        }
    }

    /** Sends the headers and the first half of {@code body} on a socket of its own, and no more. */
    private static Socket sendHalf(VfioCompatServer server, String method, String path, String body) throws java.io.IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        socket.setSoTimeout(20_000);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write((method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        return socket;
    }

    /** The status line and the body of the answer on {@code socket}. */
    private static String[] answer(Socket socket) throws java.io.IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        int length = 0;
        for (String h = in.readLine(); !h.isEmpty(); h = in.readLine()) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return new String[] {status, new String(body, 0, read)};
    }

    private static void awaitInFlight(VfioCompatServer server, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.inFlight() != n) {
            assertThat(System.nanoTime()).as("requests in flight: " + server.inFlight() + ", awaited " + n).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
