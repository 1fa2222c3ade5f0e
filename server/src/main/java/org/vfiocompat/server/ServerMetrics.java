package org.vfiocompat.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.vfiocompat.engine.CompatibilityEngine;

/**
 * The server's metrics, in Micrometer's Prometheus registry: requests by endpoint, method and
 * status with a latency histogram ({@code vfiocompat_http_requests_seconds}), requests in
 * flight, and, read from the engine when scraped, verdict-cache hits and misses and pack loads.
 * The endpoint tag is one of the server's paths or {@code other}, so a client sending random
 * paths cannot make the number of series grow.
 */
final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    ServerMetrics(CompatibilityEngine engine, IntSupplier inFlight) {
        FunctionCounter.builder("vfiocompat.cache.hits", engine, e -> e.cacheStats().hits())
                .description("Verdicts answered from the cache").register(registry);
        FunctionCounter.builder("vfiocompat.cache.misses", engine, e -> e.cacheStats().misses())
                .description("Verdicts the packs had to evaluate").register(registry);
        FunctionCounter.builder("vfiocompat.pack.reloads", engine, e -> e.lastReload().generation())
                .description("Pack loads and reloads since the engine started (the reload generation)").register(registry);
        Gauge.builder("vfiocompat.pack.last.reload.ok", engine, e -> e.lastReload().ok() ? 1 : 0)
                .description("1 when the last pack (re)load succeeded").register(registry);
        Gauge.builder("vfiocompat.http.in.flight", inFlight, s -> s.getAsInt())
                .description("API requests being served").register(registry);
    }

    void record(String endpoint, String method, int status, long nanos) {
        Timer.builder("vfiocompat.http.requests")
                .description("HTTP requests by endpoint, method and status")
                .tags("endpoint", endpoint, "method", method, "status", Integer.toString(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition format. */
    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }
}
