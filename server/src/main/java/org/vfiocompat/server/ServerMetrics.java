package org.vfiocompat.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;
import org.vfiocompat.engine.CompatibilityEngine;

/**
 * The server's metrics, in Micrometer's Prometheus registry: requests by endpoint, method and
 * status with a latency histogram ({@code vfiocompat_http_requests_seconds}), requests in
 * flight, sources streamed by batches, the inventory's generation, and, read from the engine
 * when scraped, verdict-cache hits and misses and pack loads.
 * The endpoint tag is one of the server's paths or {@code other}, so a client sending random
 * paths cannot make the number of series grow.
 */
final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private final Counter batchSources;

    ServerMetrics(CompatibilityEngine engine, LoadedInventory inventory, IntSupplier inFlight) {
        FunctionCounter.builder("vfiocompat.cache.hits", engine, e -> e.cacheStats().hits())
                .description("Verdicts answered from the cache").register(registry);
        FunctionCounter.builder("vfiocompat.cache.misses", engine, e -> e.cacheStats().misses())
                .description("Verdicts the packs had to evaluate").register(registry);
        FunctionCounter.builder("vfiocompat.pack.reloads", engine, e -> e.lastReload().generation())
                .description("Pack loads and reloads since the engine started (the reload generation)").register(registry);
        Gauge.builder("vfiocompat.pack.last.reload.ok", engine, e -> e.lastReload().ok() ? 1 : 0)
                .description("1 when the last pack (re)load succeeded").register(registry);
        // Micrometer holds a gauge's object weakly: the supplier is a lambda nobody else keeps, so
        // without a strong reference it was collected and the gauge read NaN.
        Gauge.builder("vfiocompat.http.in.flight", inFlight, s -> s.getAsInt()).strongReference(true)
                .description("API requests being served").register(registry);
        Gauge.builder("vfiocompat.inventory.generation", inventory, i -> i.current().generation())
                .description("Inventories put in use since the server started (1: the first)").register(registry);
        Gauge.builder("vfiocompat.inventory.last.reload.ok", inventory, i -> i.lastAttempt().ok() ? 1 : 0)
                .description("1 when the last inventory replacement (PUT or file change) was accepted").register(registry);
        this.batchSources = Counter.builder("vfiocompat.batch.sources")
                .description("Source devices /v1/batch has written out").register(registry);
    }

    void batchSourceStreamed() {
        batchSources.increment();
    }

    long batchSourcesStreamed() {
        return (long) batchSources.count();
    }

    /**
     * The timers by endpoint, method and status, made once each (building one per request, or
     * even its key, was a lookup and garbage per request): slot {@code 2 * route index} for a
     * route's own method, the next for another method, the last for a path that is no route;
     * then the status.
     */
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>((2 * Route.ALL.size() + 1) * STATUSES);

    private static final int STATUSES = 600;

    /** Records one request: its route (null for a path that is none), whether the method was the route's, its status. */
    void record(Route route, boolean routesMethod, String method, int status, long nanos) {
        int slot = route == null ? 2 * Route.ALL.size() : 2 * route.index() + (routesMethod ? 0 : 1);
        int at = slot * STATUSES + Math.floorMod(status, STATUSES);
        Timer t = timers.get(at);
        if (t == null) {
            t = timer(route == null ? "other" : route.path(), routesMethod ? method : "other", status);
            timers.compareAndSet(at, null, t); // Micrometer's registry answers the same timer to a racing second
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String endpoint, String method, int status) {
        return Timer.builder("vfiocompat.http.requests")
                .description("HTTP requests by endpoint, method and status")
                .tags("endpoint", endpoint, "method", method, "status", Integer.toString(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** The Prometheus text exposition format. */
    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }
}
