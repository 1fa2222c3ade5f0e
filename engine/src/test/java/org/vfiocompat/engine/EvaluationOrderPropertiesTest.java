package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.vfiocompat.rules.DeviceProfile;

/**
 * A verdict depends only on (pack, source profile, target profile): not on which pairs a pooled
 * session judged before, in what order, nor on which other packs are loaded (issue 13, class 5;
 * the foundation of the verdict cache and of deterministic output). Both engines here run
 * without a verdict cache, so every check really runs the rules on a pooled session.
 */
class EvaluationOrderPropertiesTest {

    /** One pair the batch of the example fleet judges. */
    record Pair(DeviceProfile source, DeviceProfile target, CandidateKind kind) {
    }

    private static final Fleet FLEET = Fleet.load(ReferencePacks.locate("examples").resolve("fleet.json"));
    private static final List<Pair> PAIRS = pairs(FLEET);

    /** The reference packs alone, each pair judged once in fleet order by fresh sessions. */
    private static final CompatibilityEngine REFERENCE = CompatibilityEngine.builder().packs(ReferencePacks.DIR).cacheSize(0).build();
    private static final Map<Pair, Verdict> VERDICTS = verdicts(REFERENCE, PAIRS);
    private static final String BATCH = batch(REFERENCE);

    /**
     * The reference packs beside other packs that judge none of the fleet's types: one that
     * says LIVE to its own type, and the hostile pack that throws on every evaluation. Its
     * sessions are shared by every try, so each try runs on the history of all before it.
     */
    private static final CompatibilityEngine CROWDED = crowded();

    @Property(tries = 8)
    void anyOrderOfPairsGivesEveryPairTheSameVerdict(@ForAll long seed) {
        List<Pair> shuffled = new ArrayList<>(PAIRS);
        Collections.shuffle(shuffled, new Random(seed));
        for (Pair p : shuffled) {
            assertThat(CROWDED.check(p.source(), p.target(), p.kind())).as("%s after a shuffled history", p)
                    .isEqualTo(VERDICTS.get(p));
        }
        assertThat(batch(CROWDED)).as("batch output after a shuffled history").isEqualTo(BATCH);
    }

    private static List<Pair> pairs(Fleet fleet) {
        List<Pair> pairs = new ArrayList<>();
        for (FleetDevice d : fleet.assigned()) {
            for (Candidate c : fleet.candidatesElsewhere(d.host())) {
                Pair p = new Pair(d.profile(), c.profile(), c.kind());
                if (!pairs.contains(p)) {
                    pairs.add(p);
                }
            }
        }
        assertThat(pairs).as("the example fleet has pairs to judge").hasSizeGreaterThan(20);
        return List.copyOf(pairs);
    }

    private static Map<Pair, Verdict> verdicts(CompatibilityEngine engine, List<Pair> pairs) {
        Map<Pair, Verdict> out = new LinkedHashMap<>();
        for (Pair p : pairs) {
            out.put(p, engine.check(p.source(), p.target(), p.kind()));
        }
        return out;
    }

    /** The batch's results as text, one line per source device. */
    private static String batch(CompatibilityEngine engine) {
        List<SourceResult> results = new ArrayList<>();
        engine.batch(FLEET, 5, results::add);
        return results.stream().map(SourceResult::toString).collect(Collectors.joining("\n"));
    }

    private static CompatibilityEngine crowded() {
        try {
            Path dir = Files.createTempDirectory("evaluation-order-");
            Path other = TestPacks.sameTypeLive(dir, "other-vendor", "zz-other-", 7);
            Path throwing = HostileCorpusTest.corpusRoot().resolve("runtime-errors/throws-every-time");
            CompatibilityEngine engine = CompatibilityEngine.builder().packs(throwing, ReferencePacks.DIR, other).cacheSize(0).build();
            assertThat(engine.packs()).hasSizeGreaterThan(2);
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
