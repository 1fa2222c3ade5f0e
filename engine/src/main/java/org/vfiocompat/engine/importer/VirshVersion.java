package org.vfiocompat.engine.importer;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code virsh version}: {@code Label: value} lines, read by label. {@code Using library:
 * libvirt X.Y.Z} gives the libvirt version the host runs (not the one virsh was compiled against),
 * {@code Running hypervisor: QEMU A.B.C} the QEMU version. Other lines are ignored; a missing
 * one is no value.
 */
final class VirshVersion {

    /** The versions; either may be null. */
    record Versions(String libvirt, String qemu) {
    }

    private VirshVersion() {
    }

    /** The versions, or null with an error when the file cannot be read. */
    static Versions read(Path file, Warnings warnings) {
        List<String> lines = ToolOutput.lines(file, warnings);
        if (lines == null) {
            return null;
        }
        String libvirt = null;
        String qemu = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String label = line.substring(0, colon).strip();
            String[] words = line.substring(colon + 1).strip().split("\\s+");
            if (words.length != 2 || ToolOutput.value(words[1]) == null) {
                continue;
            }
            if (label.equals("Using library") && words[0].equals("libvirt") && libvirt == null) {
                libvirt = words[1];
            } else if (label.equals("Running hypervisor") && words[0].equals("QEMU") && qemu == null) {
                qemu = words[1];
            }
        }
        return new Versions(libvirt, qemu);
    }
}
