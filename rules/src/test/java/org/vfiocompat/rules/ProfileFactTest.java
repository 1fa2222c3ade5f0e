package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProfileFactTest {

    private static final DeviceProfile MDEV = DeviceProfileTest.gvtg();
    private static final DeviceProfile PHYS = DeviceProfile.builder(DeviceKind.PHYS)
            .deviceApi("vfio-pci")
            .migrationType("mlx5_vfio_pci:15b3:101e")
            .migrationVersion("22.39.1002")
            .attribute("empty", "")
            .build();

    @Test
    void factsExposeTheProfile() {
        Source s = new Source(MDEV);
        assertThat(s.getProfile()).isSameAs(MDEV);
        assertThat(s.getKind()).isEqualTo(DeviceKind.MDEV);
        assertThat(s.getDeviceApi()).isEqualTo("vfio-pci");
        assertThat(s.getMigrationType()).isEqualTo("i915-GVTg_V5_4");
        assertThat(s.getMigrationVersion()).isEqualTo("8086-591d-i915-GVTg_V5_4-2.1.0");
        assertThat(s.getAttributes()).isEqualTo(MDEV.getAttributes());
        assertThat(s.getParentModel()).isEqualTo("HD Graphics 630");

        Target t = new Target(PHYS);
        assertThat(t.getProfile()).isSameAs(PHYS);
        assertThat(t.getMigrationType()).isEqualTo("mlx5_vfio_pci:15b3:101e");
        assertThat(t.getParentModel()).isEmpty();
    }

    @Test
    void attrIsEmptyForMissingKeys() {
        Source s = new Source(MDEV);
        assertThat(s.attr("fence")).isEqualTo("4");
        assertThat(s.attr("resolution")).isEqualTo("1920x1200");
        assertThat(s.attr("weight")).isEmpty();
        assertThat(s.attr("")).isEmpty();
        // Regression: attr(null) and hasAttr(null) threw from the TreeMap underneath.
        assertThat(s.attr(null)).isEmpty();
    }

    @Test
    void hasAttrDistinguishesMissingFromEmpty() {
        Target t = new Target(PHYS);
        assertThat(t.hasAttr("empty")).isTrue();
        assertThat(t.attr("empty")).isEmpty();
        assertThat(t.hasAttr("missing")).isFalse();
        assertThat(t.hasAttr(null)).isFalse();
        assertThat(new Source(MDEV).hasAttr("fence")).isTrue();
        assertThat(new Source(MDEV).hasAttr("Fence")).as("keys are case-sensitive").isFalse();
    }

    @Test
    void mdevAndPhys() {
        assertThat(new Source(MDEV).isMdev()).isTrue();
        assertThat(new Source(MDEV).isPhys()).isFalse();
        assertThat(new Target(PHYS).isPhys()).isTrue();
        assertThat(new Target(PHYS).isMdev()).isFalse();
        assertThat(new Target(MDEV).isMdev()).isTrue();
        assertThat(new Source(PHYS).isPhys()).isTrue();
    }

    @Test
    void attributesSeenByRulesAreUnmodifiable() {
        assertThatThrownBy(() -> new Source(MDEV).getAttributes().put("fence", "0"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(MDEV.getAttributes()).containsEntry("fence", "4");
    }

    @Test
    void sourceAndTargetOfTheSameProfileDiffer() {
        Source s = new Source(MDEV);
        Target t = new Target(MDEV);
        assertThat(s).isNotEqualTo(t);
        assertThat(t).isNotEqualTo(s);
        assertThat(s.hashCode()).isNotEqualTo(t.hashCode());
        assertThat(s.toString()).startsWith("Source(");
        assertThat(t.toString()).startsWith("Target(");
    }

    @Test
    void factsOfEqualProfilesAreEqual() {
        assertThat(new Source(MDEV)).isEqualTo(new Source(MDEV.toBuilder().build()))
                .hasSameHashCodeAs(new Source(MDEV.toBuilder().build()));
        assertThat(new Target(PHYS)).isEqualTo(new Target(PHYS.toBuilder().build()));
        assertThat(new Source(MDEV)).isNotEqualTo(new Source(PHYS));
        assertThat(new Source(MDEV)).isNotEqualTo(null).isNotEqualTo(MDEV);
    }

    @Test
    void aProfileIsRequired() {
        assertThatNullPointerException().isThrownBy(() -> new Source(null));
        assertThatNullPointerException().isThrownBy(() -> new Target(null));
    }
}
