package org.vfiocompat.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;

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
        this.connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        this.listen = b.listen;
        connector.setHost(listen.getHostString());
        connector.setPort(listen.getPort());
        jetty.addConnector(connector);
        this.api = new ApiHandler(b.engine, b.fleet, tokens, b.limits, () -> accepting);
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
        LOG.info("vfio-compat server listening on http://{}:{}", connector.getHost(), port());
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

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /** API requests being served now (for tests and the drain log). */
    int inFlight() {
        return api.inFlight();
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

    /** How the server is set up; {@link #engine} and {@link #inventory} are required. */
    public static final class Builder {
        private CompatibilityEngine engine;
        private Fleet fleet;
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

        /** The fleet references in requests point into. */
        public Builder inventory(Fleet fleet) {
            this.fleet = Objects.requireNonNull(fleet, "fleet");
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
            if (fleet == null) {
                throw new IllegalStateException("a server needs an inventory");
            }
            return new VfioCompatServer(this);
        }
    }
}
