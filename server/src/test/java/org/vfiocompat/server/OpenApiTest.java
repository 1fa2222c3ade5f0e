package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vfiocompat.json.JsonViews;

/**
 * The checked-in OpenAPI document and the server's routing table ({@link Route#ALL}, which the
 * handler dispatches by and checks every answer's status against) describe the same API: every
 * path, method and status in one is in the other, and the document is what the server serves.
 */
class OpenApiTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private static JsonNode document() throws IOException {
        return JsonViews.MAPPER.readTree(OpenApi.document());
    }

    @Test
    void everyRouteMethodAndStatusIsDocumentedAndNothingElse() throws IOException {
        JsonNode doc = document();
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                assertThat(METHODS).as("a method of %s", path.getKey()).contains(op.getKey());
                op.getValue().get("responses").fieldNames().forEachRemaining(status ->
                        documented.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey() + " " + status));
            }
        }
        Set<String> served = new TreeSet<>();
        for (Route r : Route.ALL) {
            r.statuses().forEach(s -> served.add(r.method() + " " + r.path() + " " + s));
        }
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void everyReferenceResolvesAndEveryOperationHasAnId() throws IOException {
        JsonNode doc = document();
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
        Set<String> ids = new TreeSet<>();
        doc.get("paths").forEach(path -> path.forEach(op -> assertThat(ids.add(op.get("operationId").asText())).isTrue()));
        assertThat(ids).hasSize(Route.ALL.size());
    }

    @Test
    void theServerServesTheCheckedInDocument() {
        try (VfioCompatServer server = TestServers.builder().build().start()) {
            HttpResponse<String> r = TestServers.get(server, "/v1/openapi.json");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(r.body()).isEqualTo(new String(OpenApi.document(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static void collectRefs(JsonNode n, List<String> refs) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (n.isArray()) {
            n.forEach(x -> collectRefs(x, refs));
        }
    }
}
