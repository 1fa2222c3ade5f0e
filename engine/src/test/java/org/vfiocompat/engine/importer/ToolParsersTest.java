package org.vfiocompat.engine.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Problem;

/**
 * Each tool-output parser on the shared fixture hosts: what it read, pinned in
 * golden/tool-output/HOST/FILE.txt; and what it does with missing, N/A and malformed input.
 */
class ToolParsersTest {

    @TempDir
    Path tmp;

    /** What the parser read, one record per line, and the warnings it gave. */
    private static String parsed(Path dir, String file, java.util.function.BiFunction<Path, Warnings, Object> parser) {
        Path path = dir.resolve(file);
        Warnings warnings = new Warnings();
        Object result = parser.apply(path, warnings);
        warnings.throwErrors();
        if (result instanceof Devlink.Facts f) {
            result = java.util.stream.Stream.of(f.infos(), f.ports(), f.params(), f.eswitchModes().entrySet())
                    .flatMap(java.util.Collection::stream).toList();
        } else if (result instanceof NvidiaSmiXml.Log log) {
            result = java.util.stream.Stream.concat(java.util.stream.Stream.of("driverVersion=" + log.driverVersion()),
                    log.gpus().stream()).toList();
        }
        String body = result instanceof List<?> list ? list.stream().map(String::valueOf).collect(Collectors.joining("\n"))
                : result instanceof Map<?, ?> map ? map.entrySet().stream().map(String::valueOf).collect(Collectors.joining("\n"))
                : String.valueOf(result);
        String notes = warnings.list().stream().map(p -> "warning: " + p.message()).collect(Collectors.joining("\n"));
        // Places name the fixture relative to the shared hosts folder, wherever that is.
        return (body + "\n" + (notes.isEmpty() ? "" : notes + "\n")).replace(SharedHosts.HOSTS + "/", "");
    }

    private static void golden(String host, String file, java.util.function.BiFunction<Path, Warnings, Object> parser) {
        if (!Files.exists(SharedHosts.host(host).resolve(file))) {
            return;
        }
        SharedHosts.assertGolden(host + "/" + file + ".txt", parsed(SharedHosts.host(host), file, parser));
    }

    @ParameterizedTest
    @ValueSource(strings = {"host-1", "host-2", "host-3", "host-3/qat-host"})
    void theHostSoftwareFiles(String host) {
        golden(host, "uname-r.txt", KernelRelease::read);
        golden(host, "os-release", OsRelease::read);
        golden(host, "virsh-version.txt", VirshVersion::read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host-1", "host-2", "host-3", "host-3/qat-host"})
    void theDeviceToolFiles(String host) {
        golden(host, "nvidia-smi-q-x.xml", NvidiaSmiXml::read);
        golden(host, "nvidia-smi-vgpu-q.txt", NvidiaSmiVgpu::read);
        golden(host, "lspci-nn-D-vmm-k.txt", Lspci::read);
        for (String devlink : List.of("devlink-dev-info.json", "devlink-port-show.json", "devlink-dev-param-show.json",
                "devlink-dev-eswitch-show.json")) {
            golden(host, devlink, (p, w) -> {
                Devlink.Facts facts = Devlink.Facts.empty();
                Devlink.read(p, w, facts);
                return facts;
            });
        }
    }

    @Test
    void nvidiaSmiReadsByNameAndTakesNaAsNoValue() throws IOException {
        Path xml = Files.writeString(tmp.resolve("q.xml"), """
                <?xml version="1.0" ?>
                <!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v13.dtd">
                <nvidia_smi_log>
                  <future_element>x</future_element>
                  <gpu id="00000000:3B:00.0">
                    <ecc_mode><pending_ecc>Disabled</pending_ecc><current_ecc>N/A</current_ecc></ecc_mode>
                    <product_name>NVIDIA A100</product_name>
                  </gpu>
                  <gpu><product_name>no id</product_name></gpu>
                </nvidia_smi_log>
                """);
        Warnings warnings = new Warnings();
        NvidiaSmiXml.Log log = NvidiaSmiXml.read(xml, warnings);
        warnings.throwErrors();
        assertThat(log.driverVersion()).isNull();
        assertThat(log.gpus()).containsExactly(new NvidiaSmiXml.Gpu("0000:3b:00.0", "NVIDIA A100", null, null, null, null,
                "Disabled", null, null, null));
        assertThat(warnings.list()).extracting(Problem::message).anyMatch(m -> m.contains("no PCI bus id"));
    }

    @Test
    void aDoctypeWithAnInternalSubsetIsStillRefused() throws IOException {
        Path xml = Files.writeString(tmp.resolve("q.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE nvidia_smi_log [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
                + "<nvidia_smi_log><driver_version>&x;</driver_version></nvidia_smi_log>\n");
        Warnings warnings = new Warnings();
        assertThat(NvidiaSmiXml.read(xml, warnings)).isNull();
        assertThatThrownBy(warnings::throwErrors).isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("q.xml").hasMessageContaining("DOCTYPE");
    }

    @Test
    void malformedLinesAreErrorsNamingTheLine() throws IOException {
        Path os = Files.writeString(tmp.resolve("os-release"), "ID=ubuntu\nthis is not a key\n");
        Path lspci = Files.writeString(tmp.resolve("lspci.txt"), "Slot:\t0000:00:01.0\nno tag here\n");
        Path uname = Files.writeString(tmp.resolve("uname-r.txt"), "6.17.0\nsecond line\n");
        Path devlink = Files.writeString(tmp.resolve("devlink.json"), "{\"info\":{\"pci/0000:17:00.0\":{\"versions\":[]}}}");
        assertError(os, OsRelease::read, "os-release at line 2");
        assertError(lspci, Lspci::read, "lspci.txt at line 2");
        assertError(uname, KernelRelease::read, "uname-r.txt at line 2");
        assertError(devlink, (p, w) -> {
            Devlink.read(p, w, Devlink.Facts.empty());
            return null;
        }, "/info/pci~10000:17:00.0/versions");
    }

    private static void assertError(Path file, java.util.function.BiFunction<Path, Warnings, Object> parser, String where) {
        Warnings warnings = new Warnings();
        parser.apply(file, warnings);
        assertThatThrownBy(warnings::throwErrors).isInstanceOf(InvalidInventoryException.class)
                .satisfies(e -> assertThat(((InvalidInventoryException) e).problems()).hasSize(1)
                        .allSatisfy(p -> assertThat(p.toString()).contains(where)));
    }

    @Test
    void missingSectionsAreNoValues() throws IOException {
        Path virsh = Files.writeString(tmp.resolve("virsh-version.txt"), "Compiled against library: libvirt 9.0.0\n");
        Path devlink = Files.writeString(tmp.resolve("d.json"), "{\"info\":{\"pci/0000:17:00.0\":{\"driver\":\"mlx5_core\"}}}");
        Warnings warnings = new Warnings();
        assertThat(VirshVersion.read(virsh, warnings)).isEqualTo(new VirshVersion.Versions(null, null));
        Devlink.Facts facts = Devlink.Facts.empty();
        Devlink.read(devlink, warnings, facts);
        warnings.throwErrors();
        assertThat(facts.infos()).containsExactly(new Devlink.Info("pci/0000:17:00.0", "mlx5_core", null, null));
        assertThat(NvidiaSmiVgpu.parse(List.of("GPU 00000000:41:00.0", "    Active vGPUs : 0"))).isEmpty();
    }
}
