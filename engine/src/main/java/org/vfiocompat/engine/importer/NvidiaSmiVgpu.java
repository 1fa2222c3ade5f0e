package org.vfiocompat.engine.importer;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code nvidia-smi vgpu -q}: a {@code GPU <bus id>} line per GPU, then per active vGPU a
 * {@code vGPU ID : n} line and its fields, indented, {@code Label : value}. Fields are read by
 * label, at the instance's own level (the {@code Bus Id} under {@code PCI} is the guest's, not
 * the instance's); labels this reader does not know, and their order, do not matter.
 */
final class NvidiaSmiVgpu {

    /**
     * One active vGPU; any field may be null ({@code N/A} is null).
     *
     * @param gpu           its GPU's PCI address, {@code 0000:41:00.0}
     * @param vgpuId        {@code 3251634177}
     * @param vmUuid        the VM's (libvirt domain's) UUID
     * @param vmName        the VM's name
     * @param name          the vGPU type's name, {@code NVIDIA L40S-4Q} (the mdev type's {@code name})
     * @param type          the numeric vGPU type, {@code 1160} (mdev type {@code nvidia-1160})
     * @param mdevUuid      the mdev's UUID
     * @param guestDriver   the guest driver's version
     */
    record Instance(String gpu, String vgpuId, String vmUuid, String vmName, String name, String type, String mdevUuid,
                    String guestDriver) {
    }

    private NvidiaSmiVgpu() {
    }

    /** The instances, or null with an error when the file cannot be read. */
    static List<Instance> read(Path file, Warnings warnings) {
        List<String> lines = ToolOutput.lines(file, warnings);
        return lines == null ? null : parse(lines);
    }

    static List<Instance> parse(List<String> lines) {
        List<Instance> out = new ArrayList<>();
        String gpu = null;
        Map<String, String> instance = null;
        String instanceGpu = null;
        Deque<Integer> sections = new ArrayDeque<>();
        for (String raw : lines) {
            String line = raw.stripTrailing();
            if (line.isBlank()) {
                continue;
            }
            int indent = 0;
            while (indent < line.length() && (line.charAt(indent) == ' ' || line.charAt(indent) == '\t')) {
                indent++;
            }
            String body = line.substring(indent);
            while (!sections.isEmpty() && sections.peek() >= indent) {
                sections.pop();
            }
            if (indent == 0 && body.startsWith("GPU ")) {
                instance = flush(out, instance, instanceGpu);
                gpu = ToolOutput.pciAddress(body.substring(4));
                sections.clear();
                continue;
            }
            int colon = body.indexOf(':');
            if (colon < 0) {
                sections.push(indent);
                continue;
            }
            String key = body.substring(0, colon).strip();
            String value = ToolOutput.value(body.substring(colon + 1));
            if (key.equals("vGPU ID")) {
                instance = flush(out, instance, instanceGpu);
                instance = new LinkedHashMap<>();
                instance.put(key, value);
                instanceGpu = gpu;
            } else if (instance != null && sections.isEmpty() && indent > 0) {
                instance.putIfAbsent(key, value);
            }
        }
        flush(out, instance, instanceGpu);
        return out;
    }

    private static Map<String, String> flush(List<Instance> out, Map<String, String> i, String gpu) {
        if (i != null) {
            out.add(new Instance(gpu, i.get("vGPU ID"), i.get("VM UUID"), i.get("VM Name"), i.get("vGPU Name"),
                    i.get("vGPU Type"), i.get("MDEV UUID"), i.get("Guest Driver Version")));
        }
        return null;
    }
}
