package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
        description = "Serve the compatibility API over HTTP/JSON (docs/server.md): /v1/check, /v1/rank, /v1/packs, /v1/status, "
                + "/health/live, /health/ready, /metrics. Runs until SIGTERM or Ctrl-C, then stops accepting, lets requests "
                + "in flight finish (up to --drain-timeout) and exits 0.",
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
    EngineOptions engineOptions;

    @Mixin
    InventoryOption inventory;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8181",
            description = "Address to listen on; loopback unless you say otherwise; port 0 picks a free one (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Bearer tokens, one a line: every request but /health/* then needs Authorization: Bearer TOKEN.")
    Path tokenFile;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "65536",
            description = "Largest request body; larger gets 413 (default: ${DEFAULT-VALUE}).")
    int maxBody;

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
        CompatibilityEngine engine = Engines.build(spec, packSource, packCache, trust, engineOptions);
        InetSocketAddress address = address(listen);
        ServerLimits limits = limits();
        VfioCompatServer server;
        try {
            VfioCompatServer.Builder b = VfioCompatServer.builder().engine(engine).inventory(fleet).listen(address).limits(limits);
            if (tokenFile != null) {
                b.tokenFile(tokenFile);
            }
            server = b.build();
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new UsageProblem("--token-file: " + e.getMessage());
        }
        try {
            server.start();
        } catch (IllegalStateException e) {
            throw new UsageProblem("--listen " + listen + ": " + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("vfio-compat: serving " + engine.packs().size() + " packs and " + fleet.name() + " on http://"
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
            err.println("vfio-compat: stopped");
            err.flush();
            spec.commandLine().getOut().flush();
            finished.countDown();
        }
        return ExitCodes.OK;
    }

    private ServerLimits limits() {
        try {
            return new ServerLimits(maxBody, maxReferences, maxConcurrent, Duration.ofSeconds(drainSeconds));
        } catch (IllegalArgumentException e) {
            throw new UsageProblem(e.getMessage().replace("maxBodyBytes", "--max-body").replace("maxReferences", "--max-references")
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
