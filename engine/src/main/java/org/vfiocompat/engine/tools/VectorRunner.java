package org.vfiocompat.engine.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.Ranking;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.VectorResult;
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.engine.json.ProfileJson;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Runs a pack's test vectors through the engine as a user would meet them: routing included,
 * so a vector also pins which pack decides. A platform pack owns no type, so its pair vectors
 * pin its own verdict: what it adds to any owning pack's (LIVE without rules: it says nothing).
 */
final class VectorRunner {

    /** How the runner asks the engine; {@code check} and {@code rank} of the engine under test. */
    public interface EngineUnderTest {
        Verdict check(DeviceProfile source, DeviceProfile target);

        /** A platform pack's own verdict on the pair, enabled or not (LIVE without rules: it said nothing). */
        Verdict checkPlatform(LoadedPack pack, DeviceProfile source, DeviceProfile target);

        Ranking rank(DeviceProfile source, List<Candidate> candidates);
    }

    private VectorRunner() {
    }

    /**
     * Every vector of every test file of {@code pack}.
     *
     * @throws InvalidPackException when a vector file cannot be read, naming file and JSON pointer
     */
    public static List<VectorResult> run(LoadedPack pack, EngineUnderTest engine) {
        List<VectorResult> results = new ArrayList<>();
        for (String rel : pack.tests()) {
            for (VectorFileJson.VectorJson v : read(pack, rel)) {
                results.add(v.target() == null ? runOrder(pack, rel, v, engine)
                        : runPair(pack, rel, v, pack.isPlatform() ? (s, t) -> engine.checkPlatform(pack, s, t) : engine::check));
            }
        }
        return results;
    }

    /** Every problem of every test file of {@code pack}, found without running a vector. */
    public static List<Problem> check(LoadedPack pack) {
        List<Problem> problems = new ArrayList<>();
        for (String rel : pack.tests()) {
            try {
                read(pack, rel);
            } catch (InvalidPackException e) {
                problems.addAll(e.problems());
            }
        }
        return problems;
    }

    /** The vectors of one test file, read and checked, or an exception naming every problem. */
    private static List<VectorFileJson.VectorJson> read(LoadedPack pack, String rel) {
        String display = pack.id() + "/" + rel;
        byte[] bytes = pack.files().bytes(rel).orElseThrow(() -> new InvalidPackException(
                List.of(new Problem(ProblemCodes.FILE_NOT_FOUND, Location.file(display), "does not exist in the pack"))));
        VectorFileJson json = JsonInput.read(bytes, display, VectorFileJson.class, InvalidPackException::new);
        List<Problem> problems = new ArrayList<>();
        List<VectorFileJson.VectorJson> vectors = json.vectors() == null ? List.of() : json.vectors();
        for (int i = 0; i < vectors.size(); i++) {
            check(vectors.get(i), display, "/vectors/" + i, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidPackException(problems);
        }
        return vectors;
    }

    private static void check(VectorFileJson.VectorJson v, String file, String at, List<Problem> problems) {
        if (v == null) {
            problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at), "a vector must be an object, not null"));
            return;
        }
        if (v.source() == null || v.name() == null) {
            problems.add(new Problem(ProblemCodes.PACK_VECTOR_INVALID, Location.pointer(file, at + (v.name() == null ? "/name" : "/source")), "must not be null"));
            return;
        }
        problems.addAll(v.source().check(file, at + "/source"));
        boolean pair = v.target() != null || v.expect() != null;
        boolean order = v.targets() != null || v.expectOrder() != null;
        if (pair == order) {
            problems.add(new Problem(ProblemCodes.PACK_VECTOR_INVALID, Location.pointer(file, at), "a vector has either 'target' and 'expect' or 'targets' and 'expectOrder'"));
            return;
        }
        if (pair) {
            if (v.target() == null || v.expect() == null) {
                problems.add(new Problem(ProblemCodes.PACK_VECTOR_INVALID, Location.pointer(file, at), "a pair vector needs both 'target' and 'expect'"));
            } else {
                problems.addAll(v.target().check(file, at + "/target"));
            }
            return;
        }
        if (v.targets() == null || v.expectOrder() == null) {
            problems.add(new Problem(ProblemCodes.PACK_VECTOR_INVALID, Location.pointer(file, at), "an order vector needs both 'targets' and 'expectOrder'"));
            return;
        }
        v.targets().forEach((name, p) -> {
            if (p == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at + "/targets/" + name), "must be a profile, not null"));
            } else {
                problems.addAll(p.check(file, at + "/targets/" + name));
            }
        });
        for (int i = 0; i < v.expectOrder().size(); i++) {
            if (!v.targets().containsKey(v.expectOrder().get(i))) {
                problems.add(new Problem(ProblemCodes.PACK_VECTOR_INVALID, Location.pointer(file, at + "/expectOrder/" + i), "'" + v.expectOrder().get(i)
                        + "' is not one of the vector's targets"));
            }
        }
    }

    private static VectorResult runPair(LoadedPack pack, String file, VectorFileJson.VectorJson v,
                                        BiFunction<DeviceProfile, DeviceProfile, Verdict> check) {
        VectorFileJson.ExpectJson e = v.expect();
        Verdict actual = check.apply(v.source().toProfile(), v.target().toProfile());
        List<String> mismatches = new ArrayList<>();
        if (actual.level() != e.level()) {
            mismatches.add("level");
        }
        if (e.limit() != null && actual.limit().orElse(null) != e.limit()) {
            mismatches.add("limit");
        }
        if (e.score() != null && actual.score() != e.score()) {
            mismatches.add("score");
        }
        if (e.reasonContains() != null && !actual.reason().contains(e.reasonContains())) {
            mismatches.add("reason");
        }
        if (e.rules() != null && !e.rules().equals(actual.rules())) {
            mismatches.add("rules");
        }
        String expected = e.level() + (e.limit() == null ? "" : "/" + e.limit())
                + (e.score() == null ? "" : " score " + e.score())
                + (e.reasonContains() == null ? "" : " reason containing '" + e.reasonContains() + "'")
                + (e.rules() == null ? "" : " decided by " + e.rules());
        String got = actual.level() + actual.limit().map(l -> "/" + l).orElse("") + " score " + actual.score()
                + " '" + actual.reason() + "' decided by " + actual.rules()
                + (mismatches.isEmpty() ? "" : " (differs in " + String.join(", ", mismatches) + ")");
        return new VectorResult(pack.id(), file, v.name(), mismatches.isEmpty(), expected, got, actual.firedRules());
    }

    private static VectorResult runOrder(LoadedPack pack, String file, VectorFileJson.VectorJson v, EngineUnderTest engine) {
        // The vector's target names stand in for host and id, so ties fall back to name order.
        Map<String, ProfileJson> targets = new LinkedHashMap<>(v.targets());
        List<Candidate> candidates = new ArrayList<>();
        targets.forEach((name, p) -> candidates.add(Candidate.existing("vector", name, p.toProfile())));
        Ranking ranking = engine.rank(v.source().toProfile(), candidates);
        List<String> order = new ArrayList<>();
        for (RankedTarget r : ranking.compatible()) {
            order.add(r.candidate().id());
        }
        boolean passed = order.equals(v.expectOrder());
        // Every rule that fired for any of the targets, each once, best-ranked target first.
        java.util.Set<String> fired = new java.util.LinkedHashSet<>();
        ranking.compatible().forEach(r -> fired.addAll(r.verdict().firedRules()));
        ranking.refused().forEach(r -> fired.addAll(r.verdict().firedRules()));
        return new VectorResult(pack.id(), file, v.name(), passed, "compatible in order " + v.expectOrder(),
                "compatible in order " + order, List.copyOf(fired));
    }
}
