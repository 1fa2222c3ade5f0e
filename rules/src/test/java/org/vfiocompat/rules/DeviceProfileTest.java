package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;

class DeviceProfileTest {

    static DeviceProfile gvtg() {
        return DeviceProfile.builder(DeviceKind.MDEV)
                .deviceApi("vfio-pci")
                .migrationType("i915-GVTg_V5_4")
                .migrationVersion("8086-591d-i915-GVTg_V5_4-2.1.0")
                .attribute("resolution", "1920x1200")
                .attribute("fence", "4")
                .parentModel("HD Graphics 630")
                .build();
    }

    @Test
    void builderSetsEveryField() {
        DeviceProfile p = gvtg();
        assertThat(p.getKind()).isEqualTo(DeviceKind.MDEV);
        assertThat(p.getDeviceApi()).isEqualTo("vfio-pci");
        assertThat(p.getMigrationType()).isEqualTo("i915-GVTg_V5_4");
        assertThat(p.getMigrationVersion()).isEqualTo("8086-591d-i915-GVTg_V5_4-2.1.0");
        assertThat(p.getAttributes()).containsExactly(entry("fence", "4"), entry("resolution", "1920x1200"));
        assertThat(p.getParentModel()).isEqualTo("HD Graphics 630");
    }

    @Test
    void optionalFieldsDefaultToEmpty() {
        DeviceProfile p = DeviceProfile.builder(DeviceKind.PHYS)
                .deviceApi("vfio-pci").migrationType("mlx5_vfio_pci:15b3:101e").build();
        assertThat(p.getMigrationVersion()).isEmpty();
        assertThat(p.getAttributes()).isNotNull().isEmpty();
        assertThat(p.getParentModel()).isEmpty();
        assertThat(DeviceProfile.builder(DeviceKind.PHYS).deviceApi("a").migrationType("t")
                .parentModel(null).build().getParentModel()).isEmpty();
    }

    @Test
    void requiredFieldsAreChecked() {
        assertThatNullPointerException().isThrownBy(
                () -> DeviceProfile.builder(null).deviceApi("vfio-pci").migrationType("t").build())
                .withMessageContaining("kind");
        assertThatNullPointerException().isThrownBy(
                () -> DeviceProfile.builder(DeviceKind.MDEV).migrationType("t").build())
                .withMessageContaining("deviceApi");
        assertThatIllegalArgumentException().isThrownBy(
                () -> DeviceProfile.builder(DeviceKind.MDEV).deviceApi("").migrationType("t").build())
                .withMessageContaining("deviceApi");
        assertThatNullPointerException().isThrownBy(
                () -> DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").build())
                .withMessageContaining("migrationType");
        assertThatIllegalArgumentException().isThrownBy(
                () -> DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType("").build())
                .withMessageContaining("migrationType");
        assertThatNullPointerException().isThrownBy(
                () -> DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType("t")
                        .migrationVersion(null).build())
                .withMessageContaining("migrationVersion");
    }

    @Test
    void attributeKeysAndValuesMustNotBeNull() {
        DeviceProfile.Builder b = DeviceProfile.builder(DeviceKind.MDEV);
        assertThatNullPointerException().isThrownBy(() -> b.attribute(null, "v"));
        assertThatNullPointerException().isThrownBy(() -> b.attribute("k", null));
        Map<String, String> withNullValue = new HashMap<>();
        withNullValue.put("k", null);
        assertThatNullPointerException().isThrownBy(() -> b.attributes(withNullValue));
    }

    @Test
    void attributesAreUnmodifiable() {
        SortedMap<String, String> attrs = gvtg().getAttributes();
        assertThatThrownBy(() -> attrs.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attrs.remove("fence")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(attrs::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attrs.entrySet().iterator().next().setValue("z"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attrs.keySet().remove("fence")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attrs.headMap("g").clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(gvtg().getAttributes()).containsKeys("fence", "resolution");
    }

    @Test
    void attributesAreCopiedFromTheCallersMap() {
        Map<String, String> mine = new LinkedHashMap<>();
        mine.put("weight", "4");
        DeviceProfile.Builder b = DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType("t")
                .attributes(mine);
        DeviceProfile p = b.build();
        int hash = p.hashCode();

        mine.put("weight", "8");
        mine.put("fence", "2");
        assertThat(p.getAttributes()).containsExactly(entry("weight", "4"));

        // Using the builder again does not change what it built before.
        b.attribute("extra", "1").migrationType("other").deviceApi("vfio-ccw").parentModel("p");
        assertThat(p.getAttributes()).containsExactly(entry("weight", "4"));
        assertThat(p.getMigrationType()).isEqualTo("t");
        assertThat(p.getDeviceApi()).isEqualTo("vfio-pci");
        assertThat(p.getParentModel()).isEmpty();
        assertThat(p.hashCode()).isEqualTo(hash);
        assertThat(b.build()).isNotEqualTo(p);
    }

    @Test
    void attributesAreSortedWhateverTheInsertionOrder() {
        DeviceProfile p = DeviceProfile.builder(DeviceKind.MDEV).deviceApi("a").migrationType("t")
                .attribute("zeta", "1").attribute("alpha", "2").attribute("mid", "3").build();
        assertThat(p.getAttributes().keySet()).containsExactly("alpha", "mid", "zeta");
        DeviceProfile q = DeviceProfile.builder(DeviceKind.MDEV).deviceApi("a").migrationType("t")
                .attribute("mid", "3").attribute("zeta", "1").attribute("alpha", "2").build();
        assertThat(q).isEqualTo(p).hasSameHashCodeAs(p);
    }

    @Test
    void laterAttributeValueWins() {
        DeviceProfile p = DeviceProfile.builder(DeviceKind.MDEV).deviceApi("a").migrationType("t")
                .attribute("k", "1").attributes(Map.of("k", "2")).build();
        assertThat(p.getAttributes()).containsExactly(entry("k", "2"));
    }

    @Test
    void toBuilderRoundTrips() {
        DeviceProfile p = gvtg();
        DeviceProfile copy = p.toBuilder().build();
        assertThat(copy).isEqualTo(p).hasSameHashCodeAs(p).isNotSameAs(p);
        assertThat(copy.getAttributes()).isEqualTo(p.getAttributes());
        assertThat(copy.getParentModel()).isEqualTo(p.getParentModel());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        DeviceProfile p = gvtg();
        DeviceProfile changed = p.toBuilder().migrationVersion("8086-591d-i915-GVTg_V5_4-2.2.0")
                .attribute("weight", "4").build();
        assertThat(changed).isNotEqualTo(p);
        assertThat(changed.getMigrationVersion()).endsWith("2.2.0");
        assertThat(changed.getAttributes()).containsEntry("weight", "4").containsEntry("fence", "4");
        assertThat(changed.getMigrationType()).isEqualTo(p.getMigrationType());
        assertThat(changed.getKind()).isEqualTo(p.getKind());
        // The original is untouched.
        assertThat(p.getAttributes()).doesNotContainKey("weight");
        assertThat(p.getMigrationVersion()).endsWith("2.1.0");
    }

    @Test
    void equalsIsByValue() {
        DeviceProfile p = gvtg();
        assertThat(p).isEqualTo(gvtg()).hasSameHashCodeAs(gvtg());
        assertThat(p).isNotEqualTo(null).isNotEqualTo("not a profile");
        assertThat(p).isNotEqualTo(new Source(p));
        assertThat(p.toBuilder().parentModel("").build()).isNotEqualTo(p);
    }

    @Test
    void equalsComparesEveryFieldEvenWhenHashesCollide() {
        // "Aa" and "BB" have the same String.hashCode, so these profiles have the same hash code
        // and only the field comparison can tell them apart.
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        DeviceProfile base = DeviceProfile.builder(DeviceKind.MDEV).deviceApi("Aa").migrationType("Aa")
                .migrationVersion("Aa").attribute("k", "Aa").parentModel("Aa").build();
        DeviceProfile[] collisions = {
                base.toBuilder().deviceApi("BB").build(),
                base.toBuilder().migrationType("BB").build(),
                base.toBuilder().migrationVersion("BB").build(),
                base.toBuilder().attribute("k", "BB").build(),
                base.toBuilder().parentModel("BB").build()};
        for (DeviceProfile other : collisions) {
            assertThat(other.hashCode()).isEqualTo(base.hashCode());
            assertThat(other).isNotEqualTo(base);
            assertThat(base).isNotEqualTo(other);
        }
    }

    @Test
    void kindIsPartOfTheIdentity() {
        DeviceProfile mdev = DeviceProfile.builder(DeviceKind.MDEV).deviceApi("a").migrationType("t").build();
        DeviceProfile phys = DeviceProfile.builder(DeviceKind.PHYS).deviceApi("a").migrationType("t").build();
        assertThat(mdev).isNotEqualTo(phys);
    }

    @Test
    void toStringShowsTheIdentifyingFields() {
        assertThat(gvtg().toString()).contains("MDEV", "i915-GVTg_V5_4", "8086-591d-i915-GVTg_V5_4-2.1.0",
                "vfio-pci", "HD Graphics 630", "fence");
        String bare = DeviceProfile.builder(DeviceKind.PHYS).deviceApi("vfio-pci").migrationType("t").build()
                .toString();
        assertThat(bare).contains("PHYS", "vfio-pci").doesNotContain("parent=").doesNotContain("{");
    }
}
