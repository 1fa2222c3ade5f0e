package org.vfiocompat.engine.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vfiocompat.engine.importer.Imports.FORMATS;
import static org.vfiocompat.engine.importer.Imports.NONE;
import static org.vfiocompat.engine.importer.Imports.PACKS;
import static org.vfiocompat.engine.importer.Imports.SYSFS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Problem;

/**
 * Inputs found by fuzzing the importers, on real files: FIFOs where files are expected, XML
 * nested 10,000 deep, XML that is not UTF-8, a NUL byte in a flattened link. Each is a located
 * warning or error within seconds, never a hang or a crash.
 */
class HostileInputTest {

    private static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void aFifoAmongTheNodedevFilesIsLeftOutNotWaitedFor() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("nodedev"));
        Files.copy(FORMATS.resolve("nodedev-pci-gvt.xml"), folder.resolve("a.xml"));
        mkfifo(folder.resolve("b.xml"));
        Importers.Output out = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(SOON,
                () -> Importers.fromTools("h", null, null, List.of(folder), PACKS, NONE));
        assertThat(out.warnings()).extracting(Problem::toString)
                .contains(folder.resolve("b.xml") + ": not a regular file; left out");
    }

    @Test
    void aFifoWhereASysfsAttributeBelongsIsIgnoredNotWaitedFor() throws Exception {
        Path sys = tmp.resolve("sys");
        ExampleImportTest.copyTree(SYSFS, sys);
        Path attribute = sys.resolve("devices/pci0000:00/0000:00:02.0/mdev_supported_types/i915-GVTg_V5_4/name");
        Files.delete(attribute);
        mkfifo(attribute);
        Importers.Output out = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(SOON,
                () -> Importers.collect(sys, "h", PACKS, NONE));
        assertThat(out.warnings()).extracting(Problem::toString).contains(attribute + ": not a regular file; ignored");
    }

    @Test
    void xmlNestedTenThousandDeepIsALocatedErrorNotAStackOverflow() throws IOException {
        Path deep = tmp.resolve("deep.xml");
        StringBuilder xml = new StringBuilder("<device><name>x</name>");
        xml.append("<a>".repeat(10_000)).append("</a>".repeat(10_000)).append("</device>\n");
        Files.writeString(deep, xml);
        assertThatThrownBy(() -> Importers.fromTools("h", null, null, List.of(deep), PACKS, NONE))
                .isInstanceOfSatisfying(InvalidInventoryException.class, e -> assertThat(e.problems().get(0).toString())
                        .isEqualTo(deep + ": elements nested deeper than 64 levels; libvirt writes a few"));
    }

    @Test
    void xmlThatIsNotUtf8NamesTheByte() throws IOException {
        Path latin1 = tmp.resolve("latin1.xml");
        byte[] head = "<device><name>caf".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 1);
        bytes[head.length] = (byte) 0xE9; // é in ISO-8859-1, not UTF-8
        Files.write(latin1, bytes);
        assertThatThrownBy(() -> Importers.fromTools("h", null, null, List.of(latin1), PACKS, NONE))
                .isInstanceOfSatisfying(InvalidInventoryException.class, e -> assertThat(e.problems().get(0).toString())
                        .isEqualTo(latin1 + ": not valid UTF-8 at byte " + head.length));
    }

    @Test
    void aNulByteInAFlattenedLinkIsNoLinkNotACrash() throws IOException {
        Path sys = tmp.resolve("sys");
        ExampleImportTest.copyTree(SYSFS, sys);
        Path link = sys.resolve("class/mdev_bus/0000:00:02.0");
        Files.deleteIfExists(link);
        Files.writeString(link, "../../devices/pci0000:00/0000:00:02.0\0");
        // Whatever the scanner makes of the entry, it names it and goes on.
        Importers.Output out = Importers.collect(sys, "h", PACKS, NONE);
        assertThat(out.json()).isNotEmpty();
    }
    /** Found by fuzzing: with a relative root, an mdev link climbing to the root had no parent folder (a null pointer). */
    @Test
    void anMdevLinkToTheRootOfARelativeTreeIsLeftOutNotACrash() throws IOException {
        Path sys = tmp.resolve("sys");
        ExampleImportTest.copyTree(SYSFS, sys);
        Path devices = sys.resolve("bus/mdev/devices");
        Path mdev;
        try (java.util.stream.Stream<Path> entries = Files.list(devices)) {
            mdev = entries.sorted().findFirst().orElseThrow();
        }
        Files.delete(mdev);
        Files.createSymbolicLink(mdev, Path.of("../../.."));
        Path outside = devices.resolve("ffffffff-0000-0000-0000-000000000000");
        Files.createSymbolicLink(outside, Path.of("../../../../.."));
        Path relative = Path.of("").toAbsolutePath().relativize(sys);

        Importers.Output out = Importers.collect(relative, "h", PACKS, NONE);

        Path shown = relative.resolve("bus/mdev/devices");
        assertThat(out.warnings()).extracting(Problem::toString).contains(
                shown.resolve(mdev.getFileName()) + ": link to ../../.. leads to the root of the sysfs tree or outside it; left out",
                shown.resolve(outside.getFileName()) + ": link to ../../../../.. leads to the root of the sysfs tree or outside it; left out");
        assertThat(out.json()).doesNotContain(mdev.getFileName().toString());
    }
}
