package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code vfio-compat serve} as a real process stopped by a real SIGTERM while a request is in
 * flight (its body still arriving): the server stops accepting connections, finishes the
 * request with its answer, and the process exits 0.
 */
class ServeProcessTest {

    private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String SOURCE = "host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325";
    private static final String TARGET = "host-d/0000:00:02.0/i915-GVTg_V5_4";

    @Test
    void sigtermDuringASlowRequestFinishesItAndExitsZero() throws Exception {
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--packs", CliRun.PACKS.toString(), "--inventory", CliRun.FLEET.toString(), "--listen", "127.0.0.1:0",
                "--watch", "0", "--drain-timeout", "30").redirectErrorStream(true).start();
        StringBuffer log = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    log.append(line).append('\n');
                }
            } catch (IOException e) {
                log.append("(log read failed: ").append(e).append(")\n");
            }
        });
        reader.start();
        try {
            int port = awaitPort(serve, log);
            String body = "{\"source\": \"" + SOURCE + "\", \"target\": \"" + TARGET + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try (Socket slow = new Socket("127.0.0.1", port)) {
                slow.setSoTimeout(60_000);
                OutputStream out = slow.getOutputStream();
                out.write(("POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                        + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, 0, 10);
                out.flush();
                awaitInFlight(port);

                new ProcessBuilder("kill", "-TERM", Long.toString(serve.pid())).inheritIO().start().waitFor();
                awaitRefused(port);
                assertThat(serve.isAlive()).as("draining while the request is in flight").isTrue();

                out.write(bytes, 10, bytes.length - 10);
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8));
                String status = in.readLine();
                List<String> rest = in.lines().toList();
                assertThat(status).as(log + "\n" + String.join("\n", rest)).startsWith("HTTP/1.1 200");
                assertThat(String.join("\n", rest)).contains("\"verdict\"").contains("\"ref\": \"" + TARGET + "\"");
            }
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as(log.toString()).isTrue();
            assertThat(serve.exitValue()).as(log.toString()).isZero();
            reader.join(10_000);
            assertThat(log.toString()).contains("vfio-compat: stopped");
        } finally {
            serve.destroyForcibly();
        }
    }

    private static int awaitPort(Process serve, StringBuffer log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(log);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertThat(serve.isAlive()).as(log.toString()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not start: " + log);
    }

    /** Waits until the server's metrics say one API request is being served. */
    private static void awaitInFlight(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (metrics.contains("vfiocompat_http_in_flight 1.0")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the slow request never was in flight: " + metrics.lines()
                .filter(l -> l.startsWith("vfiocompat_http")).toList());
    }

    /** Waits until the listening socket is closed: the draining server accepts no new connection. */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (ConnectException refused) {
                assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
                return;
            } catch (IOException other) {
                // not yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server kept accepting connections after SIGTERM");
    }
}
