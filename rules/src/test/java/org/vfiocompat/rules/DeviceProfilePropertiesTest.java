package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class DeviceProfilePropertiesTest {

    /** The fields of a profile, as plain data. */
    record Fields(DeviceKind kind, String deviceApi, String migrationType, String migrationVersion,
                  Map<String, String> attributes, String parentModel) {

        DeviceProfile build() {
            return DeviceProfile.builder(kind)
                    .deviceApi(deviceApi)
                    .migrationType(migrationType)
                    .migrationVersion(migrationVersion)
                    .attributes(attributes)
                    .parentModel(parentModel)
                    .build();
        }
    }

    @Provide
    Arbitrary<Fields> profileFields() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12);
        Arbitrary<String> nonEmpty = Arbitraries.oneOf(
                Arbitraries.of("vfio-pci", "vfio-ccw", "vfio-ap", "i915-GVTg_V5_4", "nvidia-63"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12));
        Arbitrary<Map<String, String>> attrs = Arbitraries.maps(
                Arbitraries.strings().withCharRange('a', 'e').ofMaxLength(3), text).ofMaxSize(5);
        return Builders.withBuilder(() -> new Object[6])
                .use(Arbitraries.of(DeviceKind.class)).in((a, v) -> { a[0] = v; return a; })
                .use(nonEmpty).in((a, v) -> { a[1] = v; return a; })
                .use(nonEmpty).in((a, v) -> { a[2] = v; return a; })
                .use(text).in((a, v) -> { a[3] = v; return a; })
                .use(attrs).in((a, v) -> { a[4] = v; return a; })
                .use(text).in((a, v) -> { a[5] = v; return a; })
                .build(a -> new Fields((DeviceKind) a[0], (String) a[1], (String) a[2], (String) a[3],
                        castMap(a[4]), (String) a[5]));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> castMap(Object o) {
        return (Map<String, String>) o;
    }

    @Property
    void sameFieldsMakeEqualProfiles(@ForAll("profileFields") Fields f) {
        DeviceProfile a = f.build();
        DeviceProfile b = f.build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(b).isEqualTo(a);
        assertThat(a.toBuilder().build()).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(new Source(a)).isEqualTo(new Source(b)).hasSameHashCodeAs(new Source(b));
        assertThat(new Target(a)).isEqualTo(new Target(b)).hasSameHashCodeAs(new Target(b));
    }

    @Property
    void gettersReturnWhatWasBuilt(@ForAll("profileFields") Fields f) {
        DeviceProfile p = f.build();
        assertThat(p.getKind()).isEqualTo(f.kind());
        assertThat(p.getDeviceApi()).isEqualTo(f.deviceApi());
        assertThat(p.getMigrationType()).isEqualTo(f.migrationType());
        assertThat(p.getMigrationVersion()).isEqualTo(f.migrationVersion());
        assertThat(p.getAttributes()).isEqualTo(new TreeMap<>(f.attributes()));
        assertThat(p.getParentModel()).isEqualTo(f.parentModel());
    }

    @Property
    void changingAnyOneFieldMakesProfilesUnequal(@ForAll("profileFields") Fields f,
                                                 @ForAll @IntRange(min = 0, max = 6) int which) {
        DeviceProfile original = f.build();
        DeviceProfile.Builder b = original.toBuilder();
        DeviceProfile changed = switch (which) {
            case 0 -> DeviceProfile.builder(f.kind() == DeviceKind.MDEV ? DeviceKind.PHYS : DeviceKind.MDEV)
                    .deviceApi(f.deviceApi()).migrationType(f.migrationType())
                    .migrationVersion(f.migrationVersion()).attributes(f.attributes())
                    .parentModel(f.parentModel()).build();
            case 1 -> b.deviceApi(f.deviceApi() + "x").build();
            case 2 -> b.migrationType(f.migrationType() + "x").build();
            case 3 -> b.migrationVersion(f.migrationVersion() + "x").build();
            case 4 -> b.attribute("zz-new", "").build();
            case 5 -> {
                String key = f.attributes().isEmpty() ? "zz-new" : f.attributes().keySet().iterator().next();
                yield b.attribute(key, f.attributes().getOrDefault(key, "") + "x").build();
            }
            default -> b.parentModel(f.parentModel() + "x").build();
        };
        assertThat(changed).isNotEqualTo(original);
        assertThat(original).isNotEqualTo(changed);
        assertThat(new Source(changed)).isNotEqualTo(new Source(original));
        // The original is not affected by building a changed copy.
        assertThat(original).isEqualTo(f.build());
    }

    @Property
    void mutatingTheInputMapAfterBuildChangesNothing(@ForAll("profileFields") Fields f) {
        Map<String, String> mine = new TreeMap<>(f.attributes());
        DeviceProfile p = DeviceProfile.builder(f.kind()).deviceApi(f.deviceApi()).migrationType(f.migrationType())
                .attributes(mine).build();
        Map<String, String> before = new TreeMap<>(p.getAttributes());
        int hash = p.hashCode();
        mine.replaceAll((k, v) -> v + "!");
        mine.put("zz-new", "v");
        assertThat(p.getAttributes()).isEqualTo(before);
        assertThat(p.hashCode()).isEqualTo(hash);
    }
}
