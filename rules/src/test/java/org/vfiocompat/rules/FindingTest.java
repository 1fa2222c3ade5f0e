package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FindingTest {

    private static final int MAX = Finding.MAX_REASON_LENGTH;

    @Test
    void factoriesSetLevelLimitScoreReason() {
        Finding live = Finding.live(90, "same type");
        assertThat(live.getLevel()).isEqualTo(Level.LIVE);
        assertThat(live.getLimit()).isNull();
        assertThat(live.getScore()).isEqualTo(90);
        assertThat(live.getReason()).isEqualTo("same type");

        Finding cold = Finding.cold(Limit.HOST_DRIVER, 10, "newer major");
        assertThat(cold.getLevel()).isEqualTo(Level.COLD);
        assertThat(cold.getLimit()).isEqualTo(Limit.HOST_DRIVER);
        assertThat(cold.getScore()).isEqualTo(10);
        assertThat(cold.getReason()).isEqualTo("newer major");

        Finding none = Finding.none(Limit.DEVICE, "device not matched");
        assertThat(none.getLevel()).isEqualTo(Level.NONE);
        assertThat(none.getLimit()).isEqualTo(Limit.DEVICE);
        assertThat(none.getScore()).isZero();
        assertThat(none.getReason()).isEqualTo("device not matched");
    }

    @Test
    void coldAndNoneRequireALimit() {
        assertThatNullPointerException().isThrownBy(() -> Finding.cold(null, 1, "r")).withMessageContaining("limit");
        assertThatNullPointerException().isThrownBy(() -> Finding.none(null, "r")).withMessageContaining("limit");
    }

    @Test
    void reasonIsRequired() {
        assertThatNullPointerException().isThrownBy(() -> Finding.live(1, null)).withMessageContaining("reason");
        assertThatNullPointerException().isThrownBy(() -> Finding.cold(Limit.TYPE, 1, null));
        assertThatNullPointerException().isThrownBy(() -> Finding.none(Limit.TYPE, null));
    }

    @Test
    void reasonAtTheLimitIsKept() {
        String exact = "r".repeat(MAX);
        assertThat(Finding.live(1, exact).getReason()).isEqualTo(exact);
        assertThat(Finding.live(1, "").getReason()).isEmpty();
    }

    @Test
    void longerReasonsAreCutToTheLimitWithAnEllipsis() {
        String reason = "0123456789".repeat(100);
        for (Finding f : new Finding[] {
                Finding.live(1, reason), Finding.cold(Limit.OTHER, 1, reason), Finding.none(Limit.OTHER, reason)}) {
            assertThat(f.getReason()).hasSize(MAX)
                    .endsWith("\u2026")
                    .startsWith(reason.substring(0, MAX - 1));
        }
        assertThat(Finding.live(1, "x".repeat(MAX + 1)).getReason()).isEqualTo("x".repeat(MAX - 1) + "\u2026");
    }

    @Property
    void reasonsAreCappedPrefixes(@ForAll @StringLength(max = 600) String reason) {
        String kept = Finding.live(0, reason).getReason();
        assertThat(kept.length()).isLessThanOrEqualTo(MAX);
        if (reason.length() <= MAX) {
            assertThat(kept).isEqualTo(reason);
        } else {
            assertThat(kept).hasSize(MAX).endsWith("\u2026");
            assertThat(reason).startsWith(kept.substring(0, MAX - 1));
        }
    }

    @Test
    void scoresAreClamped() {
        assertThat(Finding.live(-1, "r").getScore()).isZero();
        assertThat(Finding.live(Integer.MIN_VALUE, "r").getScore()).isZero();
        assertThat(Finding.live(Finding.MAX_SCORE, "r").getScore()).isEqualTo(Finding.MAX_SCORE);
        assertThat(Finding.live(Finding.MAX_SCORE + 1, "r").getScore()).isEqualTo(Finding.MAX_SCORE);
        assertThat(Finding.cold(Limit.TYPE, Integer.MAX_VALUE, "r").getScore()).isEqualTo(Finding.MAX_SCORE);
        assertThat(Finding.cold(Limit.TYPE, -5, "r").getScore()).isZero();
    }

    @Property
    void scoreIsClampedToRange(@ForAll int score) {
        int expected = Math.max(0, Math.min(Finding.MAX_SCORE, score));
        assertThat(Finding.live(score, "r").getScore()).isEqualTo(expected);
        assertThat(Finding.cold(Limit.CAPACITY, score, "r").getScore()).isEqualTo(expected);
    }

    @Test
    void equalsAndHashCode() {
        Finding a = Finding.cold(Limit.TYPE, 10, "why");
        Finding b = Finding.cold(Limit.TYPE, 10, "why");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isEqualTo(a);
        assertThat(a).isNotEqualTo(Finding.cold(Limit.DEVICE, 10, "why"));
        assertThat(a).isNotEqualTo(Finding.cold(Limit.TYPE, 11, "why"));
        assertThat(a).isNotEqualTo(Finding.cold(Limit.TYPE, 10, "why not"));
        assertThat(a).isNotEqualTo(Finding.none(Limit.TYPE, "why"));
        assertThat(Finding.live(10, "why")).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(null).isNotEqualTo("why");
        // Clamping happens before comparison.
        assertThat(Finding.live(5000, "r")).isEqualTo(Finding.live(Finding.MAX_SCORE, "r"));
        assertThat(Finding.live(-3, "r")).isEqualTo(Finding.live(0, "r"));
        // So does capping.
        String longReason = "y".repeat(MAX * 2);
        assertThat(Finding.live(1, longReason)).isEqualTo(Finding.live(1, longReason + "different tail"))
                .hasSameHashCodeAs(Finding.live(1, longReason + "different tail"));
    }

    @ParameterizedTest
    @EnumSource(Limit.class)
    void toStringNamesLevelLimitAndReason(Limit limit) {
        assertThat(Finding.none(limit, "because").toString())
                .contains("NONE", limit.name(), "because");
        assertThat(Finding.live(3, "ok").toString()).contains("LIVE", "score=3", "ok").doesNotContain("null");
    }
}
