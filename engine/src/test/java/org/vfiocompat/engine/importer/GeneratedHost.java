package org.vfiocompat.engine.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.vfiocompat.rules.DeviceKind;

/**
 * A random host for the property tests, written out as a sysfs tree (with real symbolic links,
 * as in the kernel's layout), as mdevctl JSON, or as libvirt node-device XML; and what any of
 * them must import as.
 */
record GeneratedHost(List<Parent> parents, List<Mdev> mdevs, List<Function> functions) {

    record Type(String id, String api, int available, String name, String description, String migrationVersion) {
    }

    record Parent(String address, String vendor, String device, String driver, List<Type> types) {
    }

    record Mdev(String uuid, int parent, int type, String migrationVersion) {
    }

    record Function(String address, String vendor, String device, String driver, String physfn) {
    }

    /** An expected device: the fields every source agrees on. */
    record Expected(String id, DeviceKind kind, String parent, String deviceApi, String migrationType) {
    }

    // ------------------------------------------------------------------ generators

    static Arbitrary<String> text() {
        return Arbitraries.strings().withChars("abcXYZ019 :=,._-äé").ofMinLength(1).ofMaxLength(24)
                .map(String::strip).filter(s -> !s.isEmpty());
    }

    static Arbitrary<String> hex4() {
        return Arbitraries.integers().between(0, 0xffff).map(i -> String.format("%04x", i));
    }

    static Arbitrary<Type> type(String driver) {
        Arbitrary<String> id = Arbitraries.oneOf(
                Arbitraries.of("GVTg_V5_1", "GVTg_V5_2", "GVTg_V5_4", "GVTg_V5_8").map(s -> "i915-" + s),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8).map(s -> driver + "-" + s));
        Arbitrary<String> description = Arbitraries.oneOf(text(),
                Combinators.combine(hex4(), hex4()).as((a, b) -> "low_gm_size: " + a + "MB\nfence: " + b));
        return Combinators.combine(id, Arbitraries.of(SysfsScanner.KNOWN_DEVICE_APIS.stream().sorted().toList()),
                        Arbitraries.integers().between(0, 16), text().injectNull(0.4), description.injectNull(0.4),
                        Arbitraries.strings().alpha().numeric().withChars("-.").ofMinLength(1).ofMaxLength(20).injectNull(0.6))
                .as(Type::new);
    }

    static Arbitrary<Parent> parent(int bus) {
        Arbitrary<String> driver = Arbitraries.of("i915", "nvidia", "mtty", "vfio_ap");
        return driver.flatMap(d -> Combinators.combine(hex4(), hex4(),
                        type(d).list().ofMaxSize(4).uniqueElements(Type::id))
                .as((v, dev, types) -> new Parent(String.format("0000:%02x:00.0", bus), v, dev, d, types)));
    }

    static Arbitrary<GeneratedHost> hosts() {
        Arbitrary<List<Parent>> parents = Arbitraries.integers().between(0, 4)
                .flatMap(n -> Combinators.combine(range(n).stream().map(GeneratedHost::parent).toList()).as(List::copyOf));
        return parents.flatMap(ps -> {
            List<int[]> slots = new ArrayList<>();
            for (int p = 0; p < ps.size(); p++) {
                for (int t = 0; t < ps.get(p).types().size(); t++) {
                    slots.add(new int[] {p, t});
                }
            }
            Arbitrary<List<Mdev>> mdevs = slots.isEmpty() ? Arbitraries.just(List.of())
                    : Combinators.combine(Arbitraries.create(java.util.UUID::randomUUID).map(Object::toString),
                                    Arbitraries.of(slots), Arbitraries.strings().alpha().numeric().ofMinLength(1)
                                            .ofMaxLength(12).injectNull(0.5))
                            .as((u, s, mv) -> new Mdev(u, s[0], s[1], mv)).list().ofMaxSize(6).uniqueElements(Mdev::uuid);
            Arbitrary<List<Function>> fns = Arbitraries.integers().between(0, 3).flatMap(n -> Combinators.combine(
                    range(n).stream().map(i -> Combinators.combine(hex4(), hex4(),
                                    Arbitraries.of("vfio-pci", "mlx5_vfio_pci", "hisi_acc_vfio_pci"), Arbitraries.of(true, false))
                            .as((v, d, drv, vf) -> new Function(String.format("0000:%02x:00.%d", 0x80 + i, vf ? 2 : 0), v, d, drv,
                                    vf ? String.format("0000:%02x:00.0", 0x80 + i) : null))).toList()).as(List::copyOf));
            return Combinators.combine(mdevs, fns).as((m, f) -> new GeneratedHost(ps, m, f));
        });
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    // ------------------------------------------------------------------ expectations

    List<Expected> expectedDevices() {
        List<Expected> out = new ArrayList<>();
        for (Mdev m : mdevs) {
            Parent p = parents.get(m.parent);
            Type t = p.types().get(m.type);
            out.add(new Expected(m.uuid, DeviceKind.MDEV, p.address(), t.api(), t.id()));
        }
        for (Function f : functions) {
            String type = f.driver().equals("vfio-pci") && f.vendor().equals("8086")
                    && List.of("591d", "3e92", "1912").contains(f.device())
                    ? "vfio-pci:8086:" + f.device() : f.driver() + ":" + f.vendor() + ":" + f.device();
            out.add(new Expected(f.address(), DeviceKind.PHYS, "", "vfio-pci", type));
        }
        out.sort(Comparator.comparing(Expected::id));
        return out;
    }

    /** The version sysfs gives a type (the driver's, or the GVT-g pack's on a PCI parent). */
    static String version(Parent p, Type t, String driverVersion) {
        if (driverVersion != null) {
            return driverVersion;
        }
        return t.id().startsWith("i915-GVTg_") ? p.vendor() + "-" + p.device() + "-" + t.id() + "-0" : "";
    }

    // ------------------------------------------------------------------ writers

    void writeSysfs(Path root) throws IOException {
        for (Parent p : parents) {
            Path dir = root.resolve("devices/pci0000:00").resolve(p.address());
            write(dir.resolve("vendor"), "0x" + p.vendor() + "\n");
            write(dir.resolve("device"), "0x" + p.device() + "\n");
            link(dir.resolve("driver"), "../../../bus/pci/drivers/" + p.driver());
            link(root.resolve("class/mdev_bus").resolve(p.address()), "../../devices/pci0000:00/" + p.address());
            Files.createDirectories(dir.resolve("mdev_supported_types"));
            for (Type t : p.types()) {
                Path td = dir.resolve("mdev_supported_types").resolve(t.id());
                write(td.resolve("device_api"), t.api() + "\n");
                write(td.resolve("available_instances"), t.available() + "\n");
                write(td.resolve("create"), "");
                if (t.name() != null) {
                    write(td.resolve("name"), t.name() + "\n");
                }
                if (t.description() != null) {
                    write(td.resolve("description"), t.description() + "\n");
                }
                if (t.migrationVersion() != null) {
                    write(td.resolve("migration_version"), t.migrationVersion() + "\n");
                }
            }
        }
        for (Mdev m : mdevs) {
            Parent p = parents.get(m.parent);
            Path dir = root.resolve("devices/pci0000:00").resolve(p.address()).resolve(m.uuid);
            Files.createDirectories(dir);
            link(dir.resolve("mdev_type"), "../mdev_supported_types/" + p.types().get(m.type).id());
            if (m.migrationVersion != null) {
                write(dir.resolve("migration_version"), m.migrationVersion + "\n");
            }
            link(root.resolve("bus/mdev/devices").resolve(m.uuid), "../../../devices/pci0000:00/" + p.address() + "/" + m.uuid);
        }
        for (Function f : functions) {
            Path dir = root.resolve("devices/pci0000:80").resolve(f.address());
            write(dir.resolve("vendor"), "0x" + f.vendor() + "\n");
            write(dir.resolve("device"), "0x" + f.device() + "\n");
            link(dir.resolve("driver"), "../../../bus/pci/drivers/" + f.driver());
            if (f.physfn() != null) {
                link(dir.resolve("physfn"), "../" + f.physfn());
            }
            link(root.resolve("bus/pci/devices").resolve(f.address()), "../../../devices/pci0000:80/" + f.address());
        }
        for (Parent p : parents) {
            link(root.resolve("bus/pci/devices").resolve(p.address()), "../../../devices/pci0000:00/" + p.address());
        }
    }

    String mdevctlTypes() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < parents.size(); i++) {
            Parent p = parents.get(i);
            sb.append(i == 0 ? "" : ",").append("{").append(json(p.address())).append(": [");
            for (int j = 0; j < p.types().size(); j++) {
                Type t = p.types().get(j);
                sb.append(j == 0 ? "" : ",").append("{").append(json(t.id())).append(": {\"available_instances\": ")
                        .append(t.available()).append(", \"device_api\": ").append(json(t.api()));
                if (t.name() != null) {
                    sb.append(", \"name\": ").append(json(t.name()));
                }
                if (t.description() != null) {
                    sb.append(", \"description\": ").append(json(t.description()));
                }
                sb.append("}}");
            }
            sb.append("]}");
        }
        return sb.append("]").toString();
    }

    String mdevctlList() {
        Map<String, List<Mdev>> byParent = new LinkedHashMap<>();
        mdevs.forEach(m -> byParent.computeIfAbsent(parents.get(m.parent).address(), k -> new ArrayList<>()).add(m));
        StringBuilder sb = new StringBuilder("[");
        int i = 0;
        for (Map.Entry<String, List<Mdev>> e : byParent.entrySet()) {
            sb.append(i++ == 0 ? "" : ",").append("{").append(json(e.getKey())).append(": [");
            for (int j = 0; j < e.getValue().size(); j++) {
                Mdev m = e.getValue().get(j);
                sb.append(j == 0 ? "" : ",").append("{").append(json(m.uuid)).append(": {\"mdev_type\": ")
                        .append(json(parents.get(m.parent).types().get(m.type).id())).append(", \"start\": \"auto\", \"attrs\": []}}");
            }
            sb.append("]}");
        }
        return sb.append("]").toString();
    }

    /** Every device as {@code virsh nodedev-dumpxml} prints it, concatenated. */
    String nodedevXml() {
        StringBuilder sb = new StringBuilder();
        for (Parent p : parents) {
            sb.append("<device>\n  <name>").append(nodeName(p.address())).append("</name>\n  <parent>computer</parent>\n")
                    .append("  <driver><name>").append(p.driver()).append("</name></driver>\n")
                    .append(pciCapability(p.address(), p.vendor(), p.device(), null, true));
            sb.append("    <capability type='mdev_types'>\n");
            for (Type t : p.types()) {
                sb.append("      <type id='").append(xml(t.id())).append("'>\n");
                if (t.name() != null) {
                    sb.append("        <name>").append(xml(t.name())).append("</name>\n");
                }
                sb.append("        <deviceAPI>").append(t.api()).append("</deviceAPI>\n        <availableInstances>")
                        .append(t.available()).append("</availableInstances>\n      </type>\n");
            }
            sb.append("    </capability>\n  </capability>\n</device>\n");
        }
        for (Mdev m : mdevs) {
            Parent p = parents.get(m.parent);
            sb.append("<device>\n  <name>mdev_").append(m.uuid.replace('-', '_')).append("</name>\n  <parent>")
                    .append(nodeName(p.address())).append("</parent>\n  <capability type='mdev'>\n    <type id='")
                    .append(xml(p.types().get(m.type).id())).append("'/>\n    <uuid>").append(m.uuid)
                    .append("</uuid>\n  </capability>\n</device>\n");
        }
        for (Function f : functions) {
            sb.append("<device>\n  <name>").append(nodeName(f.address())).append("</name>\n  <driver><name>").append(f.driver())
                    .append("</name></driver>\n").append(pciCapability(f.address(), f.vendor(), f.device(), f.physfn(), false))
                    .append("  </capability>\n</device>\n");
        }
        return sb.toString();
    }

    private static String pciCapability(String address, String vendor, String device, String physfn, boolean open) {
        String[] a = address.split("[:.]");
        StringBuilder sb = new StringBuilder("  <capability type='pci'>\n    <domain>" + Integer.parseInt(a[0], 16)
                + "</domain>\n    <bus>" + Integer.parseInt(a[1], 16) + "</bus>\n    <slot>" + Integer.parseInt(a[2], 16)
                + "</slot>\n    <function>" + Integer.parseInt(a[3], 16) + "</function>\n    <product id='0x" + device
                + "'/>\n    <vendor id='0x" + vendor + "'>V</vendor>\n");
        if (physfn != null) {
            String[] b = physfn.split("[:.]");
            sb.append("    <capability type='phys_function'>\n      <address domain='0x").append(b[0]).append("' bus='0x")
                    .append(b[1]).append("' slot='0x").append(b[2]).append("' function='0x").append(b[3])
                    .append("'/>\n    </capability>\n");
        }
        return sb.toString();
    }

    private static String nodeName(String address) {
        return "pci_" + address.replace(':', '_').replace('.', '_');
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;");
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void link(Path link, String target) throws IOException {
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
    }

    static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
