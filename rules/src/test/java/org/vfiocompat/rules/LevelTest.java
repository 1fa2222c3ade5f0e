package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class LevelTest {

    @Test
    void onlyLiveAndColdAreCompatible() {
        assertThat(Level.LIVE.isCompatible()).isTrue();
        assertThat(Level.COLD.isCompatible()).isTrue();
        assertThat(Level.NONE.isCompatible()).isFalse();
        assertThat(Level.UNKNOWN.isCompatible()).isFalse();
    }

    @Test
    void orderedFromBestToWorst() {
        // The engine combines findings with "most severe wins" and ranks targets by this order.
        assertThat(Level.LIVE).isLessThan(Level.COLD);
        assertThat(Level.COLD).isLessThan(Level.NONE);
        assertThat(Level.NONE).isLessThan(Level.UNKNOWN);
        assertThat(Level.values()).containsExactly(Level.LIVE, Level.COLD, Level.NONE, Level.UNKNOWN);
    }

    @Test
    void maxIsTheMostSevere() {
        List<Level> levels = new ArrayList<>(List.of(Level.COLD, Level.LIVE, Level.NONE, Level.LIVE));
        assertThat(Collections.max(levels)).isEqualTo(Level.NONE);
        levels.add(Level.UNKNOWN);
        assertThat(Collections.max(levels)).isEqualTo(Level.UNKNOWN);
        assertThat(Collections.min(levels)).isEqualTo(Level.LIVE);
    }

    @Test
    void compatibleLevelsAreExactlyThoseBetterThanNone() {
        for (Level level : Level.values()) {
            assertThat(level.isCompatible()).as(level.name()).isEqualTo(level.compareTo(Level.NONE) < 0);
        }
        assertThat(EnumSet.allOf(Level.class)).hasSize(4);
    }

    @Test
    void limitsAreTheDocumentedSet() {
        assertThat(Limit.values()).containsExactly(
                Limit.TYPE, Limit.DEVICE, Limit.HOST_DRIVER, Limit.GUEST_DRIVER, Limit.CAPACITY, Limit.OTHER, Limit.PLATFORM);
        assertThat(DeviceKind.values()).containsExactly(DeviceKind.MDEV, DeviceKind.PHYS);
    }
}
