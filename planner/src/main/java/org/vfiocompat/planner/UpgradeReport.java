package org.vfiocompat.planner;

import java.util.List;

/**
 * A rolling-upgrade what-if, wave by wave.
 *
 * @param changes  the planned changes, as given
 * @param vms      how many VMs the fleet runs
 * @param liveVms  how many of them have a live path before any wave
 * @param waves    one per wave, in order
 * @param warnings changes no pack reads (they change no profile)
 */
public record UpgradeReport(List<HostChange> changes, int vms, int liveVms, List<Wave> waves, List<String> warnings) {

    public UpgradeReport {
        changes = List.copyOf(changes);
        waves = List.copyOf(waves);
        warnings = List.copyOf(warnings);
    }
}
