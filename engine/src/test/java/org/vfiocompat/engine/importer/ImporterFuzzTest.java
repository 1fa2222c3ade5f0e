package org.vfiocompat.engine.importer;

import static org.vfiocompat.engine.importer.Imports.FORMATS;
import static org.vfiocompat.engine.importer.Imports.NONE;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.vfiocompat.engine.FuzzInvariants;
import org.vfiocompat.engine.Inventories;

/**
 * Fuzz targets: every importer that reads a tool's output, each on any bytes written to the file
 * it reads (libvirt node-device and domain XML, mdevctl's JSON, nvidia-smi's XML and text, devlink's
 * JSON, lspci's text). Each either gives an inventory or fails with errors naming that file, and
 * does the same twice. Seeds: FuzzTestInputs/ beside this class's package (the shared fixture
 * hosts' files and the inputs of HostileInputTest and RobustnessTest); the long run is in
 * docs/security.md ("Fuzzing").
 */
class ImporterFuzzTest {

    private static final Path DIR = tempDir();
    /** The bundled packs' derive steps are not what these targets fuzz; without them each run is cheaper. */
    private static final List<String> NO_PACKS = List.of();

    @FuzzTest(maxDuration = "10m")
    void nodedevXml(byte[] bytes) {
        Path file = write("nodedev.xml", bytes);
        FuzzInvariants.hold(bytes, () -> Importers.fromTools("h", null, null, List.of(file), NO_PACKS, NONE),
                file.toString()::equals);
    }

    @FuzzTest(maxDuration = "10m")
    void domainXml(byte[] bytes) {
        Path file = write("domain.xml", bytes);
        Path nodedev = FORMATS.resolve("nodedev-mdev.xml");
        FuzzInvariants.hold(bytes, () -> Importers.fromTools("h", null, null, List.of(nodedev), NO_PACKS,
                new Inventories.Assignments(List.of(), List.of(file))), file.toString()::equals);
    }

    @FuzzTest(maxDuration = "10m")
    void mdevctlTypes(byte[] bytes) {
        Path file = write("mdevctl-types.json", bytes);
        FuzzInvariants.hold(bytes, () -> Importers.fromTools("h", file, FORMATS.resolve("mdevctl-list.json"), List.of(), NO_PACKS, NONE),
                file.toString()::equals);
    }

    @FuzzTest(maxDuration = "10m")
    void mdevctlList(byte[] bytes) {
        Path file = write("mdevctl-list.json", bytes);
        FuzzInvariants.hold(bytes, () -> Importers.fromTools("h", FORMATS.resolve("mdevctl-types.json"), file, List.of(), NO_PACKS, NONE),
                file.toString()::equals);
    }

    @FuzzTest(maxDuration = "10m")
    void nvidiaSmiXml(byte[] bytes) {
        parser("nvidia-smi-q-x.xml", bytes, NvidiaSmiXml::read);
    }

    @FuzzTest(maxDuration = "10m")
    void nvidiaSmiVgpu(byte[] bytes) {
        parser("nvidia-smi-vgpu-q.txt", bytes, NvidiaSmiVgpu::read);
    }

    @FuzzTest(maxDuration = "10m")
    void devlinkJson(byte[] bytes) {
        parser("devlink-dev-info.json", bytes, (file, warnings) -> {
            Devlink.Facts facts = Devlink.Facts.empty();
            Devlink.read(file, warnings, facts);
            return facts;
        });
    }

    @FuzzTest(maxDuration = "10m")
    void lspci(byte[] bytes) {
        parser("lspci-nn-D-vmm-k.txt", bytes, Lspci::read);
    }

    /** One recorded-output parser: what it read and warned, or its errors, all about {@code name}. */
    private static void parser(String name, byte[] bytes, BiFunction<Path, Warnings, Object> parser) {
        Path file = write(name, bytes);
        FuzzInvariants.hold(bytes, () -> {
            Warnings warnings = new Warnings();
            Object read = parser.apply(file, warnings);
            warnings.throwErrors();
            warnings.list().forEach(w -> FuzzInvariants.check(w, file.toString()::equals));
            return read + " " + warnings.list();
        }, file.toString()::equals);
    }

    private static Path write(String name, byte[] bytes) {
        try {
            return Files.write(DIR.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("importer-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
