package org.vfiocompat.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.InputException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.Profiles;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Reads the bodies of {@code POST /v1/check}, {@code /v1/explain}, {@code /v1/rank}, {@code /v1/place} and {@code /v1/drain} strictly: a syntax error
 * with its line and column, and every unknown field, missing field and wrong type with its JSON
 * pointer, all in one answer (400); references that name nothing in the inventory after that (422).
 * A VM or host a plan names that the inventory does not have is a 400 at its pointer, as the
 * CLI's {@code place}/{@code drain} refuse it as bad input.
 */
final class ApiRequests {

    /** One check: two references into the inventory (or one source and a list of targets), or two inline profiles. */
    record CheckRequest(FleetDevice source, List<Candidate> targets, boolean targetList,
                        DeviceProfile sourceProfile, DeviceProfile targetProfile) {

        boolean byProfiles() {
            return source == null;
        }
    }

    /** One ranking: the device that would move, at most {@code top} compatible targets (0: all), and whether to list the refused. */
    record RankRequest(FleetDevice device, int top, boolean all) {
    }

    private static final ObjectMapper READER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Set<String> CHECK_FIELDS = Set.of("source", "target", "targets", "sourceProfile", "targetProfile");
    private static final Set<String> EXPLAIN_FIELDS = Set.of("source", "target", "sourceProfile", "targetProfile");
    private static final Set<String> RANK_FIELDS = Set.of("device", "top", "all");
    private static final Set<String> PLACE_FIELDS = Set.of("vm", "top", "all");
    private static final Set<String> DRAIN_FIELDS = Set.of("hosts");

    private ApiRequests() {
    }

    /** The body as a JSON object; anything else is a 400 with the place it went wrong. */
    static JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Location where = at == null || at.getLineNr() < 1 ? Location.file(RequestProblem.BODY)
                    : Location.line(RequestProblem.BODY, at.getLineNr(), Math.max(1, at.getColumnNr()));
            throw new RequestProblem(400, List.of(new Problem(ProblemCodes.JSON_SYNTAX, where, e.getOriginalMessage())));
        } catch (IOException e) {
            throw RequestProblem.at(400, ProblemCodes.JSON_SYNTAX, "", "unreadable body: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw RequestProblem.at(400, ProblemCodes.JSON_SYNTAX, "", "the body is empty; a JSON object is expected");
        }
        if (!root.isObject()) {
            throw RequestProblem.at(400, ProblemCodes.JSON_WRONG_TYPE, "", "a JSON object is expected, got " + type(root));
        }
        return root;
    }

    static CheckRequest check(JsonNode root, Fleet fleet, int maxReferences) {
        return pair(root, fleet, maxReferences, CHECK_FIELDS);
    }

    /** As a check, with one target only: two references, or two inline profiles. */
    static CheckRequest explain(JsonNode root, Fleet fleet) {
        return pair(root, fleet, 2, EXPLAIN_FIELDS);
    }

    /**
     * The {@code top} query parameter of {@code POST /v1/batch} (default 10, as the CLI's), every
     * other parameter refused.
     */
    static int batchTop(org.eclipse.jetty.util.Fields query) {
        List<Problem> problems = new ArrayList<>();
        int top = 10;
        for (org.eclipse.jetty.util.Fields.Field f : query) {
            if (!f.getName().equals("top")) {
                problems.add(new Problem(ProblemCodes.JSON_UNKNOWN_FIELD, Location.part(RequestProblem.BODY, "?" + f.getName()),
                        "unknown query parameter '" + f.getName() + "' (known: top)"));
                continue;
            }
            String value = f.getValue();
            try {
                top = Integer.parseInt(value);
                if (top < 1 || f.getValues().size() > 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add(new Problem(RequestProblem.INVALID_VALUE, Location.part(RequestProblem.BODY, "?top"),
                        "top must be one whole number of at least 1, got '" + String.join(",", f.getValues()) + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new RequestProblem(400, problems);
        }
        return top;
    }

    private static CheckRequest pair(JsonNode root, Fleet fleet, int maxReferences, Set<String> fields) {
        List<Problem> problems = new ArrayList<>();
        unknownFields(root, fields, problems);
        boolean refs = root.has("source") || root.has("target") || root.has("targets");
        boolean profiles = root.has("sourceProfile") || root.has("targetProfile");
        if (refs && profiles) {
            problems.add(problem(RequestProblem.INVALID_VALUE, "",
                    "give either source and target (references) or sourceProfile and targetProfile, not both"));
            throw new RequestProblem(400, problems);
        }
        if (profiles) {
            DeviceProfile s = profile(root, "sourceProfile", problems);
            DeviceProfile t = profile(root, "targetProfile", problems);
            if (!problems.isEmpty()) {
                throw new RequestProblem(400, problems);
            }
            return new CheckRequest(null, List.of(), false, s, t);
        }
        String source = string(root, "source", true, problems);
        List<String> targetRefs = new ArrayList<>();
        boolean targetList = root.has("targets");
        if (targetList && root.has("target")) {
            problems.add(problem(RequestProblem.INVALID_VALUE, "", "give target or targets, not both"));
        } else if (targetList) {
            JsonNode list = root.get("targets");
            if (!list.isArray()) {
                problems.add(problem(ProblemCodes.JSON_WRONG_TYPE, "/targets", "an array of references is expected, got " + type(list)));
            } else if (list.isEmpty()) {
                problems.add(problem(RequestProblem.INVALID_VALUE, "/targets", "at least one target is needed"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i).isTextual()) {
                        targetRefs.add(list.get(i).asText());
                    } else {
                        problems.add(problem(ProblemCodes.JSON_WRONG_TYPE, "/targets/" + i,
                                "a reference (host/deviceId or host/parentId/type) is expected, got " + type(list.get(i))));
                    }
                }
            }
        } else {
            String target = string(root, "target", true, problems);
            if (target != null) {
                targetRefs.add(target);
            }
        }
        if (root.has("targets") && root.get("targets").isArray() && 1 + root.get("targets").size() > maxReferences) {
            problems.add(problem(RequestProblem.TOO_MANY_REFERENCES, "/targets", "at most " + maxReferences
                    + " references a request (source and targets together), got " + (1 + root.get("targets").size())));
        }
        if (!problems.isEmpty()) {
            throw new RequestProblem(400, problems);
        }
        FleetDevice src = resolve(fleet, source, "/source", fleet::device, "device", problems);
        List<Candidate> targets = new ArrayList<>();
        for (int i = 0; i < targetRefs.size(); i++) {
            Candidate c = resolve(fleet, targetRefs.get(i), targetList ? "/targets/" + i : "/target", fleet::candidate,
                    "device or creatable type", problems);
            targets.add(c);
        }
        if (!problems.isEmpty()) {
            throw new RequestProblem(422, problems);
        }
        return new CheckRequest(src, List.copyOf(targets), targetList, null, null);
    }

    static RankRequest rank(JsonNode root, Fleet fleet) {
        List<Problem> problems = new ArrayList<>();
        unknownFields(root, RANK_FIELDS, problems);
        String device = string(root, "device", true, problems);
        int top = top(root, problems);
        boolean all = all(root, problems);
        if (!problems.isEmpty()) {
            throw new RequestProblem(400, problems);
        }
        FleetDevice src = resolve(fleet, device, "/device", fleet::device, "device", problems);
        if (!problems.isEmpty()) {
            throw new RequestProblem(422, problems);
        }
        return new RankRequest(src, top, all);
    }

    /** {@code POST /v1/place}: the VM ({@code host/vm}), at most {@code top} hosts (0: all), and whether to list the refused. */
    record PlaceRequest(String vm, int top, boolean all) {
    }

    /** {@code POST /v1/drain}: the hosts to drain together, each in the inventory. */
    record DrainRequest(List<String> hosts) {
    }

    static PlaceRequest place(JsonNode root) {
        List<Problem> problems = new ArrayList<>();
        unknownFields(root, PLACE_FIELDS, problems);
        JsonNode vm = root.get("vm");
        if (vm == null) {
            problems.add(problem(ProblemCodes.JSON_MISSING_FIELD, "/vm", "missing vm"));
        } else if (!vm.isTextual()) {
            problems.add(problem(ProblemCodes.JSON_WRONG_TYPE, "/vm", "a VM (host/vm, as the inventory's assignedTo names it) is expected, got "
                    + type(vm)));
        }
        int top = top(root, problems);
        boolean all = all(root, problems);
        if (!problems.isEmpty()) {
            throw new RequestProblem(400, problems);
        }
        return new PlaceRequest(vm.asText(), top, all);
    }

    /** The hosts, every one a host of {@code fleet} (an unknown one is a 400 at its pointer), at most {@code maxReferences}. */
    static DrainRequest drain(JsonNode root, Fleet fleet, int maxReferences) {
        List<Problem> problems = new ArrayList<>();
        unknownFields(root, DRAIN_FIELDS, problems);
        JsonNode list = root.get("hosts");
        List<String> hosts = new ArrayList<>();
        if (list == null) {
            problems.add(problem(ProblemCodes.JSON_MISSING_FIELD, "/hosts", "missing hosts"));
        } else if (!list.isArray()) {
            problems.add(problem(ProblemCodes.JSON_WRONG_TYPE, "/hosts", "an array of host names is expected, got " + type(list)));
        } else if (list.isEmpty()) {
            problems.add(problem(RequestProblem.INVALID_VALUE, "/hosts", "name at least one host to drain"));
        } else if (list.size() > maxReferences) {
            problems.add(problem(RequestProblem.TOO_MANY_REFERENCES, "/hosts", "at most " + maxReferences
                    + " hosts a request, got " + list.size()));
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode h = list.get(i);
                if (!h.isTextual()) {
                    problems.add(problem(ProblemCodes.JSON_WRONG_TYPE, "/hosts/" + i, "a host name is expected, got " + type(h)));
                } else if (!fleet.hosts().contains(h.asText())) {
                    problems.add(problem(ProblemCodes.PLAN_UNKNOWN_HOST, "/hosts/" + i, fleet.name() + ": no host '" + h.asText() + "'"));
                } else {
                    hosts.add(h.asText());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RequestProblem(400, problems);
        }
        return new DrainRequest(List.copyOf(hosts));
    }

    /** The optional {@code top}: a whole number of at least 1; 0 when absent (all). */
    private static int top(JsonNode root, List<Problem> problems) {
        if (!root.has("top")) {
            return 0;
        }
        JsonNode n = root.get("top");
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            problems.add(problem(ProblemCodes.JSON_WRONG_TYPE, "/top", "a whole number is expected, got " + type(n)));
        } else if (n.asInt() < 1) {
            problems.add(problem(RequestProblem.INVALID_VALUE, "/top", "top must be at least 1, got " + n.asInt()));
        } else {
            return n.asInt();
        }
        return 0;
    }

    /** The optional {@code all}: true or false; false when absent. */
    private static boolean all(JsonNode root, List<Problem> problems) {
        if (!root.has("all")) {
            return false;
        }
        JsonNode n = root.get("all");
        if (!n.isBoolean()) {
            problems.add(problem(ProblemCodes.JSON_WRONG_TYPE, "/all", "true or false is expected, got " + type(n)));
            return false;
        }
        return n.asBoolean();
    }

    /**
     * A planner's refusal as a refusal of this request: each problem located at the request's
     * member that named what the planner refused ({@code pointer}), with the planner's code and message.
     */
    static RequestProblem planningRefused(InputException e, String pointer) {
        return new RequestProblem(400, e.problems().stream().map(p -> problem(p.code(), pointer, p.message())).toList());
    }

    private static <T> T resolve(Fleet fleet, String ref, String pointer, Function<String, Optional<T>> lookup, String what,
                                 List<Problem> problems) {
        Optional<T> found = lookup.apply(ref);
        if (found.isEmpty()) {
            problems.add(problem(RequestProblem.UNKNOWN_REFERENCE, pointer, fleet.name() + ": no " + what + " '" + ref + "'"
                    + (ref.indexOf('/') < 0 ? " (references are host/deviceId, or host/parentId/type for a creatable mdev)"
                    : fleet.hosts().contains(ref.substring(0, ref.indexOf('/'))) ? ""
                    : " (no host '" + ref.substring(0, ref.indexOf('/')) + "' in the inventory)")));
            return null;
        }
        return found.get();
    }

    private static DeviceProfile profile(JsonNode root, String field, List<Problem> problems) {
        JsonNode n = root.get(field);
        if (n == null) {
            problems.add(problem(ProblemCodes.JSON_MISSING_FIELD, "/" + field, "missing " + field));
            return null;
        }
        if (!n.isObject()) {
            problems.add(problem(ProblemCodes.JSON_WRONG_TYPE, "/" + field, "a profile object is expected, got " + type(n)));
            return null;
        }
        try {
            return Profiles.read(n.toString(), RequestProblem.BODY);
        } catch (InputException e) {
            for (Problem p : e.problems()) {
                Location at = Location.pointer(RequestProblem.BODY, "/" + field + p.location().pointer().orElse(""));
                problems.add(new Problem(p.code(), at, p.message()));
            }
            return null;
        }
    }

    private static String string(JsonNode root, String field, boolean required, List<Problem> problems) {
        JsonNode n = root.get(field);
        if (n == null) {
            if (required) {
                problems.add(problem(ProblemCodes.JSON_MISSING_FIELD, "/" + field, "missing " + field));
            }
            return null;
        }
        if (!n.isTextual()) {
            problems.add(problem(ProblemCodes.JSON_WRONG_TYPE, "/" + field,
                    "a reference (host/deviceId) is expected, got " + type(n)));
            return null;
        }
        return n.asText();
    }

    private static void unknownFields(JsonNode root, Set<String> known, List<Problem> problems) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(problem(ProblemCodes.JSON_UNKNOWN_FIELD, "/" + escape(name), "unknown field '" + name
                        + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")"));
            }
        }
    }

    private static Problem problem(String code, String pointer, String message) {
        return new Problem(code, Location.pointer(RequestProblem.BODY, pointer), message);
    }

    /** RFC 6901: {@code ~} and {@code /} in a member name. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static String type(JsonNode n) {
        return n.isNull() ? "null" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
