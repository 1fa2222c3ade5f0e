package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.server.ServerLimits;
import org.vfiocompat.server.VfioCompatServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve",
        description = "Serve the compatibility API over HTTP/JSON (docs/server.md, /v1/openapi.json): /v1/check, /v1/rank, "
                + "/v1/explain, /v1/place, /v1/drain, /v1/batch, /v1/inventory, /v1/packs, /v1/status, /health/live, /health/ready, /metrics. "
                + "Packs and inventory are reloaded when they change (--watch). Runs until SIGTERM or Ctrl-C, then stops "
                + "accepting, lets requests in flight finish (up to --drain-timeout) and exits 0.",
        footer = {"", "Example:",
            "  vfio-compat serve --packs vendor-packs --inventory examples/mixed-fleet.json --listen 127.0.0.1:8181"})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PackSourceOptions packSource;

    @Mixin
    PackCacheOptions packCache;

    @Mixin
    TrustOptions trust;

    @Mixin
    PlatformOptions platform;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    InventoryOption inventory;

    @Mixin
    PlannerOptions plannerOptions;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8181",
            description = "Address to listen on; loopback unless you say otherwise; port 0 picks a free one (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Bearer tokens, one a line: every request but /health/* then needs Authorization: Bearer TOKEN.")
    Path tokenFile;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "65536",
            description = "Largest request body; larger gets 413 (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--max-inventory", paramLabel = "BYTES", defaultValue = "67108864",
            description = "Largest inventory a request may carry (PUT /v1/inventory, POST /v1/batch) (default: ${DEFAULT-VALUE}).")
    int maxInventory;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Serve HTTPS with this certificate chain (PEM, the server's certificate first); needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The private key of --tls-cert (PEM, PKCS #8: BEGIN PRIVATE KEY).")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "PEM",
            description = "Mutual TLS: require client certificates signed by one of these CAs (PEM); needs --tls-cert.")
    Path tlsClientCa;

    @Option(names = "--watch", paramLabel = "SECONDS", defaultValue = "2",
            description = "Poll packs and inventory for changes this often, and reload them (a bad change is refused and the "
                    + "last good set kept); 0 turns it off (default: ${DEFAULT-VALUE}).")
    int watchSeconds;

    @Option(names = "--max-references", paramLabel = "N", defaultValue = "64",
            description = "Most device references one request may name (default: ${DEFAULT-VALUE}).")
    int maxReferences;

    @Option(names = "--max-concurrent", paramLabel = "N", defaultValue = "16",
            description = "API requests served at once; one more gets 429 at once (default: ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "On SIGTERM, how long requests in flight may take to finish (default: ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Override
    public Integer call() throws Exception {
        Fleet fleet = inventory.load();
        // Batches use every core, as the batch command does; one pool for the server's life.
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        CompatibilityEngine engine = Engines.build(spec, packSource, packCache, trust, platform, engineOptions, b -> b.batchExecutor(pool));
        InetSocketAddress address = address(listen);
        ServerLimits limits = limits();
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new UsageProblem("--tls-cert and --tls-key go together");
        }
        if (tlsClientCa != null && tlsCert == null) {
            throw new UsageProblem("--tls-client-ca needs --tls-cert and --tls-key");
        }
        if (watchSeconds < 0) {
            throw new UsageProblem("--watch must be 0 (off) or a number of seconds, got " + watchSeconds);
        }
        VfioCompatServer server;
        VfioCompatServer.Builder b = VfioCompatServer.builder().engine(engine).planner(plannerOptions.planner(engine))
                .inventory(fleet).inventoryFile(inventory.inventory).listen(address).limits(limits);
        if (watchSeconds > 0) {
            b.watch(Duration.ofSeconds(watchSeconds));
        }
        if (tlsCert != null) {
            b.tls(tlsCert, tlsKey);
        }
        if (tlsClientCa != null) {
            b.tlsClientCa(tlsClientCa);
        }
        if (tokenFile != null) {
            b.tokenFile(tokenFile);
        }
        try {
            server = b.build();
        } catch (java.io.UncheckedIOException e) {
            throw new UsageProblem("--token-file: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageProblem(e.getMessage());
        }
        try {
            server.start();
        } catch (IllegalStateException e) {
            throw new UsageProblem("--listen " + listen + ": " + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("vfio-compat: serving " + engine.packs().size() + " packs and " + fleet.name() + " on " + server.scheme() + "://"
                + address.getHostString() + ":" + server.port() + (tokenFile == null ? "" : " (bearer tokens required)"));
        err.flush();
        // SIGTERM and Ctrl-C run shutdown hooks: this one drains the server, waits for the command to
        // have closed its engine and flushed its output, and ends the JVM with 0 (a drained stop is a success).
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            try {
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(ExitCodes.OK);
        }, "vfio-compat-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.join();
        } catch (InterruptedException e) {
            // Embedded runs (tests) stop the command by interrupting it: the same graceful stop.
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it ends the JVM once this command is done.
            }
            VfioCompatCommand.of(spec).engines.closeAll();
            pool.shutdown();
            err.println("vfio-compat: stopped");
            err.flush();
            spec.commandLine().getOut().flush();
            finished.countDown();
        }
        return ExitCodes.OK;
    }

    private ServerLimits limits() {
        try {
            return new ServerLimits(maxBody, maxInventory, maxReferences, maxConcurrent, Duration.ofSeconds(drainSeconds));
        } catch (IllegalArgumentException e) {
            throw new UsageProblem(e.getMessage().replace("maxBodyBytes", "--max-body").replace("maxReferences", "--max-references")
                    .replace("maxInventoryBytes", "--max-inventory")
                    .replace("maxConcurrentRequests", "--max-concurrent").replace("drainTimeout", "--drain-timeout"));
        }
    }

    /** {@code host:port} or {@code [v6]:port}. */
    static InetSocketAddress address(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            throw new UsageProblem("--listen must be HOST:PORT (e.g. 127.0.0.1:8181), got '" + listen + "'");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageProblem("--listen: the port must be a number, got '" + listen.substring(colon + 1) + "'");
        }
        if (port < 0 || port > 65535) {
            throw new UsageProblem("--listen: the port must be 0 to 65535, got " + port);
        }
        return new InetSocketAddress(host, port);
    }
}
