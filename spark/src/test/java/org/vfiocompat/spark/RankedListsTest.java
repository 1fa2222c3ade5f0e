package org.vfiocompat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A source profile's list merged pairwise by Spark, in whatever grouping and order the shuffle
 * delivers its pieces, is the first {@code keep} entries of all of them sorted at once in the
 * batch's order (level, score highest first, host, id).
 */
class RankedListsTest {

    @Property(tries = 300)
    void piecesMergedInAnyOrderAreTheFirstOfAllSortedAtOnce(
            @ForAll @IntRange(max = 40) int size, @ForAll @IntRange(min = 1, max = 8) int keep,
            @ForAll @IntRange(min = 1, max = 6) int pieces, @ForAll long seed) {
        Random random = new Random(seed);
        List<RankedLists.Entry> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            // Few distinct levels, scores and hosts, so that ties reach the later keys of the order.
            all.add(new RankedLists.Entry(random.nextInt(3), random.nextInt(3) * 10, "h" + random.nextInt(4),
                    "d" + i, "g" + random.nextInt(2), random.nextInt(3), "LIVE"));
        }
        List<ArrayList<RankedLists.Entry>> split = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            split.add(new ArrayList<>());
        }
        for (RankedLists.Entry e : all) {
            split.get(random.nextInt(pieces)).add(e);
        }
        // Each piece arrives already cut to keep, as the map side's own merges leave it.
        for (int p = 0; p < pieces; p++) {
            split.set(p, RankedLists.first(split.get(p), new ArrayList<>(), keep));
        }
        Collections.shuffle(split, random);
        ArrayList<RankedLists.Entry> merged = split.get(0);
        for (int p = 1; p < pieces; p++) {
            merged = random.nextBoolean() ? RankedLists.first(merged, split.get(p), keep) : RankedLists.first(split.get(p), merged, keep);
        }

        List<RankedLists.Entry> expected = all.stream().sorted(RankedLists.ORDER).limit(keep).toList();
        assertThat(merged).containsExactlyElementsOf(expected);
    }

    @Property(tries = 100)
    void theOrderIsLevelThenScoreHighestFirstThenHostThenId(@ForAll @IntRange(max = 5) int level, @ForAll @IntRange(max = 100) int score) {
        RankedLists.Entry base = new RankedLists.Entry(level, score, "h1", "d1", "g", 1, "LIVE");
        assertThat(RankedLists.ORDER.compare(base, new RankedLists.Entry(level + 1, score + 50, "h0", "d0", "g", 1, "LIVE"))).isNegative();
        assertThat(RankedLists.ORDER.compare(base, new RankedLists.Entry(level, score + 1, "h0", "d0", "g", 1, "LIVE"))).isPositive();
        assertThat(RankedLists.ORDER.compare(base, new RankedLists.Entry(level, score, "h2", "d0", "g", 1, "LIVE"))).isNegative();
        assertThat(RankedLists.ORDER.compare(base, new RankedLists.Entry(level, score, "h1", "d0", "g", 1, "LIVE"))).isPositive();
    }
}
