package org.vfiocompat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vfiocompat.engine.ImportResult;
import org.vfiocompat.engine.Inventories;

/**
 * How long {@code vfio-compat inventory collect} takes on a large host: a generated sysfs tree
 * with 500 mdev parents (GVT-g-like, four types each, so the intel-gvtg manifest derives every
 * version) and 5,000 mdevs, plus 64 vfio-pci functions. Not JMH: one collect is a single shot of
 * about a second, dominated by file-system calls, so it is timed directly, in rounds.
 *
 * <p>The baseline, measured in the same run on the same tree, is the least any collector must
 * do: walk the tree, read every regular file and every link once. The ratio says how much the
 * collector adds to the unavoidable I/O.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.vfiocompat.bench.CollectBenchmark [rounds] [--keep DIR]
 * </pre>
 * With {@code --keep DIR} the tree is written to DIR and left there, for timing the command
 * itself: {@code time ./vfio-compat inventory collect --sysfs DIR --host big > /dev/null}.
 */
public final class CollectBenchmark {

    static final int PARENTS = 500;
    static final int MDEVS_PER_PARENT = 10;
    static final int FUNCTIONS = 64;
    static final String[] TYPES = {"i915-GVTg_V5_1", "i915-GVTg_V5_2", "i915-GVTg_V5_4", "i915-GVTg_V5_8"};

    private CollectBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        Path keep = takeKeep(a);
        int rounds = a.isEmpty() ? 10 : Integer.parseInt(a.get(0));
        Path root = keep != null ? keep : Files.createTempDirectory("vfio-compat-sysfs");
        long t0 = System.nanoTime();
        generate(root);
        System.out.printf(Locale.ROOT, "generated %d parents, %d mdevs, %d functions in %s (%d ms)%n", PARENTS,
                PARENTS * MDEVS_PER_PARENT, FUNCTIONS, root, (System.nanoTime() - t0) / 1_000_000);
        List<String> packs = List.of(System.getProperty("vfiocompat.packs", "vendor-packs"));

        long[] collect = new long[rounds];
        long[] walk = new long[rounds];
        int devices = 0;
        for (int r = 0; r < rounds; r++) {
            // Alternate which goes first, so neither always meets a warmer page cache.
            if (r % 2 == 0) {
                walk[r] = time(() -> readEverything(root));
            }
            long start = System.nanoTime();
            ImportResult result = Inventories.collect(root, "big", packs, Inventories.Assignments.none());
            collect[r] = System.nanoTime() - start;
            devices = countDevices(result.inventoryJson());
            if (r % 2 == 1) {
                walk[r] = time(() -> readEverything(root));
            }
            System.out.printf(Locale.ROOT, "round %2d: collect %6.1f ms, baseline walk %6.1f ms, ratio %.2f%n", r + 1,
                    collect[r] / 1e6, walk[r] / 1e6, (double) collect[r] / walk[r]);
        }
        System.out.printf(Locale.ROOT, "collect: first %.0f ms, median %.0f ms; baseline walk median %.0f ms; "
                        + "median ratio %.2f; %d devices in the inventory%n",
                collect[0] / 1e6, median(collect) / 1e6, median(walk) / 1e6, medianRatio(collect, walk), devices);
        if (keep == null) {
            delete(root);
        }
    }

    /** The folder of a {@code --keep DIR} option, removed from {@code args}; null without one. */
    static Path takeKeep(List<String> args) {
        int k = args.indexOf("--keep");
        if (k < 0) {
            return null;
        }
        Path keep = Path.of(args.get(k + 1));
        args.remove(k + 1);
        args.remove(k);
        return keep;
    }

    private static long time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return System.nanoTime() - start;
    }

    private static int countDevices(String json) {
        int n = 0;
        for (int i = json.indexOf("\"kind\""); i >= 0; i = json.indexOf("\"kind\"", i + 1)) {
            n++;
        }
        return n;
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static double medianRatio(long[] a, long[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (double) a[i] / b[i];
        }
        Arrays.sort(r);
        return r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    }

    /** The baseline: every file read and every link resolved once, nothing parsed. */
    static void readEverything(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isSymbolicLink()) {
                        Files.readSymbolicLink(file);
                    } else if (attrs.isRegularFile()) {
                        Files.readAllBytes(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void generate(Path root) throws IOException {
        for (int p = 0; p < PARENTS; p++) {
            String address = String.format("0000:%02x:%02x.0", 1 + p / 32, p % 32);
            Path dir = root.resolve("devices/pci0000:00").resolve(address);
            write(dir.resolve("vendor"), "0x8086\n");
            write(dir.resolve("device"), "0x3e92\n");
            write(dir.resolve("subsystem_vendor"), "0x8086\n");
            write(dir.resolve("subsystem_device"), "0x3e92\n");
            write(dir.resolve("class"), "0x030000\n");
            link(dir.resolve("driver"), "../../../bus/pci/drivers/i915");
            link(root.resolve("class/mdev_bus").resolve(address), "../../devices/pci0000:00/" + address);
            link(root.resolve("bus/pci/devices").resolve(address), "../../../devices/pci0000:00/" + address);
            for (int t = 0; t < TYPES.length; t++) {
                Path td = dir.resolve("mdev_supported_types").resolve(TYPES[t]);
                write(td.resolve("device_api"), "vfio-pci\n");
                write(td.resolve("available_instances"), (t + 1) + "\n");
                write(td.resolve("name"), TYPES[t].substring(5) + "\n");
                write(td.resolve("description"), "low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\n"
                        + "resolution: 1920x1200\nweight: 4\n");
                write(td.resolve("create"), "");
            }
            for (int m = 0; m < MDEVS_PER_PARENT; m++) {
                String uuid = String.format("%08x-0000-4000-8000-%012x", p, m);
                Path md = dir.resolve(uuid);
                link(md.resolve("mdev_type"), "../mdev_supported_types/" + TYPES[m % TYPES.length]);
                link(md.resolve("driver"), "../../../../bus/mdev/drivers/vfio_mdev");
                write(md.resolve("remove"), "");
                link(root.resolve("bus/mdev/devices").resolve(uuid), "../../../devices/pci0000:00/" + address + "/" + uuid);
                link(dir.resolve("mdev_supported_types").resolve(TYPES[m % TYPES.length]).resolve("devices").resolve(uuid),
                        "../../../" + uuid);
            }
        }
        for (int f = 0; f < FUNCTIONS; f++) {
            String address = String.format("0000:%02x:00.%d", 0x80 + f / 8, f % 8);
            Path dir = root.resolve("devices/pci0000:80").resolve(address);
            write(dir.resolve("vendor"), "0x15b3\n");
            write(dir.resolve("device"), "0x101e\n");
            link(dir.resolve("driver"), "../../../bus/pci/drivers/mlx5_vfio_pci");
            link(root.resolve("bus/pci/devices").resolve(address), "../../../devices/pci0000:80/" + address);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void link(Path link, String target) throws IOException {
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
    }

    static void delete(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
