package org.vfiocompat.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.json.JsonViews;

/** One engine over the bundled packs for every test, real servers on free loopback ports, and an HTTP client. */
final class TestServers {

    static final Path ROOT = locateRoot();
    static final Fleet FLEET = Fleet.load(ROOT.resolve("examples/fleet.json"));
    static final String SOURCE = "host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325";
    static final String TARGET = "host-d/0000:00:02.0/i915-GVTg_V5_4";

    private static CompatibilityEngine engine;

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServers() {
    }

    static synchronized CompatibilityEngine engine() {
        if (engine == null) {
            engine = CompatibilityEngine.builder().packs(ROOT.resolve("vendor-packs"))
                    .compiledPackCache(ROOT.resolve("server/target/pack-cache")).build();
        }
        return engine;
    }

    /** An engine of its own over a copy of the bundled packs made at {@code packs}, for tests that change them. */
    static CompatibilityEngine engineOfACopyOfTheBundledPacks(Path packs) throws IOException {
        copyTree(ROOT.resolve("vendor-packs"), packs);
        return CompatibilityEngine.builder().packs(packs).compiledPackCache(ROOT.resolve("server/target/pack-cache")).build();
    }

    static VfioCompatServer.Builder builder() {
        return VfioCompatServer.builder().engine(engine()).inventory(FLEET).listen(new InetSocketAddress("127.0.0.1", 0));
    }

    static URI uri(VfioCompatServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static HttpResponse<String> get(VfioCompatServer server, String path) {
        return send(HttpRequest.newBuilder(uri(server, path)).GET().build());
    }

    static HttpResponse<String> post(VfioCompatServer server, String path, String body) {
        return send(HttpRequest.newBuilder(uri(server, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> put(VfioCompatServer server, String path, String body) {
        return send(HttpRequest.newBuilder(uri(server, path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * examples/fleet.json {@code copies} times over, each copy's hosts renamed {@code host-a-<copy>}:
     * 24 assigned devices and 66 devices a copy, the verdicts of the original.
     */
    static String copiesOfTheExampleFleet(int copies) {
        try {
            ObjectNode original = (ObjectNode) JsonViews.MAPPER.readTree(ROOT.resolve("examples/fleet.json").toFile());
            ObjectNode fleet = JsonViews.object();
            fleet.put("version", original.get("version").asInt());
            ArrayNode hosts = fleet.putArray("hosts");
            for (int copy = 0; copy < copies; copy++) {
                for (JsonNode host : original.get("hosts")) {
                    ObjectNode renamed = host.deepCopy();
                    renamed.put("name", host.get("name").asText() + "-" + copy);
                    hosts.add(renamed);
                }
            }
            return JsonViews.COMPACT.writeValueAsString(fleet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A body that sends its first byte at once (the client reads one chunk ahead, so the
     * stream holds back from the third) and the rest only once {@code release} is counted
     * down: the request is being served (its handler is reading) for as long as the test likes.
     */
    static HttpRequest.BodyPublisher heldBody(String body, CountDownLatch release) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
            private int next;

            @Override
            public int read() throws IOException {
                if (next == 2) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                return next < bytes.length ? bytes[next++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int c = read();
                if (c < 0) {
                    return -1;
                }
                b[off] = (byte) c;
                return 1;
            }
        });
    }

    /** Waits until {@code server} serves {@code n} API requests at once. */
    static void awaitInFlight(VfioCompatServer server, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.inFlight() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server never had " + n + " requests in flight");
            }
            Thread.sleep(10);
        }
    }

    /** Copies the tree {@code from} to {@code to} (which must not exist yet). */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Files.copy(f, to.resolve(from.relativize(f).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static Path locateRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("vendor-packs")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
}
