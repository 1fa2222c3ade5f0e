package org.vfiocompat.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.Ranking;
import org.vfiocompat.engine.Verdict;

/**
 * Every request of the API, on Jetty's core Handler API: health probes first (never
 * authenticated, never limited), then the bearer token, then the route (404, 405), then the
 * concurrency limit (429 at once, no queue), then the body limit (413), then the request itself.
 * So a refused request costs no evaluation, and a malformed one only its own parse.
 */
final class ApiHandler extends Handler.Abstract {

    /** The digests of the packs whose verdicts a response holds, in order, comma-separated. */
    static final String DIGESTS_HEADER = "Vfio-Compat-Pack-Digests";

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private static final Map<String, String> ROUTES = Map.of(
            "/v1/check", "POST", "/v1/rank", "POST", "/v1/packs", "GET", "/v1/status", "GET",
            "/health/live", "GET", "/health/ready", "GET", "/metrics", "GET");

    private final CompatibilityEngine engine;
    private final Fleet fleet;
    private final Tokens tokens;
    private final ServerLimits limits;
    private final Semaphore permits;
    private final ServerMetrics metrics;
    private final BooleanSupplier accepting;

    ApiHandler(CompatibilityEngine engine, Fleet fleet, Tokens tokens, ServerLimits limits, BooleanSupplier accepting) {
        this.engine = engine;
        this.fleet = fleet;
        this.tokens = tokens;
        this.limits = limits;
        this.permits = new Semaphore(limits.maxConcurrentRequests());
        this.accepting = accepting;
        this.metrics = new ServerMetrics(engine, this::inFlight);
    }

    /** API requests being served now. */
    int inFlight() {
        return limits.maxConcurrentRequests() - permits.availablePermits();
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
        String method = request.getMethod();
        String allowed = ROUTES.get(path);
        Answer answer;
        try {
            answer = answer(request, path, method, allowed);
        } catch (RequestProblem p) {
            answer = Answer.json(p.status(), JsonViews.error(error(p.status()), p.problems()));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, path, e);
            answer = Answer.json(500, JsonViews.error("internal error", List.of(new Problem(ProblemCodes.ENGINE_INTERNAL_ERROR,
                    Location.file("(server)"), "the server failed on this request; its log has the details"))));
        }
        response.setStatus(answer.status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType);
        answer.headers.forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(answer.body), callback);
        metrics.record(allowed == null ? "other" : path, allowed == null ? "other" : method, answer.status, System.nanoTime() - started);
        return true;
    }

    private Answer answer(Request request, String path, String method, String allowed) {
        if (path.startsWith("/health/") && allowed != null && allowed.equals(method)) {
            boolean up = path.equals("/health/live") || ready();
            return Answer.json(up ? 200 : 503, JsonViews.object().put("status", up ? "ok" : "not ready"));
        }
        if (tokens != null && !tokens.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            return Answer.json(401, JsonViews.error("unauthorized", List.of(new Problem("request.unauthorized",
                    Location.file("(request)"), "this server needs Authorization: Bearer <token>, with a token it knows"))))
                    .header(HttpHeader.WWW_AUTHENTICATE.asString(), "Bearer");
        }
        if (allowed == null) {
            return Answer.json(404, JsonViews.error("not found", List.of(new Problem("request.unknown-path",
                    Location.file("(request)"), "no endpoint " + path + " (see docs/server.md)"))));
        }
        if (!allowed.equals(method)) {
            return Answer.json(405, JsonViews.error("method not allowed", List.of(new Problem("request.method-not-allowed",
                    Location.file("(request)"), path + " takes " + allowed + ", not " + method)))).header("Allow", allowed);
        }
        if (path.equals("/metrics")) {
            return new Answer(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
        if (!permits.tryAcquire()) {
            return Answer.json(429, JsonViews.error("too many requests", List.of(new Problem("request.too-many-concurrent",
                    Location.file("(request)"), "the server is serving " + limits.maxConcurrentRequests()
                    + " requests already; try again")))).header("Retry-After", "1");
        }
        try {
            return switch (path) {
                case "/v1/check" -> check(ApiRequests.check(ApiRequests.parse(body(request)), fleet, limits.maxReferences()));
                case "/v1/rank" -> rank(ApiRequests.rank(ApiRequests.parse(body(request)), fleet));
                case "/v1/packs" -> Answer.json(200, JsonViews.packs(engine.packs()));
                case "/v1/status" -> Answer.json(200, JsonViews.status(engine.status(), ready()));
                default -> throw new IllegalStateException("a route without an answer: " + path);
            };
        } finally {
            permits.release();
        }
    }

    /** The body, at most the limit: a declared or actual length over it is a 413 without reading the rest. */
    private byte[] body(Request request) {
        long declared = request.getLength();
        if (declared > limits.maxBodyBytes()) {
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(limits.maxBodyBytes() + 1);
            if (body.length > limits.maxBodyBytes()) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw RequestProblem.at(400, ProblemCodes.JSON_SYNTAX, "", "the body could not be read: " + e.getMessage());
        }
    }

    private RequestProblem tooLarge() {
        return RequestProblem.at(413, RequestProblem.BODY_TOO_LARGE, "",
                "the body is larger than this server's limit of " + limits.maxBodyBytes() + " bytes");
    }

    private Answer check(ApiRequests.CheckRequest r) {
        if (r.byProfiles()) {
            Verdict v = engine.check(r.sourceProfile(), r.targetProfile());
            ObjectNode n = JsonViews.object();
            n.set("source", JsonViews.profile(r.sourceProfile()));
            n.set("target", JsonViews.profile(r.targetProfile()));
            n.set("verdict", JsonViews.verdict(v));
            return Answer.json(200, n).digests(List.of(v));
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (Candidate target : r.targets()) {
            verdicts.add(engine.check(r.source().profile(), target.profile()));
        }
        ObjectNode n = JsonViews.object();
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

    /** The shape of {@code vfio-compat rank --format json}. */
    private Answer rank(ApiRequests.RankRequest r) {
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

    private static String error(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 413 -> "request too large";
            case 422 -> "unknown reference";
            default -> "refused";
        };
    }

    /** One response: status, content type, extra headers, body. */
    private static final class Answer {
        final int status;
        final String contentType;
        final byte[] body;
        final Map<String, String> headers = new java.util.LinkedHashMap<>();

        Answer(int status, String contentType, byte[] body) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }

        static Answer json(int status, JsonNode node) {
            return new Answer(status, "application/json", JsonViews.bytes(node));
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
