package org.vfiocompat.engine.importer;

import static org.vfiocompat.engine.importer.SafeXml.child;
import static org.vfiocompat.engine.importer.SafeXml.children;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.ProblemCodes;
import org.w3c.dom.Element;

/**
 * Reads {@code nvidia-smi -q -x} on a vGPU host, by element name: the element set and order change
 * with each driver branch, so a missing element is normal and an unknown one is ignored; {@code N/A}
 * is no value. Only the DOCTYPE nvidia-smi writes (a SYSTEM id, no internal subset) is let through.
 * Active vGPU instances are not read from this XML: their element names could not be verified
 * (docs/inventory.md); {@code nvidia-smi vgpu -q} ({@link NvidiaSmiVgpu}) carries them.
 */
final class NvidiaSmiXml {

    /** What the log says: the host driver's version and each GPU (physical functions only). */
    record Log(String driverVersion, List<Gpu> gpus) {
    }

    /**
     * One GPU; any field but the address may be null.
     *
     * @param address              its PCI address, {@code 0000:41:00.0}
     * @param productName          {@code NVIDIA L40S}
     * @param boardId              {@code 0x4100}
     * @param pciDeviceId          {@code 26B910DE} (device and vendor id)
     * @param pciSubSystemId       {@code 185110DE}
     * @param currentEcc           ECC mode now: {@code Enabled}, {@code Disabled}
     * @param pendingEcc           ECC mode after the next reboot
     * @param virtualizationMode   {@code Host VGPU}
     * @param hostVgpuMode         {@code SR-IOV} or {@code Non SR-IOV}
     * @param heterogeneousMode    vGPU heterogeneous mode, {@code Enabled} or {@code Disabled}
     */
    record Gpu(String address, String productName, String boardId, String pciDeviceId, String pciSubSystemId,
               String currentEcc, String pendingEcc, String virtualizationMode, String hostVgpuMode,
               String heterogeneousMode) {
    }

    private NvidiaSmiXml() {
    }

    /** The log, or null with an error when the file is no nvidia-smi XML. */
    static Log read(Path file, Warnings warnings) {
        List<Element> roots = SafeXml.roots(file, warnings, true);
        if (roots.isEmpty()) {
            return null;
        }
        Element log = roots.get(0);
        if (roots.size() != 1 || !log.getTagName().equals("nvidia_smi_log")) {
            warnings.error(ProblemCodes.IMPORT_MALFORMED, Place.of(file), "expected one <nvidia_smi_log>, got <" + log.getTagName() + ">"
                    + (roots.size() > 1 ? " and " + (roots.size() - 1) + " more" : ""));
            return null;
        }
        List<Gpu> gpus = new ArrayList<>();
        List<Element> gpuElements = children(log, "gpu");
        for (int i = 0; i < gpuElements.size(); i++) {
            Element gpu = gpuElements.get(i);
            Element pci = child(gpu, "pci");
            String rawId = SafeXml.attr(gpu, "id");
            String address = ToolOutput.pciAddress(rawId != null ? rawId : text(pci, "pci_bus_id"));
            if (address == null) {
                warnings.add(ProblemCodes.IMPORT_LEFT_OUT, new Place(Location.part(file.toString(), "gpu #" + (i + 1))),
                        "no PCI bus id (id attribute or pci/pci_bus_id); GPU left out");
                continue;
            }
            Element ecc = child(gpu, "ecc_mode");
            Element virt = child(gpu, "gpu_virtualization_mode");
            gpus.add(new Gpu(address, text(gpu, "product_name"), text(gpu, "board_id"), text(pci, "pci_device_id"),
                    text(pci, "pci_sub_system_id"), text(ecc, "current_ecc"), text(ecc, "pending_ecc"),
                    text(virt, "virtualization_mode"), text(virt, "host_vgpu_mode"), text(virt, "vgpu_heterogeneous_mode")));
        }
        return new Log(text(log, "driver_version"), gpus);
    }

    private static String text(Element parent, String name) {
        return parent == null ? null : ToolOutput.value(SafeXml.text(parent, name));
    }
}
