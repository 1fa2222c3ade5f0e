package org.vfiocompat.planner;

import java.util.List;
import java.util.Objects;
import org.vfiocompat.rules.Level;

/**
 * A whole VM on one target host: every device placed there, and the VM-level verdict.
 *
 * @param vm       the VM, {@code host/name}
 * @param from     its host now
 * @param to       the target host
 * @param level    LIVE only when every device's verdict is LIVE and the VM-level rules allow a
 *                 live migration (P2P for more than one VFIO device); otherwise COLD
 * @param score    the sum of the devices' pack scores
 * @param limiting the device that keeps the VM from LIVE ({@code ""} for a LIVE move)
 * @param reason   why not LIVE ({@code ""} for a LIVE move)
 * @param devices  each device's place, in device order
 */
public record VmMove(String vm, String from, String to, Level level, int score, String limiting, String reason,
                     List<DeviceMove> devices) {

    public VmMove {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(limiting, "limiting");
        Objects.requireNonNull(reason, "reason");
        devices = List.copyOf(devices);
    }

    /** Never: QEMU blocks postcopy for any VM with a VFIO device, whatever the packs say. */
    public boolean postcopy() {
        return false;
    }
}
