package org.vfiocompat.engine.importer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.inventory.InventoryJson;

/**
 * One host from a folder of its tools' recorded output, each file named after its command (as in
 * the shared fixture hosts): {@code sysfs/} (a copy of {@code /sys}, read by the sysfs scanner),
 * {@code mdevctl-types.json}, {@code mdevctl-list.json}, {@code virsh-nodedev-dumpxml-*.xml},
 * {@code virsh-dumpxml-*.xml} (assignments), {@code lspci-nn-D-vmm-k.txt}, {@code nvidia-smi-q-x.xml},
 * {@code nvidia-smi-vgpu-q.txt}, {@code devlink-*.json}, {@code uname-r.txt}, {@code os-release},
 * {@code virsh-version.txt}. Every source is optional; one that is there but malformed is an error.
 * Host software goes to the host's {@code software}; device facts the tools give go to the
 * devices' attributes under the tool's name ({@code nvidia-smi.current_ecc}, {@code devlink.fw.psid}),
 * for a pack's {@code derive} step to compose versions from later.
 */
final class RecordedHost {

    private final Path dir;
    private final Warnings warnings;
    private final int maxEntries;
    private final List<Path> domainXml = new ArrayList<>();
    private final Map<String, String> assignments = new LinkedHashMap<>();
    private SysfsScanner scanner;

    RecordedHost(Path dir, Warnings warnings, int maxEntries) {
        this.dir = dir;
        this.warnings = warnings;
        this.maxEntries = maxEntries;
    }

    /** libvirt domain XML found in the folder ({@code virsh-dumpxml-*.xml}). */
    List<Path> domainXml() {
        return domainXml;
    }

    /** VMs by mdev UUID from {@code nvidia-smi vgpu -q}, for devices no other assignment source names. */
    Map<String, String> assignments() {
        return assignments;
    }

    HostFacts read() {
        Path sysfs = dir.resolve("sysfs");
        HostFacts facts;
        if (Files.isDirectory(sysfs)) {
            scanner = new SysfsScanner(sysfs, warnings, maxEntries);
            facts = scanner.scan();
        } else {
            facts = new HostFacts();
        }
        facts.warnUnowned = true;
        MdevctlReader mdevctl = new MdevctlReader(warnings);
        if (present("mdevctl-types.json")) {
            mdevctl.readTypes(dir.resolve("mdevctl-types.json"), facts);
        }
        NodedevReader nodedev = new NodedevReader(warnings);
        matching("virsh-nodedev-dumpxml-*.xml").forEach(p -> nodedev.read(p, facts));
        if (present("mdevctl-list.json")) {
            mdevctl.readList(dir.resolve("mdevctl-list.json"), facts);
        }
        domainXml.addAll(matching("virsh-dumpxml-*.xml"));
        lspci(facts);
        nvidia(facts);
        devlink(facts);
        software(facts);
        return facts;
    }

    private void lspci(HostFacts facts) {
        if (!present("lspci-nn-D-vmm-k.txt")) {
            return;
        }
        List<Lspci.Function> functions = Lspci.read(dir.resolve("lspci-nn-D-vmm-k.txt"), warnings);
        if (functions == null) {
            return;
        }
        Map<String, String> revisions = new LinkedHashMap<>();
        for (Lspci.Function f : functions) {
            revisions.put(f.slot(), f.revision());
            facts.attribute(f.slot(), "lspci.rev", f.revision());
            // The guest-visible identity QEMU's config-space check compares (the linux-qemu pack).
            facts.attribute(f.slot(), "lspci.class", f.classCode());
            facts.attribute(f.slot(), "lspci.svendor", f.subsystemVendor());
            facts.attribute(f.slot(), "lspci.sdevice", f.subsystemDevice());
            if (PciFacts.vfioDriver(f.driver()) && f.vendor() != null && f.device() != null) {
                facts.addFunction(new PhysFacts(new PciFacts(f.slot(), f.vendor(), f.device(), f.subsystemVendor(),
                        f.subsystemDevice(), f.driver(), null), null, f.place()));
            }
        }
        for (PhysFacts f : facts.functions.values()) {
            String pf = f.pci().physfn();
            if (pf != null) {
                facts.attribute(f.pci().address(), "lspci.physfn.rev", revisions.get(pf));
            }
        }
    }

    private void nvidia(HostFacts facts) {
        if (present("nvidia-smi-q-x.xml")) {
            NvidiaSmiXml.Log log = NvidiaSmiXml.read(dir.resolve("nvidia-smi-q-x.xml"), warnings);
            if (log != null) {
                for (NvidiaSmiXml.Gpu gpu : log.gpus()) {
                    List<String> ids = new ArrayList<>();
                    for (ParentFacts p : facts.parents.values()) {
                        if (p.id().equals(gpu.address()) || p.pci() != null && gpu.address().equals(p.pci().physfn())) {
                            ids.add(p.id());
                        }
                    }
                    for (PhysFacts f : facts.functions.values()) {
                        if (f.pci().address().equals(gpu.address()) || gpu.address().equals(f.pci().physfn())) {
                            ids.add(f.pci().address());
                        }
                    }
                    for (String id : ids) {
                        facts.attribute(id, "nvidia-smi.driver_version", log.driverVersion());
                        facts.attribute(id, "nvidia-smi.product_name", gpu.productName());
                        facts.attribute(id, "nvidia-smi.board_id", gpu.boardId());
                        facts.attribute(id, "nvidia-smi.pci_device_id", gpu.pciDeviceId());
                        facts.attribute(id, "nvidia-smi.pci_sub_system_id", gpu.pciSubSystemId());
                        facts.attribute(id, "nvidia-smi.current_ecc", gpu.currentEcc());
                        facts.attribute(id, "nvidia-smi.pending_ecc", gpu.pendingEcc());
                        facts.attribute(id, "nvidia-smi.virtualization_mode", gpu.virtualizationMode());
                        facts.attribute(id, "nvidia-smi.host_vgpu_mode", gpu.hostVgpuMode());
                        facts.attribute(id, "nvidia-smi.vgpu_heterogeneous_mode", gpu.heterogeneousMode());
                    }
                }
            }
        }
        if (present("nvidia-smi-vgpu-q.txt")) {
            List<NvidiaSmiVgpu.Instance> instances = NvidiaSmiVgpu.read(dir.resolve("nvidia-smi-vgpu-q.txt"), warnings);
            for (NvidiaSmiVgpu.Instance i : instances == null ? List.<NvidiaSmiVgpu.Instance>of() : instances) {
                String uuid = i.mdevUuid() == null ? null : i.mdevUuid().toLowerCase(java.util.Locale.ROOT);
                if (uuid == null) {
                    // The vendor-specific VFIO layout has no mdev: the vGPU is a VF of this GPU
                    // whose current_vgpu_type is the instance's type. Two such VFs cannot be told
                    // apart here, so the join is made only when exactly one matches.
                    uuid = vfOf(facts, i.gpu(), i.type());
                    if (uuid == null) {
                        continue;
                    }
                }
                facts.attribute(uuid, "nvidia-smi.vgpu_name", i.name());
                facts.attribute(uuid, "nvidia-smi.vgpu_type", i.type());
                facts.attribute(uuid, "nvidia-smi.guest_driver_version", i.guestDriver());
                if (i.vmName() != null && i.vmName().chars().noneMatch(Character::isWhitespace)) {
                    assignments.putIfAbsent(uuid, i.vmName());
                }
            }
        }
    }

    /** The one VF of {@code gpu} with vGPU type {@code type} configured, or null. */
    private static String vfOf(HostFacts facts, String gpu, String type) {
        if (gpu == null || type == null) {
            return null;
        }
        List<String> vfs = facts.functions.values().stream()
                .filter(f -> gpu.equals(f.pci().physfn()) && type.equals(f.sysfs().get("sysfs.nvidia.current_vgpu_type")))
                .map(f -> f.pci().address()).toList();
        return vfs.size() == 1 ? vfs.get(0) : null;
    }

    private void devlink(HostFacts facts) {
        List<Path> files = matching("devlink-*.json");
        if (files.isEmpty()) {
            return;
        }
        Devlink.Facts devlink = Devlink.Facts.empty();
        files.forEach(f -> Devlink.read(f, warnings, devlink));
        // Each VF port once: its VF is the PF's virtfnN link (one link read per port, not one per
        // port and function: a host with 1,000 VFs would otherwise read a million links).
        Map<String, String> migratableByVf = new java.util.HashMap<>();
        if (scanner != null) {
            for (Devlink.Port port : devlink.ports()) {
                if ("pcivf".equals(port.flavour()) && port.vfnum() != null && port.device().startsWith("pci/")) {
                    String vf = scanner.virtfn(port.device().substring("pci/".length()), port.vfnum());
                    if (vf != null && port.migratable() != null) {
                        migratableByVf.putIfAbsent(vf, port.migratable());
                    }
                }
            }
        }
        boolean warned = false;
        for (PhysFacts f : facts.functions.values()) {
            String pf = f.pci().physfn();
            if (pf == null) {
                continue;
            }
            String handle = "pci/" + pf;
            Devlink.Info info = devlink.info(handle);
            String id = f.pci().address();
            if (info != null) {
                facts.attribute(id, "devlink.fw.psid", info.psid());
                facts.attribute(id, "devlink.fw.version", info.fwVersion());
            }
            facts.attribute(id, "devlink.eswitch.mode", devlink.eswitchModes().get(handle));
            if (scanner == null && !warned && devlink.ports().stream().anyMatch(p -> p.device().equals(handle) && "pcivf".equals(p.flavour()))) {
                warnings.add(ProblemCodes.IMPORT_MISSING, Place.of(dir.resolve("sysfs")), "missing: without sysfs the devlink ports"
                        + " cannot be matched to VFs; port function facts (migratable) left out");
                warned = true;
            }
            facts.attribute(id, "devlink.port.function.migratable", migratableByVf.get(id));
        }
    }

    private void software(HostFacts facts) {
        String kernel = present("uname-r.txt") ? KernelRelease.read(dir.resolve("uname-r.txt"), warnings) : null;
        Map<String, String> os = present("os-release") ? OsRelease.read(dir.resolve("os-release"), warnings) : null;
        VirshVersion.Versions virsh = present("virsh-version.txt") ? VirshVersion.read(dir.resolve("virsh-version.txt"), warnings) : null;
        facts.software = new InventoryJson.SoftwareJson(kernel, virsh == null ? null : virsh.qemu(), virsh == null ? null : virsh.libvirt(),
                os == null ? null : ToolOutput.value(os.get("ID")), os == null ? null : ToolOutput.value(os.get("VERSION_ID")));
    }

    private boolean present(String name) {
        return Files.exists(dir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private List<Path> matching(String glob) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
            entries.forEach(out::add);
        } catch (IOException e) {
            warnings.error(ProblemCodes.FILE_UNREADABLE, Place.of(dir), "cannot be listed: " + e.getMessage());
        }
        out.sort(null);
        return out;
    }
}
