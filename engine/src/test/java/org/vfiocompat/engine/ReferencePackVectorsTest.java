package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every test vector of every reference pack passes: the packs' own tests run in {@code mvn verify}. */
class ReferencePackVectorsTest {

    @TestFactory
    Stream<DynamicTest> everyVectorOfEveryReferencePackPasses() {
        List<VectorResult> results = PackTools.test(ReferencePacks.engine()).vectors();
        return results.stream().map(r -> DynamicTest.dynamicTest(r.packId() + " / " + r.name(), () ->
                assertThat(r.passed())
                        .as("%s %s: expected %s, got %s (fired %s)", r.packId(), r.name(), r.expected(), r.actual(), r.rules())
                        .isTrue()));
    }

    @Test
    void everyReferencePackHasVectors() {
        List<VectorResult> results = PackTools.test(ReferencePacks.engine()).vectors();
        for (PackInfo pack : ReferencePacks.engine().packs()) {
            assertThat(results).as("vectors of pack %s", pack.id()).anyMatch(r -> r.packId().equals(pack.id()));
        }
    }
}
