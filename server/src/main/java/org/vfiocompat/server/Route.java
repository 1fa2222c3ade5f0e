package org.vfiocompat.server;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One endpoint of the API: its method and path, and every HTTP status it may answer with. The
 * server's routing table is {@link #ALL}: the handler dispatches by it (an unknown path is 404, a
 * known path with another method 405), checks every answer's status against it (an assertion,
 * on in tests), and the OpenAPI document is tested against it, in both directions.
 *
 * <p>A new endpoint is a route in this table, a case in {@link ApiHandler}'s dispatch, and its
 * operation in {@code openapi.json}; the test that holds the document to this table sees both.
 *
 * @param method   the one method the path takes
 * @param path     the path, exact (no templates)
 * @param kind     what refusals apply before the endpoint runs
 * @param statuses every status the route answers with, refusals included
 */
record Route(String method, String path, Kind kind, Set<Integer> statuses) {

    /** How the handler treats a route before its endpoint runs. */
    enum Kind {
        /** Never authenticated, never limited: liveness and readiness. */
        PROBE,
        /** Authenticated, not counted against the concurrency limit, no body. */
        OPEN,
        /** Authenticated, counted against the concurrency limit, no body. */
        API,
        /** Authenticated, counted, with a JSON body (400 when malformed, 413 when too large). */
        API_WITH_BODY
    }

    /** Statuses any route may give: 401 (a token is needed), 405 (another method), 500 (a bug), 503 (draining). */
    static final Set<Integer> EVERY_ROUTE = Set.of(401, 405, 500, 503);

    /** What a path that is no route gets: 404, or 401 first when tokens are needed. */
    static final Set<Integer> UNKNOWN_PATH = Set.of(401, 404, 500, 503);

    static final List<Route> ALL = List.of(
            route("POST", "/v1/check", Kind.API_WITH_BODY, 200, 422),
            route("POST", "/v1/rank", Kind.API_WITH_BODY, 200, 422),
            route("POST", "/v1/explain", Kind.API_WITH_BODY, 200, 422),
            route("POST", "/v1/place", Kind.API_WITH_BODY, 200),
            route("POST", "/v1/drain", Kind.API_WITH_BODY, 200),
            route("POST", "/v1/batch", Kind.API_WITH_BODY, 200),
            route("PUT", "/v1/inventory", Kind.API_WITH_BODY, 200),
            route("GET", "/v1/packs", Kind.API, 200),
            route("GET", "/v1/status", Kind.API, 200),
            route("GET", "/v1/openapi.json", Kind.OPEN, 200),
            route("GET", "/metrics", Kind.OPEN, 200),
            route("GET", "/health/live", Kind.PROBE, 200),
            route("GET", "/health/ready", Kind.PROBE, 200, 503));

    private static Route route(String method, String path, Kind kind, Integer... own) {
        Set<Integer> statuses = new TreeSet<>(EVERY_ROUTE);
        statuses.addAll(List.of(own));
        if (kind == Kind.API || kind == Kind.API_WITH_BODY) {
            statuses.add(429);
        }
        if (kind == Kind.API_WITH_BODY) {
            statuses.addAll(List.of(400, 413));
        }
        return new Route(method, path, kind, Collections.unmodifiableSet(statuses));
    }

    /** {@link #ALL} by path, looked up once a request. */
    private static final Map<String, Route> BY_PATH = ALL.stream().collect(Collectors.toUnmodifiableMap(Route::path, r -> r));

    /** The route of {@code path}, whatever the method. */
    static Optional<Route> of(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }

    /** The places of {@link #ALL}'s routes by path. */
    private static final Map<String, Integer> INDEX = IntStream.range(0, ALL.size()).boxed()
            .collect(Collectors.toUnmodifiableMap(i -> ALL.get(i).path(), i -> i));

    /** This route's place in {@link #ALL}. */
    int index() {
        return INDEX.get(path);
    }
}
