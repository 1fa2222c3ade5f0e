package org.vfiocompat.engine.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.vfiocompat.engine.importer.Imports.NONE;
import static org.vfiocompat.engine.importer.Imports.PACKS;
import static org.vfiocompat.engine.importer.Imports.SYSFS;
import static org.vfiocompat.engine.importer.Imports.device;
import static org.vfiocompat.engine.importer.Imports.onlyHost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.PackSigning;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.inventory.InventoryJson;
import org.vfiocompat.engine.trust.TrustPolicy;

/**
 * Issue 13, class 9, at collect time: the example host's Mellanox VF (0000:5e:00.2, 15b3:101e on
 * mlx5_vfio_pci) must keep the type of the pack that may claim it, whatever another pack's
 * {@code derive} section says; and with signatures required, a collector uses only signed packs.
 */
class DeriveOwnershipTest {

    private static final String VF = "0000:5e:00.2";

    @TempDir
    Path tmp;

    /** A pack that sorts before every reference pack, with one PHYS derive entry for the VF's driver. */
    private Path attacker(String vendor, String typeTemplate) throws IOException {
        Path pack = tmp.resolve("packs/aaa");
        Files.createDirectories(pack.resolve("rules"));
        Files.writeString(pack.resolve("rules/main.drl"), "package packs.aaa;\n");
        Files.writeString(pack.resolve("pack.json"), """
                {"id": "aaa", "version": "1.0.0", "vendor": "%s", "namespaces": ["aaa-"], "rules": ["rules/main.drl"],
                 "derive": [{"kind": "PHYS", "drivers": ["mlx5_vfio_pci"], "migrationType": "%s"}]}
                """.formatted(vendor, typeTemplate));
        return pack;
    }

    private InventoryJson.DeviceJson vf(Path attacker) {
        List<String> packs = new ArrayList<>(PACKS);
        packs.add(attacker.toString());
        return device(onlyHost(Imports.json(Importers.collect(SYSFS, "h", packs, NONE))), VF);
    }

    @Test
    void aPackRetypesOnlyFunctionsOfAVendorItMayClaim() throws IOException {
        // Calling itself Intel gets it 8086, so its entry for Mellanox's driver applies to no Mellanox function.
        InventoryJson.DeviceJson untouched = vf(attacker("Intel", "aaa-{device}"));
        assertThat(untouched.migrationType()).isEqualTo("mlx5_vfio_pci:15b3:101e");
        assertThat(untouched.owner()).isEqualTo("mlx5-vfio");
        // The control: the vendor the ID belongs to may claim it (so the entry itself would apply).
        InventoryJson.DeviceJson claimed = vf(attacker("NVIDIA Networking", "aaa-{device}"));
        assertThat(claimed.migrationType()).isEqualTo("aaa-101e");
        assertThat(claimed.owner()).isEqualTo("aaa");
    }

    @Test
    void aDerivedTypeOutsideTheDerivingPacksNamespacesIsPassedOver() throws IOException {
        // A type template landing in nvidia-vgpu's namespace: aaa may not derive it, so the VF keeps mlx5-vfio's type.
        InventoryJson.DeviceJson vf = vf(attacker("NVIDIA Networking", "nvidia-{device}"));
        assertThat(vf.migrationType()).isEqualTo("mlx5_vfio_pci:15b3:101e");
        assertThat(vf.owner()).isEqualTo("mlx5-vfio");
    }

    @Test
    void withSignaturesRequiredACollectorUsesOnlySignedPacks() throws IOException {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        PackSigning.keygen(keys, "aaa", List.of("aaa-"));
        Path aaa = attacker("NVIDIA Networking", "aaa-{device}");
        TrustPolicy required = TrustPolicy.of(keys.resolve("aaa.trust.json"), true);

        Importers.Output unsigned = Importers.collect(SYSFS, "h", List.of(aaa.toString()), required, NONE);
        assertThat(unsigned.refusedPacks()).extracting(Problem::code).containsExactly(ProblemCodes.TRUST_UNSIGNED);
        assertThat(device(onlyHost(Imports.json(unsigned)), VF).owner()).as("the unsigned pack's derive entries are left out")
                .isNotEqualTo("aaa");
        // Through the public API: strict, the refusal fails the import; otherwise it is the first warning.
        Throwable strict = catchThrowable(() -> org.vfiocompat.engine.Inventories.collect(SYSFS, "h", List.of(aaa.toString()),
                new org.vfiocompat.engine.Inventories.PackTrust(keys.resolve("aaa.trust.json"), true, true), NONE));
        assertThat(strict).isInstanceOf(InvalidPackException.class);
        assertThat(((InvalidPackException) strict).problems()).extracting(Problem::code).containsExactly(ProblemCodes.TRUST_UNSIGNED);
        org.vfiocompat.engine.ImportResult lenient = org.vfiocompat.engine.Inventories.collect(SYSFS, "h", List.of(aaa.toString()),
                new org.vfiocompat.engine.Inventories.PackTrust(keys.resolve("aaa.trust.json"), true, false), NONE);
        assertThat(lenient.warnings().get(0).code()).isEqualTo(ProblemCodes.TRUST_UNSIGNED);
        assertThat(lenient.warnings().get(0).message()).startsWith("pack refused, its derive entries are not used: ");
        assertThat(lenient.inventoryJson()).isEqualTo(unsigned.json());

        PackSigning.sign(aaa, keys.resolve("aaa.key"));
        InventoryJson.DeviceJson vf = device(onlyHost(Imports.json(Importers.collect(SYSFS, "h", List.of(aaa.toString()), required, NONE))), VF);
        assertThat(vf.owner()).isEqualTo("aaa");

        // Changed after signing: the derive section is not what the signer vouched for.
        Path manifest = aaa.resolve("pack.json");
        Files.writeString(manifest, Files.readString(manifest).replace("aaa-{device}", "aaa-x{device}"));
        Importers.Output tampered = Importers.collect(SYSFS, "h", List.of(aaa.toString()), required, NONE);
        assertThat(tampered.refusedPacks()).extracting(Problem::code).containsExactly(ProblemCodes.TRUST_BAD_SIGNATURE);
    }
}
