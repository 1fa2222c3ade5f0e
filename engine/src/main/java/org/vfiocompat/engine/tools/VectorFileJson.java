package org.vfiocompat.engine.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.json.ProfileJson;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * A pack's test-vector file (see docs/pack-authoring.md). Two kinds of vector:
 * a pair ({@code source}, {@code target}, {@code expect}) pins one verdict; an order
 * ({@code source}, {@code targets}, {@code expectOrder}) pins how compatible targets rank.
 */
record VectorFileJson(@JsonProperty(value = "vectors", required = true) List<VectorJson> vectors) {

    record VectorJson(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "source", required = true) ProfileJson source,
            @JsonProperty("target") ProfileJson target,
            @JsonProperty("expect") ExpectJson expect,
            @JsonProperty("targets") Map<String, ProfileJson> targets,
            @JsonProperty("expectOrder") List<String> expectOrder) {
    }

    /**
     * What a pair vector expects. Only {@code level} is required; every other field that is
     * present must match.
     */
    record ExpectJson(
            @JsonProperty(value = "level", required = true) Level level,
            @JsonProperty("limit") Limit limit,
            @JsonProperty("score") Integer score,
            @JsonProperty("reasonContains") String reasonContains,
            @JsonProperty("rules") List<String> rules) {
    }
}
