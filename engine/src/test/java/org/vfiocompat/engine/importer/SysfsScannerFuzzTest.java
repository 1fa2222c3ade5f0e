package org.vfiocompat.engine.importer;

import static org.vfiocompat.engine.importer.Imports.NONE;
import static org.vfiocompat.engine.importer.Imports.SYSFS;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.vfiocompat.engine.FuzzInvariants;

/**
 * Fuzz target: the sysfs scanner on a tree built from the fuzz bytes in a temporary folder: a
 * sequence of steps, each making a folder, a file with some content, a symbolic link or a
 * flattened link file (a file holding a link's target) at a path made of sysfs names, on top of
 * the example tree or of nothing; the root is given absolute or relative, as {@code --sysfs} may be.
 * The scan either gives an inventory or fails with errors naming files inside the tree, every
 * warning names a file inside it, and a second scan gives the same.
 */
class SysfsScannerFuzzTest {

    /** Path components the scanner knows, and a few it must not trip on. */
    private static final String[] NAMES = {"class", "mdev_bus", "bus", "mdev", "devices", "pci", "module", "i915",
        "version", "mdev_supported_types", "i915-GVTg_V5_4", "nvidia-222", "device_api", "available_instances", "name",
        "description", "migration_version", "mdev_type", "driver", "physfn", "virtfn0", "vendor", "device",
        "subsystem_vendor", "subsystem_device", "0000:00:02.0", "0000:3b:00.0", "0000:5e:00.2",
        "5e1a3b9c-7d2f-4c8e-b6a0-2f9d8e7c1b53", "pci0000:00", "vfio-pci", "mlx5_vfio_pci", "..", "."};
    private static final int MAX_STEPS = 32;

    @FuzzTest(maxDuration = "10m")
    void sysfsTree(FuzzedDataProvider data) throws IOException {
        Path base = Files.createTempDirectory("sysfs-fuzz");
        try {
            Path root = base.resolve("sys");
            if (data.consumeBoolean()) {
                ExampleImportTest.copyTree(SYSFS, root);
            } else {
                Files.createDirectories(root);
            }
            for (int i = 0; i < MAX_STEPS && data.remainingBytes() > 0; i++) {
                step(root, data);
            }
            Path given = data.consumeBoolean() ? relative(root) : root;
            String inside = given.toString();
            FuzzInvariants.hold(() -> {
                Importers.Output out = Importers.collect(given, "h", List.of(), NONE);
                out.warnings().forEach(w -> FuzzInvariants.check(w, f -> f.startsWith(inside)));
                return out;
            }, f -> f.startsWith(inside));
        } finally {
            delete(base);
        }
    }

    private static void step(Path root, FuzzedDataProvider data) {
        int depth = data.consumeInt(1, 6);
        Path path = root;
        for (int d = 0; d < depth; d++) {
            path = path.resolve(data.pickValue(NAMES));
        }
        try {
            Files.createDirectories(path.getParent());
            switch (data.consumeInt(0, 3)) {
                case 0 -> Files.createDirectories(path);
                case 1 -> Files.write(path, data.consumeString(64).getBytes(StandardCharsets.UTF_8));
                case 2 -> Files.createSymbolicLink(path, Path.of(linkTarget(data)));
                default -> Files.writeString(path, linkTarget(data) + (data.consumeBoolean() ? "\n" : ""));
            }
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            // a step the file system refuses (a file where a folder must be, an existing name): skipped
        }
    }

    /** A relative link target: up a few levels, then down a few sysfs names. */
    private static String linkTarget(FuzzedDataProvider data) {
        StringBuilder target = new StringBuilder("../".repeat(data.consumeInt(1, 8)));
        int down = data.consumeInt(0, 4);
        for (int d = 0; d < down; d++) {
            target.append(data.pickValue(NAMES)).append('/');
        }
        return target.length() > 0 ? target.substring(0, target.length() - 1) : ".";
    }

    private static Path relative(Path root) {
        Path cwd = Path.of("").toAbsolutePath();
        return root.getRoot().equals(cwd.getRoot()) ? cwd.relativize(root) : root;
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
