package org.vfiocompat.rules;

import java.util.Objects;

/**
 * The software of the host a device sits on, as its tools report it: what decides whether the
 * host can migrate a VFIO device at all, whatever the device (since rules API 1.2).
 *
 * <p>Facts, not identity: no host name, no address. Each field is the tool's own string, or
 * {@code ""} when the inventory does not say (or the pack does not read it: a pack sees a host
 * fact only when its manifest names it in {@code reads}, {@code "host.kernel"} or {@code "host"}
 * for all). Immutable; equal values are interchangeable.
 *
 * @since rules API 1.2
 */
public final class HostSoftware {

    /** Nothing known: what every profile carries unless its inventory says more. */
    public static final HostSoftware NONE = new HostSoftware("", "", "", "", "");

    private final String kernel;
    private final String qemu;
    private final String libvirt;
    private final String osId;
    private final String osVersion;
    private final int hash;

    private HostSoftware(String kernel, String qemu, String libvirt, String osId, String osVersion) {
        this.kernel = orEmpty(kernel);
        this.qemu = orEmpty(qemu);
        this.libvirt = orEmpty(libvirt);
        this.osId = orEmpty(osId);
        this.osVersion = orEmpty(osVersion);
        this.hash = Objects.hash(this.kernel, this.qemu, this.libvirt, this.osId, this.osVersion);
    }

    /**
     * Host software facts; {@code null} or {@code ""} for each one not known.
     *
     * @param kernel    the kernel release, {@code uname -r}: {@code 6.8.0-45-generic}, {@code 5.14.0-427.13.1.el9_4.x86_64}
     * @param qemu      the QEMU version, {@code virsh version} "running hypervisor": {@code 8.2.2}
     * @param libvirt   the libvirt version, {@code virsh version} "using library": {@code 10.0.0}
     * @param osId      {@code /etc/os-release} {@code ID}: {@code rhel}, {@code ubuntu}
     * @param osVersion {@code /etc/os-release} {@code VERSION_ID}: {@code 9.4}
     */
    public static HostSoftware of(String kernel, String qemu, String libvirt, String osId, String osVersion) {
        HostSoftware h = new HostSoftware(kernel, qemu, libvirt, osId, osVersion);
        return h.isEmpty() ? NONE : h;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The kernel release ({@code uname -r}), or {@code ""}. */
    public String getKernel() {
        return kernel;
    }

    /** The QEMU version, or {@code ""}. */
    public String getQemu() {
        return qemu;
    }

    /** The libvirt version, or {@code ""}. */
    public String getLibvirt() {
        return libvirt;
    }

    /** The os-release {@code ID}, or {@code ""}. */
    public String getOsId() {
        return osId;
    }

    /** The os-release {@code VERSION_ID}, or {@code ""}. */
    public String getOsVersion() {
        return osVersion;
    }

    /** Whether no fact is known. */
    public boolean isEmpty() {
        return kernel.isEmpty() && qemu.isEmpty() && libvirt.isEmpty() && osId.isEmpty() && osVersion.isEmpty();
    }

    /**
     * Only the facts named: the others become {@code ""}. How the engine reduces a profile's
     * host facts to those a pack reads.
     */
    public HostSoftware keep(boolean kernel, boolean qemu, boolean libvirt, boolean osId, boolean osVersion) {
        return of(kernel ? this.kernel : "", qemu ? this.qemu : "", libvirt ? this.libvirt : "",
                osId ? this.osId : "", osVersion ? this.osVersion : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostSoftware h && hash == h.hash && kernel.equals(h.kernel) && qemu.equals(h.qemu)
                && libvirt.equals(h.libvirt) && osId.equals(h.osId) && osVersion.equals(h.osVersion);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("host[");
        append(b, "kernel", kernel);
        append(b, "qemu", qemu);
        append(b, "libvirt", libvirt);
        append(b, "os", osId.isEmpty() && osVersion.isEmpty() ? "" : osId + " " + osVersion);
        return b.append(']').toString();
    }

    private static void append(StringBuilder b, String name, String value) {
        if (!value.isEmpty()) {
            if (b.charAt(b.length() - 1) != '[') {
                b.append(' ');
            }
            b.append(name).append('=').append(value.strip());
        }
    }
}
