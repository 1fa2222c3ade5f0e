package org.vfiocompat.planner;

import java.util.List;
import java.util.Objects;

/**
 * Where one VM can go as a whole: the hosts that can take every device of it at once, best first
 * (LIVE before COLD, then the score, then the host name), and the hosts that cannot, with why.
 *
 * @param vm      the VM, {@code host/name}
 * @param devices its devices, {@code host/id}
 * @param targets one move per host that can receive it, best first
 * @param refused every other host but its own, by name
 */
public record Placement(String vm, List<String> devices, List<VmMove> targets, List<RefusedHost> refused) {

    public Placement {
        Objects.requireNonNull(vm, "vm");
        devices = List.copyOf(devices);
        targets = List.copyOf(targets);
        refused = List.copyOf(refused);
    }
}
