package org.vfiocompat.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.Ranking;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.json.BatchLines;
import org.vfiocompat.json.JsonViews;
import org.vfiocompat.planner.DrainPlan;
import org.vfiocompat.planner.Placement;
import org.vfiocompat.planner.Planner;
import org.vfiocompat.planner.PlanningInputException;

/**
 * Every request of the API, on Jetty's core Handler API, dispatched by the routing table
 * ({@link Route#ALL}): health probes first (never authenticated, never limited), then the bearer
 * token, then the route (404, 405), then the concurrency limit (429 at once, no queue), then the
 * body limit (413), then the request itself. So a refused request costs no evaluation, and a
 * malformed one only its own parse. {@code POST /v1/batch} streams its NDJSON as the batch
 * hands out each source, holding one source at a time.
 */
final class ApiHandler extends Handler.Abstract {

    /** The digests of the packs whose verdicts a response holds, in order, comma-separated. */
    static final String DIGESTS_HEADER = "Vfio-Compat-Pack-Digests";

    /** What the batch's NDJSON lines are buffered to before they go out: a source's line or a few. */
    private static final int STREAM_BUFFER_CHARS = 32 * 1024;

    private static final String JSON = "application/json";

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    /** Refusals given before the body is read. */
    private static final Set<Integer> REFUSED_UNREAD = Set.of(401, 404, 405, 413, 429);

    private final CompatibilityEngine engine;
    private final Planner planner;
    private final LoadedInventory inventory;
    private final Tokens tokens;
    private final ServerLimits limits;
    private final Semaphore permits;
    private final ServerMetrics metrics;
    private final BooleanSupplier accepting;
    private final byte[] openApi;
    private final AnswerCache answers = new AnswerCache();

    ApiHandler(CompatibilityEngine engine, Planner planner, LoadedInventory inventory, Tokens tokens, ServerLimits limits,
               BooleanSupplier accepting) {
        this.engine = engine;
        this.planner = planner;
        this.inventory = inventory;
        this.tokens = tokens;
        this.limits = limits;
        this.permits = new Semaphore(limits.maxConcurrentRequests());
        this.accepting = accepting;
        this.metrics = new ServerMetrics(engine, inventory, this::inFlight);
        this.openApi = OpenApi.document();
    }

    /** API requests being served now. */
    int inFlight() {
        return limits.maxConcurrentRequests() - permits.availablePermits();
    }

    /** Sources {@code /v1/batch} has written out since the server started. */
    long batchSourcesStreamed() {
        return metrics.batchSourcesStreamed();
    }

    /** Check and explain requests whose answers the answer cache holds. */
    long answersRemembered() {
        return answers.size();
    }

    boolean ready() {
        return accepting.getAsBoolean() && engine.lastReload().ok() && !engine.packs().isEmpty();
    }

    void close() {
        metrics.close();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String path = Request.getPathInContext(request);
        Optional<Route> route = Route.of(path);
        boolean permit = false;
        Answer answer;
        try {
            answer = refusal(request, path, route.orElse(null));
            if (answer == null) {
                Route r = route.orElseThrow();
                boolean limited = r.kind() == Route.Kind.API || r.kind() == Route.Kind.API_WITH_BODY;
                if (limited && !permits.tryAcquire()) {
                    answer = Answer.json(429, JsonViews.error("too many requests", List.of(new Problem(ProblemCodes.REQUEST_TOO_MANY_CONCURRENT,
                            Location.file(RequestProblem.BODY), "the server is serving " + limits.maxConcurrentRequests()
                            + " requests already; try again")))).header("Retry-After", "1");
                } else {
                    permit = limited;
                    answer = endpoint(request, r);
                }
            }
        } catch (RequestProblem p) {
            answer = Answer.json(p.status(), JsonViews.error(error(p.status()), p.problems()));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            answer = internalError();
        }
        if (REFUSED_UNREAD.contains(answer.status) && !request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            // The body was not read (reading it would let anyone make the server read for free):
            // Jetty then closes the connection, so say so, or a client reusing it sees no answer.
            answer.header(HttpHeader.CONNECTION.asString(), "close");
        }
        try {
            send(answer, response, callback);
        } finally {
            if (permit) {
                permits.release();
            }
            assert route.map(Route::statuses).orElse(Route.UNKNOWN_PATH).contains(answer.status)
                    : request.getMethod() + " " + path + " answered " + answer.status + ", which its route does not declare";
            // Tags only from the routing table, so no client can make the number of series grow.
            boolean known = route.isPresent() && route.get().method().equals(request.getMethod());
            metrics.record(route.orElse(null), known, request.getMethod(), answer.status, System.nanoTime() - started);
        }
        return true;
    }

    /** The answer of a request refused before its endpoint runs (or of a probe); null when it goes on. */
    private Answer refusal(Request request, String path, Route route) {
        String method = request.getMethod();
        if (route != null && route.kind() == Route.Kind.PROBE && route.method().equals(method)) {
            boolean up = path.equals("/health/live") || ready();
            return Answer.json(up ? 200 : 503, JsonViews.object().put("status", up ? "ok" : "not ready"));
        }
        if (tokens != null && !tokens.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            return Answer.json(401, JsonViews.error("unauthorized", List.of(new Problem(ProblemCodes.REQUEST_UNAUTHORIZED,
                    Location.file(RequestProblem.BODY), "this server needs Authorization: Bearer <token>, with a token it knows"))))
                    .header(HttpHeader.WWW_AUTHENTICATE.asString(), "Bearer");
        }
        if (route == null) {
            return Answer.json(404, JsonViews.error("not found", List.of(new Problem(ProblemCodes.REQUEST_UNKNOWN_PATH,
                    Location.file(RequestProblem.BODY), "no endpoint " + path + " (see /v1/openapi.json)"))));
        }
        if (!route.method().equals(method)) {
            return Answer.json(405, JsonViews.error("method not allowed", List.of(new Problem(ProblemCodes.REQUEST_METHOD_NOT_ALLOWED,
                    Location.file(RequestProblem.BODY), path + " takes " + route.method() + ", not " + method))))
                    .header("Allow", route.method());
        }
        return null;
    }

    private Answer endpoint(Request request, Route route) {
        return switch (route.path()) {
            case "/v1/check" -> pair(request, route,
                    (body, fleet) -> ApiRequests.check(ApiRequests.parse(body), fleet, limits.maxReferences()), this::check);
            case "/v1/rank" -> {
                Fleet fleet = inventory.current().fleet();
                yield rank(ApiRequests.rank(ApiRequests.parse(body(request, limits.maxBodyBytes())), fleet), fleet);
            }
            case "/v1/explain" -> pair(request, route,
                    (body, fleet) -> ApiRequests.explain(ApiRequests.parse(body), fleet), this::explain);
            case "/v1/place" -> place(ApiRequests.place(ApiRequests.parse(body(request, limits.maxBodyBytes()))));
            case "/v1/drain" -> {
                Fleet fleet = inventory.current().fleet();
                yield drain(ApiRequests.drain(ApiRequests.parse(body(request, limits.maxBodyBytes())), fleet, limits.maxReferences()), fleet);
            }
            case "/v1/batch" -> batch(request);
            case "/v1/inventory" -> putInventory(request);
            case "/v1/packs" -> Answer.json(200, JsonViews.packs(engine.packs(), engine.refusedPacks()));
            case "/v1/status" -> Answer.json(200, status());
            case "/v1/openapi.json" -> new Answer(200, "application/json", openApi);
            case "/metrics" -> new Answer(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8));
            default -> throw new IllegalStateException("a route without an endpoint: " + route.path());
        };
    }

    private void send(Answer answer, Response response, Callback callback) {
        response.setStatus(answer.status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType);
        answer.headers.forEach((name, value) -> response.getHeaders().put(name, value));
        if (answer.stream == null) {
            response.write(true, ByteBuffer.wrap(answer.body), callback);
            return;
        }
        // Streamed: the status and headers go with the first buffer; a failure after that can
        // only cut the response short (the client sees a body without its summary line).
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), STREAM_BUFFER_CHARS);
            answer.stream.write(w);
            w.flush();
        } catch (IOException | UncheckedIOException e) {
            LOG.info("a streamed answer was cut short: {}", e.toString());
            callback.failed(e);
            return;
        } catch (RuntimeException e) {
            LOG.error("a streamed answer failed", e);
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    /** The body, at most {@code max} bytes: a declared or actual length over it is a 413 without reading the rest. */
    private static byte[] body(Request request, int max) {
        long declared = request.getLength();
        if (declared > max) {
            throw tooLarge(max);
        }
        // A small body has mostly arrived with its headers: its one chunk is copied as it is,
        // without the stream and its 8 KiB buffers (a cached check's bodies are ~100 bytes).
        byte[] head = new byte[0];
        Content.Chunk first = request.read();
        if (first != null) {
            try {
                if (Content.Chunk.isFailure(first)) {
                    throw RequestProblem.at(400, ProblemCodes.JSON_SYNTAX, "", "the body could not be read: " + first.getFailure());
                }
                if (first.remaining() > max) {
                    throw tooLarge(max);
                }
                head = new byte[first.remaining()];
                first.getByteBuffer().get(head);
                if (first.isLast()) {
                    return head;
                }
            } finally {
                first.release();
            }
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] rest = in.readNBytes(max - head.length + 1);
            if (head.length + rest.length > max) {
                throw tooLarge(max);
            }
            if (head.length == 0) {
                return rest;
            }
            byte[] body = Arrays.copyOf(head, head.length + rest.length);
            System.arraycopy(rest, 0, body, head.length, rest.length);
            return body;
        } catch (IOException e) {
            throw RequestProblem.at(400, ProblemCodes.JSON_SYNTAX, "", "the body could not be read: " + e.getMessage());
        }
    }

    private static RequestProblem tooLarge(int max) {
        return RequestProblem.at(413, RequestProblem.BODY_TOO_LARGE, "",
                "the body is larger than this server's limit of " + max + " bytes");
    }

    /**
     * {@code check} and {@code explain}: the request read from the body (or found in the answer
     * cache with its last answer), its verdicts asked of the engine, and the answer made of them,
     * or the remembered one when they are the verdicts it was made of.
     */
    private Answer pair(Request request, Route route, BiFunction<byte[], Fleet, ApiRequests.CheckRequest> read,
                        BiFunction<ApiRequests.CheckRequest, List<Verdict>, Answer> view) {
        byte[] body = body(request, limits.maxBodyBytes());
        LoadedInventory.Current current = inventory.current();
        AnswerCache.Entry<ApiRequests.CheckRequest> entry = answers.entry(route.path(), current.generation(), body,
                () -> read.apply(body, current.fleet()), r -> r.byProfiles() ? 1 : r.targets().size());
        ApiRequests.CheckRequest r = entry.request();
        List<Verdict> verdicts = verdicts(r);
        AnswerCache.Answered last = entry.answeredFor(verdicts);
        if (last != null) {
            Answer a = new Answer(200, JSON, last.body());
            return last.digests() == null ? a : a.header(DIGESTS_HEADER, last.digests());
        }
        Answer a = view.apply(r, verdicts);
        entry.remember(new AnswerCache.Answered(verdicts, a.body, a.headers.get(DIGESTS_HEADER)));
        return a;
    }

    /** The verdicts of a check or explanation: of the two profiles, or of the source and each target, in order. */
    private List<Verdict> verdicts(ApiRequests.CheckRequest r) {
        if (r.byProfiles()) {
            return List.of(engine.check(r.sourceProfile(), r.targetProfile()));
        }
        List<Verdict> verdicts = new ArrayList<>(r.targets().size());
        for (Candidate target : r.targets()) {
            verdicts.add(engine.check(r.source().profile(), target));
        }
        return verdicts;
    }

    /** The shape of {@code vfio-compat check --format json}. */
    private Answer check(ApiRequests.CheckRequest r, List<Verdict> verdicts) {
        ObjectNode n = JsonViews.object();
        if (r.byProfiles()) {
            n.set("source", JsonViews.profile(r.sourceProfile()));
            n.set("target", JsonViews.profile(r.targetProfile()));
            n.set("verdict", JsonViews.verdict(verdicts.get(0)));
            return Answer.json(200, n).digests(verdicts);
        }
        n.set("source", JsonViews.source(r.source()));
        if (!r.targetList()) {
            n.set("target", JsonViews.candidate(r.targets().get(0)));
            n.set("verdict", JsonViews.verdict(verdicts.get(0)));
        } else {
            ArrayNode results = n.putArray("results");
            for (int i = 0; i < verdicts.size(); i++) {
                ObjectNode one = results.addObject();
                one.set("target", JsonViews.candidate(r.targets().get(i)));
                one.set("verdict", JsonViews.verdict(verdicts.get(i)));
            }
        }
        return Answer.json(200, n).digests(verdicts);
    }

    /** The shape of {@code vfio-compat explain --format json}: both sides with their attributes, the verdict, the rules fired. */
    private Answer explain(ApiRequests.CheckRequest r, List<Verdict> verdicts) {
        Verdict v = verdicts.get(0);
        ObjectNode source;
        ObjectNode target;
        if (r.byProfiles()) {
            source = JsonViews.withAttributes(JsonViews.profile(r.sourceProfile()), r.sourceProfile());
            target = JsonViews.withAttributes(JsonViews.profile(r.targetProfile()), r.targetProfile());
        } else {
            Candidate c = r.targets().get(0);
            source = JsonViews.withAttributes(JsonViews.source(r.source()), r.source().profile());
            target = JsonViews.withAttributes(JsonViews.candidate(c), c.profile());
        }
        return Answer.json(200, JsonViews.explanation(source, target, v)).digests(verdicts);
    }

    /** The shape of {@code vfio-compat rank --format json}. */
    private Answer rank(ApiRequests.RankRequest r, Fleet fleet) {
        Ranking ranking = engine.rank(r.device().profile(), fleet.candidatesElsewhere(r.device().host()));
        List<RankedTarget> shown = r.top() == 0 ? ranking.compatible()
                : ranking.compatible().subList(0, Math.min(r.top(), ranking.compatible().size()));
        ObjectNode n = JsonViews.object();
        n.set("source", JsonViews.source(r.device()));
        n.put("candidates", ranking.compatible().size() + ranking.refused().size());
        n.put("compatible", ranking.compatible().size());
        ArrayNode targets = n.putArray("targets");
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            targets.add(JsonViews.target(i + 1, shown.get(i)));
            verdicts.add(shown.get(i).verdict());
        }
        if (r.all()) {
            ArrayNode refused = n.putArray("refused");
            ranking.refused().forEach(t -> {
                refused.add(JsonViews.target(0, t));
                verdicts.add(t.verdict());
            });
        }
        return Answer.json(200, n).digests(verdicts);
    }

    /** The shape of {@code vfio-compat place --format json}, of the inventory current when the request started. */
    private Answer place(ApiRequests.PlaceRequest r) {
        Placement p;
        try {
            p = planner.place(inventory.current().fleet(), r.vm());
        } catch (PlanningInputException e) {
            throw ApiRequests.planningRefused(e, "/vm");
        }
        List<Verdict> verdicts = new ArrayList<>();
        p.targets().forEach(m -> m.devices().forEach(d -> verdicts.add(d.verdict())));
        return Answer.json(200, PlanJson.placement(p, r.top(), r.all())).digests(verdicts);
    }

    /** The shape of {@code vfio-compat drain --format json}. */
    private Answer drain(ApiRequests.DrainRequest r, Fleet fleet) {
        DrainPlan p;
        try {
            p = planner.drain(fleet, r.hosts());
        } catch (PlanningInputException e) {
            throw ApiRequests.planningRefused(e, "/hosts");
        }
        List<Verdict> verdicts = new ArrayList<>();
        p.moves().forEach(m -> m.devices().forEach(d -> verdicts.add(d.verdict())));
        return Answer.json(200, PlanJson.drain(p)).digests(verdicts);
    }

    /**
     * {@code vfio-compat batch --format ndjson}, streamed: of the inventory in the body, or of
     * the loaded one when the body is empty. The batch runs on one pack set, the one loaded when
     * it starts, whose digests the header names (the body is not known yet when headers go).
     */
    private Answer batch(Request request) {
        int top = ApiRequests.batchTop(Request.extractQueryParameters(request));
        byte[] body = body(request, limits.maxInventoryBytes());
        Fleet fleet = body.length == 0 ? inventory.current().fleet() : readInventory(body);
        List<String> digests = engine.lastReload().packDigests();
        Answer a = Answer.streamed("application/x-ndjson", w -> {
            BatchLines lines = new BatchLines();
            BatchSummary summary = engine.batch(fleet, top, r -> {
                lines.writeSourceLine(w, r);
                metrics.batchSourceStreamed();
            });
            BatchLines.writeSummaryLine(w, top, engine.packs(), summary, false);
        });
        if (!digests.isEmpty()) {
            a.header(DIGESTS_HEADER, String.join(",", digests));
        }
        return a;
    }

    /** {@code PUT /v1/inventory}: the body replaces the loaded inventory, or is refused with its problems (the old one kept). */
    private Answer putInventory(Request request) {
        byte[] body = body(request, limits.maxInventoryBytes());
        Fleet read;
        try {
            read = readInventory(body);
        } catch (RequestProblem p) {
            inventory.refused("PUT /v1/inventory", p.problems());
            throw p;
        }
        inventory.replace(Fleet.of("PUT /v1/inventory", read.hosts(), read.devices(), read.creatable()), "PUT /v1/inventory");
        return Answer.json(200, JsonViews.object().set("inventory", inventoryNode()));
    }

    private static Fleet readInventory(byte[] body) {
        if (body.length == 0) {
            throw RequestProblem.at(400, ProblemCodes.JSON_SYNTAX, "", "the body is empty; an inventory (JSON) is expected");
        }
        try {
            return Fleet.read(new ByteArrayInputStream(body), RequestProblem.BODY);
        } catch (InvalidInventoryException e) {
            throw new RequestProblem(400, e.problems());
        }
    }

    private ObjectNode status() {
        ObjectNode n = JsonViews.status(engine.status(), ready());
        n.set("inventory", inventoryNode());
        return n;
    }

    /** The inventory in use (where from, its size, its generation) and how its last replacement went. */
    private ObjectNode inventoryNode() {
        LoadedInventory.Current c = inventory.current();
        LoadedInventory.Attempt a = inventory.lastAttempt();
        ObjectNode n = JsonViews.object();
        n.put("origin", c.origin());
        n.put("watched", inventory.file().map(Object::toString).orElse(null));
        n.put("hosts", c.fleet().hosts().size());
        n.put("devices", c.fleet().devices().size());
        n.put("assigned", c.fleet().assigned().size());
        n.put("generation", c.generation());
        n.put("since", c.since().toString());
        ObjectNode last = n.putObject("lastReload").put("ok", a.ok()).put("time", a.time().toString()).put("origin", a.origin());
        ArrayNode problems = last.putArray("problems");
        a.problems().forEach(p -> problems.add(JsonViews.problem(p)));
        return n;
    }

    private static Answer internalError() {
        return Answer.json(500, JsonViews.error("internal error", List.of(new Problem(ProblemCodes.ENGINE_INTERNAL_ERROR,
                Location.file("(server)"), "the server failed on this request; its log has the details"))));
    }

    private static String error(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 413 -> "request too large";
            case 422 -> "unknown reference";
            default -> "refused";
        };
    }

    /** Writes a streamed body. */
    @FunctionalInterface
    interface Stream {
        void write(Writer out) throws IOException;
    }

    /** One response: status, content type, extra headers, and a body in full or streamed. */
    private static final class Answer {
        final int status;
        final String contentType;
        final byte[] body;
        final Stream stream;
        final Map<String, String> headers = new LinkedHashMap<>();

        Answer(int status, String contentType, byte[] body) {
            this(status, contentType, body, null);
        }

        private Answer(int status, String contentType, byte[] body, Stream stream) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
            this.stream = stream;
        }

        static Answer json(int status, JsonNode node) {
            return new Answer(status, JSON, JsonViews.bytes(node));
        }

        static Answer streamed(String contentType, Stream stream) {
            return new Answer(200, contentType, null, stream);
        }

        Answer header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** The digests of the packs that decided {@code verdicts}, in first-seen order; none when no pack decided. */
        Answer digests(List<Verdict> verdicts) {
            Set<String> digests = new LinkedHashSet<>();
            verdicts.stream().map(Verdict::packDigest).filter(d -> !d.isEmpty()).forEach(digests::add);
            if (!digests.isEmpty()) {
                header(DIGESTS_HEADER, String.join(",", digests));
            }
            return this;
        }
    }
}
