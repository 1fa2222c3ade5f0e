package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code vfio-compat serve}, run in-process on a free loopback port: the server's answers are
 * byte for byte the CLI's {@code check --format json} and {@code rank --format json} for the same
 * input, and the command stops gracefully with exit code 0.
 */
class ServeCommandTest {

    private static final String FLEET = CliRun.ROOT.resolve("examples/mixed-fleet.json").toString();
    private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static Thread serving;
    private static CompletableFuture<Integer> exit;
    private static final StringWriter ERR = new StringWriter();
    private static int port;

    @BeforeAll
    static void serve() throws InterruptedException {
        exit = new CompletableFuture<>();
        serving = new Thread(() -> exit.complete(Main.run(new String[] {"serve", "--packs", CliRun.PACKS.toString(),
                "--inventory", FLEET, "--listen", "127.0.0.1:0"}, new PrintWriter(new StringWriter(), true), new PrintWriter(ERR, true))));
        serving.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            Matcher m = LISTENING.matcher(ERR.toString());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return;
            }
            if (exit.isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("serve did not start: " + ERR);
            }
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (serving != null && serving.isAlive()) {
            serving.interrupt();
            // Interrupting the command is the embedded form of SIGTERM: a drained stop, exit 0.
            assertThat(exit.get(30, TimeUnit.SECONDS)).as(ERR.toString()).isZero();
            assertThat(ERR.toString()).contains("vfio-compat: stopped");
        }
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String firstAssigned() {
        return org.vfiocompat.engine.Fleet.load(java.nio.file.Path.of(FLEET)).assigned().get(0).ref();
    }

    @Test
    void checkIsByteForByteTheCliJson() throws Exception {
        org.vfiocompat.engine.Fleet fleet = org.vfiocompat.engine.Fleet.load(java.nio.file.Path.of(FLEET));
        String source = firstAssigned();
        String host = source.substring(0, source.indexOf('/'));
        for (org.vfiocompat.engine.Candidate target : fleet.candidatesElsewhere(host).subList(0, 3)) {
            CliRun cli = CliRun.run("check", "--inventory", FLEET, source, target.ref(), "--format", "json");
            assertThat(cli.exitCode()).as(cli.err()).isZero();
            HttpResponse<String> served = post("/v1/check", "{\"source\": \"" + source + "\", \"target\": \"" + target.ref() + "\"}");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo(cli.out());
        }
    }

    @Test
    void rankIsByteForByteTheCliJson() throws Exception {
        String source = firstAssigned();
        CliRun all = CliRun.run("rank", "--inventory", FLEET, "--device", source, "--all", "--format", "json");
        assertThat(post("/v1/rank", "{\"device\": \"" + source + "\", \"all\": true}").body()).isEqualTo(all.out());
        CliRun top = CliRun.run("rank", "--inventory", FLEET, "--device", source, "--top", "1", "--format", "json");
        assertThat(post("/v1/rank", "{\"device\": \"" + source + "\", \"top\": 1}").body()).isEqualTo(top.out());
    }

    @Test
    void explainIsByteForByteTheCliJson() throws Exception {
        org.vfiocompat.engine.Fleet fleet = org.vfiocompat.engine.Fleet.load(java.nio.file.Path.of(FLEET));
        String source = firstAssigned();
        String target = fleet.candidatesElsewhere(source.substring(0, source.indexOf('/'))).get(0).ref();
        CliRun cli = CliRun.run("explain", "--inventory", FLEET, source, target, "--format", "json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        HttpResponse<String> served = post("/v1/explain", "{\"source\": \"" + source + "\", \"target\": \"" + target + "\"}");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(cli.out());
    }

    @Test
    void batchStreamsByteForByteTheCliNdjson() throws Exception {
        CliRun cli = CliRun.run("batch", "--inventory", FLEET, "--top", "3", "--format", "ndjson", "--quiet");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        HttpResponse<String> served = post("/v1/batch?top=3", "");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(cli.out());
    }

    @Test
    void packsIsTheCliJson() throws Exception {
        CliRun cli = CliRun.run("packs", "--format", "json");
        HttpResponse<String> served = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/packs")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(served.body()).isEqualTo(cli.out());
    }

    @Test
    void badListenAddressIsAUsageError() {
        CliRun run = CliRun.run("serve", "--inventory", FLEET, "--listen", "localhost");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--listen must be HOST:PORT");
        assertThat(CliRun.run("serve", "--inventory", FLEET, "--max-concurrent", "0").err()).contains("--max-concurrent");
    }
}
