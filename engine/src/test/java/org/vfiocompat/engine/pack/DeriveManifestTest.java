package org.vfiocompat.engine.pack;

import org.vfiocompat.engine.derive.PackDerivation;
import org.vfiocompat.engine.derive.DeriveTemplate;
import org.vfiocompat.engine.derive.DeriveRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.rules.DeviceKind;

/** The optional derive section of pack.json: templates, conditions, and what a manifest may not say. */
class DeriveManifestTest {

    @TempDir
    Path tmp;

    @Test
    void aTemplateFillsPlaceholdersAndFallsBackAlongItsAlternatives() {
        DeriveTemplate t = DeriveTemplate.parse("{vendor}-{device}-{type}-{module.kvmgt|module.i915|=0}");
        Map<String, String> facts = Map.of("vendor", "8086", "device", "3e92", "type", "i915-GVTg_V5_4", "module.i915", "2.1.0");

        assertThat(t.expand(facts::get).value()).isEqualTo("8086-3e92-i915-GVTg_V5_4-2.1.0");
        DeriveTemplate.Expansion noModule = t.expand(Map.of("vendor", "8086", "device", "3e92", "type", "x")::get);
        assertThat(noModule.value()).isEqualTo("8086-3e92-x-0");
        assertThat(noModule.defaulted()).containsExactly("module.kvmgt|module.i915");
        DeriveTemplate.Expansion noIds = t.expand(Map.of("type", "x")::get);
        assertThat(noIds.complete()).isFalse();
        assertThat(noIds.missing()).containsExactly("vendor", "device");
        assertThat(t.names()).containsExactly("vendor", "device", "type", "module.kvmgt", "module.i915");
    }

    @Test
    void aTemplateIsDataWithAClosedSetOfNames() {
        assertThatThrownBy(() -> DeriveTemplate.parse("{vendor}-{java.lang.Runtime}")).hasMessageContaining("unknown placeholder 'java.lang.Runtime'");
        assertThatThrownBy(() -> DeriveTemplate.parse("{vendor")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> DeriveTemplate.parse("vendor}")).hasMessageContaining("closes no placeholder");
        assertThatThrownBy(() -> DeriveTemplate.parse("{=0|vendor}")).hasMessageContaining("must be the last alternative");
        assertThatThrownBy(() -> DeriveTemplate.parse("{description." + "k".repeat(65) + "}")).hasMessageContaining("unknown placeholder");
        assertThatThrownBy(() -> DeriveTemplate.parse("x".repeat(513))).hasMessageContaining("at most 512");
        assertThatThrownBy(() -> DeriveTemplate.parse("")).hasMessageContaining("empty");
    }

    @Test
    void anExpansionIsBounded() {
        DeriveTemplate t = DeriveTemplate.parse("{description.a}{description.a}");

        assertThat(t.expand(Map.of("description.a", "x".repeat(600))::get).complete()).isFalse();
    }

    @Test
    void aRuleMatchesOnKindTypePrefixDriverAndIds() {
        DeriveRule mdev = new DeriveRule(DeviceKind.MDEV, "i915-GVTg_", List.of("i915"), List.of("8086:3e92"), List.of(), null, "{type}",
                "lines", List.of());

        assertThat(mdev.matches(DeviceKind.MDEV, "i915-GVTg_V5_4", "i915", "8086", "3e92")).isTrue();
        assertThat(mdev.matches(DeviceKind.MDEV, "nvidia-22", "i915", "8086", "3e92")).isFalse();
        assertThat(mdev.matches(DeviceKind.MDEV, "i915-GVTg_V5_4", "nouveau", "8086", "3e92")).isFalse();
        assertThat(mdev.matches(DeviceKind.MDEV, "i915-GVTg_V5_4", "i915", "8086", "1912")).isFalse();
        assertThat(mdev.matches(DeviceKind.MDEV, "i915-GVTg_V5_4", "i915", null, null)).isFalse();
        assertThat(mdev.matches(DeviceKind.PHYS, "i915-GVTg_V5_4", "i915", "8086", "3e92")).isFalse();
    }

    @Test
    void theBundledGvtgManifestReadsWithItsDeriveSection() {
        List<PackDerivation> packs = PackManifests.derivations(List.of(Path.of("..", "vendor-packs").toAbsolutePath().normalize().toString()));

        PackDerivation gvtg = packs.stream().filter(p -> p.packId().equals("intel-gvtg")).findFirst().orElseThrow();
        assertThat(gvtg.rules()).extracting(DeriveRule::kind).containsExactly(DeviceKind.MDEV, DeviceKind.PHYS);
        assertThat(gvtg.owns("i915-GVTg_V5_4")).isTrue();
        assertThat(gvtg.owns("vfio-pci:8086:3e92")).isTrue();
    }

    @Test
    void aBadDeriveSectionIsReportedWithPointersAndRefusedByTheLoaderToo() throws IOException {
        Path pack = tmp.resolve("p");
        Files.createDirectories(pack.resolve("rules"));
        Files.writeString(pack.resolve("rules/a.drl"), "package packs.p;\n");
        Files.writeString(pack.resolve("pack.json"), """
                {"id": "p", "version": "1", "vendor": "P", "namespaces": ["ppp-"], "rules": ["rules/a.drl"],
                 "derive": [
                   {"kind": "MDEV", "typePrefix": "other-", "migrationVersion": "{vendor}"},
                   {"kind": "PHYS", "ids": ["8086:3E92"], "migrationVersion": "{description.x}"},
                   {"kind": "MDEV", "typePrefix": "ppp-a", "description": "yaml", "attributes": ["a"],
                    "migrationVersion": "{exec}"}
                 ]}
                """);
        String file = pack.resolve("pack.json").toString();

        assertThatThrownBy(() -> PackManifests.derivations(List.of(pack.toString())))
                .isInstanceOfSatisfying(InvalidPackException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/derive/0/typePrefix"), "'other-' lies outside the pack's namespaces; "
                                + "a pack derives profiles only for types it owns"),
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/derive/1/migrationType"), "a PHYS entry needs a migrationType template"),
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/derive/1/ids/0"), "must be vendor:device in lower-case hex, like 8086:3e92"),
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/derive/1/description"), "the templates use description.KEY: "
                                + "say how to split the description ('lines' or 'commas')"),
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/derive/2/migrationVersion"), "unknown placeholder 'exec' (known: device, "
                                + "driver, name, subsystem_device, subsystem_vendor, type, vendor, description.KEY, module.NAME, attr.KEY, host.kernel|libvirt|osId|osVersion|qemu)"),
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/derive/2/description"), "must be 'lines' (key: value per line) or 'commas' "
                                + "(key=value, ...), got 'yaml'")));
        assertThatThrownBy(() -> PackLoader.loadAllOrThrow(List.of(pack))).isInstanceOf(InvalidPackException.class)
                .hasMessageContaining("/derive/0/typePrefix");
    }
}
