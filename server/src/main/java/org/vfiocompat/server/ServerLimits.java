package org.vfiocompat.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What one server accepts, so that no client can make it use unbounded memory, threads or time.
 *
 * @param maxBodyBytes          the largest request body read; a larger one gets 413 without being read to the end
 * @param maxInventoryBytes     the largest inventory a request may carry ({@code PUT /v1/inventory}, {@code POST /v1/batch})
 * @param maxReferences         the most device references (source and targets together) one request may name
 * @param maxConcurrentRequests the API requests evaluated at once; one more gets 429 at once (there is no queue).
 *                              Health probes and metrics are not counted, so a saturated server still answers them
 * @param drainTimeout          on close, how long requests already being served may take to finish
 * @param requestTimeout        how long one API request may take from its start (body reading included): past it
 *                              the client gets 504 ({@code request.deadline-exceeded}) at once, and the work stops
 *                              at its next step (a target, a source of a batch); a batch already streaming ends
 *                              with a problem line instead of its summary
 */
public record ServerLimits(int maxBodyBytes, int maxInventoryBytes, int maxReferences, int maxConcurrentRequests, Duration drainTimeout,
                           Duration requestTimeout) {

    /** 64 KiB bodies, 64 MiB inventories, 64 references, 16 concurrent requests, 10 seconds to drain, 60 seconds a request. */
    public static final ServerLimits DEFAULTS = new ServerLimits(64 * 1024, 64 * 1024 * 1024, 64, 16, Duration.ofSeconds(10),
            Duration.ofSeconds(60));

    public ServerLimits {
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, got " + maxBodyBytes);
        }
        if (maxInventoryBytes < 1) {
            throw new IllegalArgumentException("maxInventoryBytes must be at least 1, got " + maxInventoryBytes);
        }
        if (maxReferences < 2) {
            throw new IllegalArgumentException("maxReferences must be at least 2 (a check names two), got " + maxReferences);
        }
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, got " + maxConcurrentRequests);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative, got " + drainTimeout);
        }
        if (requestTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("requestTimeout must be at least 1 ms, got " + requestTimeout);
        }
    }

    public ServerLimits withMaxBodyBytes(int bytes) {
        return new ServerLimits(bytes, maxInventoryBytes, maxReferences, maxConcurrentRequests, drainTimeout, requestTimeout);
    }

    public ServerLimits withMaxInventoryBytes(int bytes) {
        return new ServerLimits(maxBodyBytes, bytes, maxReferences, maxConcurrentRequests, drainTimeout, requestTimeout);
    }

    public ServerLimits withMaxReferences(int references) {
        return new ServerLimits(maxBodyBytes, maxInventoryBytes, references, maxConcurrentRequests, drainTimeout, requestTimeout);
    }

    public ServerLimits withMaxConcurrentRequests(int requests) {
        return new ServerLimits(maxBodyBytes, maxInventoryBytes, maxReferences, requests, drainTimeout, requestTimeout);
    }

    public ServerLimits withDrainTimeout(Duration timeout) {
        return new ServerLimits(maxBodyBytes, maxInventoryBytes, maxReferences, maxConcurrentRequests, timeout, requestTimeout);
    }

    public ServerLimits withRequestTimeout(Duration timeout) {
        return new ServerLimits(maxBodyBytes, maxInventoryBytes, maxReferences, maxConcurrentRequests, drainTimeout, timeout);
    }
}
