package org.vfiocompat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vfiocompat.engine.ImportResult;
import org.vfiocompat.engine.Inventories;

/**
 * How long {@code vfio-compat inventory collect --from DIR} takes on a host with several tools
 * and 1,000 devices: a generated recorded-host folder with 8 ConnectX-7 PFs of 125 VFs each on
 * {@code mlx5_vfio_pci} (sysfs with real links), {@code devlink -j dev info}, {@code port show}
 * (one port function per VF) and {@code dev eswitch show}, {@code lspci -nn -D -vmm -k} for every
 * function, {@code uname -r}, {@code os-release} and {@code virsh version}. The mlx5-vfio
 * manifest derives every version from the devlink facts. Timed directly, in rounds, like
 * {@link CollectBenchmark}: one collect is a single shot.
 *
 * <p>The baseline, measured in the same run on the same folder, is reading every file and
 * resolving every link once ({@link CollectBenchmark#readEverything}): the ratio says how much
 * parsing and joining add to the unavoidable I/O.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.vfiocompat.bench.CollectFromBenchmark [rounds] [--keep DIR]
 * </pre>
 * With {@code --keep DIR} the folder is left there for timing the command end to end:
 * {@code time ./vfio-compat inventory collect --from DIR > /dev/null}.
 */
public final class CollectFromBenchmark {

    static final int PFS = 8;
    static final int VFS_PER_PF = 125;

    private CollectFromBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        Path keep = CollectBenchmark.takeKeep(a);
        int rounds = a.isEmpty() ? 10 : Integer.parseInt(a.get(0));
        Path root = keep != null ? keep : Files.createTempDirectory("vfio-compat-recorded");
        generate(root);
        List<String> packs = List.of(System.getProperty("vfiocompat.packs", "vendor-packs"));
        long[] collect = new long[rounds];
        long[] walk = new long[rounds];
        int devices = 0;
        int versions = 0;
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                walk[r] = time(() -> CollectBenchmark.readEverything(root));
            }
            long start = System.nanoTime();
            ImportResult result = Inventories.fromRecorded(root, "big", packs, Inventories.Assignments.none());
            collect[r] = System.nanoTime() - start;
            devices = count(result.inventoryJson(), "\"kind\"");
            versions = count(result.inventoryJson(), "\"migrationVersion\": \"psid=MT_0000000838, migratable=enable, fw=28.42.1000\"");
            if (r % 2 == 1) {
                walk[r] = time(() -> CollectBenchmark.readEverything(root));
            }
            System.out.printf(Locale.ROOT, "round %2d: collect --from %6.1f ms, baseline walk %6.1f ms, ratio %.2f%n", r + 1,
                    collect[r] / 1e6, walk[r] / 1e6, (double) collect[r] / walk[r]);
        }
        Arrays.sort(collect);
        Arrays.sort(walk);
        System.out.printf(Locale.ROOT, "collect --from: median %.0f ms; baseline walk median %.0f ms; %d devices, %d with a derived version%n",
                collect[rounds / 2] / 1e6, walk[rounds / 2] / 1e6, devices, versions);
        if (keep == null) {
            CollectBenchmark.delete(root);
        }
    }

    private static long time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return System.nanoTime() - start;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    static String pf(int p) {
        return String.format(Locale.ROOT, "0000:%02x:00.0", 0x20 + p);
    }

    static String vf(int p, int v) {
        int n = v + 1;
        return String.format(Locale.ROOT, "0000:%02x:%02x.%x", 0x20 + p, n / 8, n % 8);
    }

    static void generate(Path root) throws IOException {
        Path sys = root.resolve("sysfs");
        Path devices = sys.resolve("devices/pci0000:00");
        Files.createDirectories(sys.resolve("bus/pci/devices"));
        Files.createDirectories(sys.resolve("bus/pci/drivers/mlx5_vfio_pci"));
        Files.createDirectories(sys.resolve("bus/pci/drivers/mlx5_core"));
        StringBuilder lspci = new StringBuilder();
        StringBuilder info = new StringBuilder("{\"info\":{");
        StringBuilder ports = new StringBuilder("{\"port\":{");
        StringBuilder eswitch = new StringBuilder("{\"dev\":{");
        for (int p = 0; p < PFS; p++) {
            String pf = pf(p);
            Path pfDir = function(sys, devices, pf, "1021", "mlx5_core");
            Files.writeString(pfDir.resolve("sriov_numvfs"), VFS_PER_PF + "\n");
            lspci.append(block(pf, "1021", "mlx5_core"));
            info.append(p == 0 ? "" : ",").append("\"pci/").append(pf).append("\":{\"driver\":\"mlx5_core\",\"versions\":{\"fixed\":")
                    .append("{\"fw.psid\":\"MT_0000000838\"},\"running\":{\"fw.version\":\"28.42.1000\",\"fw\":\"28.42.1000\"}}}");
            eswitch.append(p == 0 ? "" : ",").append("\"pci/").append(pf).append("\":{\"mode\":\"switchdev\",\"inline-mode\":\"none\",\"encap-mode\":\"basic\"}");
            for (int v = 0; v < VFS_PER_PF; v++) {
                String vf = vf(p, v);
                Path vfDir = function(sys, devices, vf, "101e", "mlx5_vfio_pci");
                Files.createSymbolicLink(vfDir.resolve("physfn"), Path.of("../" + pf));
                Files.createSymbolicLink(pfDir.resolve("virtfn" + v), Path.of("../" + vf));
                lspci.append(block(vf, "101e", "mlx5_vfio_pci"));
                ports.append(p == 0 && v == 0 ? "" : ",").append("\"pci/").append(pf).append('/').append(v + 1)
                        .append("\":{\"type\":\"eth\",\"flavour\":\"pcivf\",\"controller\":0,\"pfnum\":").append(p)
                        .append(",\"vfnum\":").append(v).append(",\"external\":false,\"splittable\":false,")
                        .append("\"function\":{\"hw_addr\":\"5a:0e:37:c4:00:00\",\"roce\":\"enable\",\"migratable\":\"enable\"}}");
            }
        }
        Files.writeString(root.resolve("lspci-nn-D-vmm-k.txt"), lspci.toString());
        Files.writeString(root.resolve("devlink-dev-info.json"), info.append("}}\n").toString());
        Files.writeString(root.resolve("devlink-port-show.json"), ports.append("}}\n").toString());
        Files.writeString(root.resolve("devlink-dev-eswitch-show.json"), eswitch.append("}}\n").toString());
        Files.writeString(root.resolve("uname-r.txt"), "6.17.0-14-generic\n");
        Files.writeString(root.resolve("os-release"), "PRETTY_NAME=\"Ubuntu 24.04.4 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\n");
        Files.writeString(root.resolve("virsh-version.txt"), "Compiled against library: libvirt 10.0.0\nUsing library: libvirt 10.0.0\n"
                + "Using API: QEMU 10.0.0\nRunning hypervisor: QEMU 8.2.2\n\n");
    }

    private static Path function(Path sys, Path devices, String bdf, String device, String driver) throws IOException {
        Path dir = devices.resolve(bdf);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("vendor"), "0x15b3\n");
        Files.writeString(dir.resolve("device"), "0x" + device + "\n");
        Files.writeString(dir.resolve("subsystem_vendor"), "0x15b3\n");
        Files.writeString(dir.resolve("subsystem_device"), "0x0041\n");
        Files.writeString(dir.resolve("revision"), "0x00\n");
        Files.createSymbolicLink(dir.resolve("driver"), Path.of("../../../bus/pci/drivers/" + driver));
        Files.createSymbolicLink(sys.resolve("bus/pci/devices").resolve(bdf), Path.of("../../../devices/pci0000:00/" + bdf));
        return dir;
    }

    private static String block(String bdf, String device, String driver) {
        return "Slot:\t" + bdf + "\nClass:\tEthernet controller [0200]\nVendor:\tMellanox Technologies [15b3]\n"
                + "Device:\tDevice [" + device + "]\nSVendor:\tMellanox Technologies [15b3]\nSDevice:\tDevice [0041]\n"
                + "Driver:\t" + driver + "\nNUMANode:\t0\n\n";
    }
}
