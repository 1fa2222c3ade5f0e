package org.vfiocompat.engine.importer;

/**
 * A PCI function as a host describes it. Ids are four lower-case hex digits without {@code 0x};
 * any field but the address may be null when the source does not tell.
 *
 * @param address         {@code DDDD:BB:DD.F}
 * @param vendor          PCI vendor id
 * @param device          PCI device id
 * @param subsystemVendor PCI subsystem vendor id
 * @param subsystemDevice PCI subsystem device id
 * @param driver          the bound driver's name
 * @param physfn          for a VF, its physical function's address
 */
record PciFacts(String address, String vendor, String device, String subsystemVendor, String subsystemDevice,
                String driver, String physfn) {

    /** Whether {@code driver} is vfio-pci or a vfio-pci variant driver ({@code mlx5_vfio_pci}, ...). */
    static boolean vfioDriver(String driver) {
        return driver != null && (driver.equals("vfio-pci") || driver.endsWith("_vfio_pci") || driver.endsWith("-vfio-pci"));
    }

    /** {@code 0x8086}, {@code 8086} or {@code 0x10DE} as {@code 8086} / {@code 10de}; null when it is no 16-bit hex id. */
    static String hexId(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip().toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("0x")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || s.length() > 4) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return null;
            }
        }
        return "0".repeat(4 - s.length()) + s;
    }

    /**
     * A one-byte id ({@code 00}, {@code 0x30}, {@code 1}) as two lower-case hex digits, as lspci
     * prints revisions and programming interfaces; null when it is no hex value below 0x100. The
     * one conversion for lspci's {@code Rev} and {@code ProgIf} and sysfs's {@code revision} file,
     * so the same function gives the same value whichever tool reported it.
     */
    static String byteId(String raw) {
        String id = hexId(raw);
        // hexId pads to four digits: a byte is the last two of a value that fits in one.
        return id == null || !id.startsWith("00") ? null : id.substring(2);
    }

    PciFacts merge(PciFacts other) {
        if (other == null) {
            return this;
        }
        return new PciFacts(address, first(vendor, other.vendor), first(device, other.device),
                first(subsystemVendor, other.subsystemVendor), first(subsystemDevice, other.subsystemDevice),
                first(driver, other.driver), first(physfn, other.physfn));
    }

    static String first(String a, String b) {
        return a != null ? a : b;
    }
}
