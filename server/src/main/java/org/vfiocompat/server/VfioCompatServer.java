package org.vfiocompat.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.planner.Planner;

/**
 * The compatibility API over HTTP/JSON (docs/server.md), served by Jetty 12 over one engine and
 * one inventory. Built with {@link #builder()}, started by {@link #start()}, stopped gracefully by
 * {@link #close()}: the listening socket closes first, requests already being served get up to
 * {@link ServerLimits#drainTimeout()} to finish, and new ones on open connections get 503.
 * Closing the server does not close the engine (its owner does).
 *
 * <pre>{@code
 * try (VfioCompatServer server = VfioCompatServer.builder()
 *         .engine(engine).inventory(Fleet.load(Path.of("fleet.json")))
 *         .listen(new InetSocketAddress("127.0.0.1", 8181))
 *         .tokenFile(Path.of("/etc/vfio-compat/tokens"))
 *         .build().start()) {
 *     server.join();
 * }
 * }</pre>
 */
public final class VfioCompatServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VfioCompatServer.class);

    /** Jetty's acceptor and selector threads plus the API's permits and a few for probes and refusals. */
    private static final int SPARE_THREADS = 8;

    private final Server jetty;
    private final ServerConnector connector;
    private final ApiHandler api;
    private final LoadedInventory inventory;
    private final CompatibilityEngine engine;
    private final Duration watch;
    private final boolean tls;
    private final InetSocketAddress listen;
    private volatile boolean accepting;
    private volatile int port = -1;

    private VfioCompatServer(Builder b) {
        Tokens tokens = b.tokenFile == null ? null : Tokens.read(b.tokenFile);
        QueuedThreadPool threads = new QueuedThreadPool(b.limits.maxConcurrentRequests() + SPARE_THREADS + 8, 4);
        threads.setName("vfio-compat-http");
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        this.tls = b.tls != null;
        if (tls) {
            SslContextFactory.Server contextFactory = b.tls.contextFactory();
            this.connector = new ServerConnector(jetty, 1, 1,
                    new SslConnectionFactory(contextFactory, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        } else {
            this.connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        }
        this.listen = b.listen;
        this.engine = b.engine;
        this.watch = b.watch;
        Fleet fleet = b.fleet != null ? b.fleet : Fleet.load(b.inventoryFile);
        this.inventory = new LoadedInventory(fleet, Optional.ofNullable(b.inventoryFile), Clock.systemUTC());
        // While draining, a request in flight (its body may still be arriving) gets the whole
        // drain timeout, not Jetty's default of one idle second.
        connector.setShutdownIdleTimeout(Math.max(1000, b.limits.drainTimeout().toMillis()));
        connector.setHost(listen.getHostString());
        connector.setPort(listen.getPort());
        jetty.addConnector(connector);
        this.api = new ApiHandler(b.engine, b.planner != null ? b.planner : Planner.builder(b.engine).build(), inventory, tokens, b.limits,
                () -> accepting);
        jetty.setHandler(new GracefulHandler(api));
        jetty.setStopTimeout(b.limits.drainTimeout().toMillis());
        jetty.setStopAtShutdown(false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the address and starts serving; returns this server. */
    public VfioCompatServer start() {
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        port = connector.getLocalPort();
        accepting = true;
        if (watch != null) {
            engine.watch(watch);
            inventory.watch(watch);
        }
        LOG.info("vfio-compat server listening on {}://{}:{}", scheme(), connector.getHost(), port());
        return this;
    }

    /** The port listened on: the one asked for, or the one the system chose for port 0 (-1 before start). */
    public int port() {
        return port;
    }

    /** The address listened on, with the actual port. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), port());
    }

    /** {@code https} with TLS, else {@code http}. */
    public String scheme() {
        return tls ? "https" : "http";
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /** API requests being served now (for tests and the drain log). */
    int inFlight() {
        return api.inFlight();
    }

    /** Check and explain requests whose answers are remembered now (for the answer cache's test). */
    long answersRemembered() {
        return api.answersRemembered();
    }

    /** Sources batches have written out (for the streaming test). */
    long batchSourcesStreamed() {
        return api.batchSourcesStreamed();
    }

    /**
     * Stops gracefully: stops accepting, lets requests in flight finish up to the drain timeout,
     * then closes. Idempotent.
     */
    @Override
    public void close() {
        accepting = false;
        if (jetty.isStopped()) {
            return;
        }
        LOG.info("vfio-compat server stopping: {} requests in flight", api.inFlight());
        inventory.close();
        stopQuietly();
        api.close();
    }

    private void stopQuietly() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("vfio-compat server: stopping did not finish cleanly: {}", e.toString());
        }
    }

    /** How the server is set up; {@link #engine} and an inventory ({@link #inventory} or {@link #inventoryFile}) are required. */
    public static final class Builder {
        private CompatibilityEngine engine;
        private Planner planner;
        private Fleet fleet;
        private Path inventoryFile;
        private Duration watch;
        private PemTls tls;
        private Path tlsClientCa;
        private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 8181);
        private Path tokenFile;
        private ServerLimits limits = ServerLimits.DEFAULTS;

        private Builder() {
        }

        /** The engine that judges; its packs are loaded already. The server does not close it. */
        public Builder engine(CompatibilityEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * The planner of {@code /v1/place} and {@code /v1/drain}; it must plan over {@link #engine}.
         * Default: one over the engine with the planner's defaults (a 10 s solver budget a plan).
         */
        public Builder planner(Planner planner) {
            this.planner = Objects.requireNonNull(planner, "planner");
            return this;
        }

        /** The fleet references in requests point into (until {@code PUT /v1/inventory} replaces it). */
        public Builder inventory(Fleet fleet) {
            this.fleet = Objects.requireNonNull(fleet, "fleet");
            return this;
        }

        /**
         * The inventory file references point into, read at build unless {@link #inventory} gives
         * its content already; with {@link #watch} it is read again when it changes (a bad change
         * is refused, the fleet in use kept).
         */
        public Builder inventoryFile(Path file) {
            this.inventoryFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Watch the packs (the engine's {@link CompatibilityEngine#watch}, running until the engine
         * is closed) and the inventory file, polling every {@code interval}; off by default.
         */
        public Builder watch(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the watch interval must be positive, got " + interval);
            }
            this.watch = interval;
            return this;
        }

        /** Serve HTTPS with this certificate chain and PKCS #8 private key, both PEM. */
        public Builder tls(Path certificateChain, Path privateKey) {
            this.tls = new PemTls(Objects.requireNonNull(certificateChain, "certificate chain"),
                    Objects.requireNonNull(privateKey, "private key"), Optional.empty());
            return this;
        }

        /** Require client certificates signed by one of the CAs in this PEM file (mutual TLS); needs {@link #tls}. */
        public Builder tlsClientCa(Path caCertificates) {
            this.tlsClientCa = Objects.requireNonNull(caCertificates, "client CA file");
            return this;
        }

        /** Where to listen; default {@code 127.0.0.1:8181} (loopback only). Port 0 picks a free port. */
        public Builder listen(InetSocketAddress address) {
            this.listen = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Bearer tokens, one a line: with it every request but the health probes needs one. Read at build. */
        public Builder tokenFile(Path file) {
            this.tokenFile = Objects.requireNonNull(file, "file");
            return this;
        }

        public Builder limits(ServerLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The server, not yet listening. */
        public VfioCompatServer build() {
            if (engine == null) {
                throw new IllegalStateException("a server needs an engine");
            }
            if (fleet == null && inventoryFile == null) {
                throw new IllegalStateException("a server needs an inventory: a fleet or an inventory file");
            }
            if (tlsClientCa != null) {
                if (tls == null) {
                    throw new IllegalStateException("a client CA (mutual TLS) needs TLS: a certificate and key");
                }
                tls = new PemTls(tls.certificateChain(), tls.privateKey(), Optional.of(tlsClientCa));
            }
            return new VfioCompatServer(this);
        }
    }
}
