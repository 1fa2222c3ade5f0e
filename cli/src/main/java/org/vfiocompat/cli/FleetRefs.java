package org.vfiocompat.cli;

import java.util.List;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;

/** Turns the refs users type into fleet devices, with errors that show what would have matched. */
final class FleetRefs {

    private FleetRefs() {
    }

    static FleetDevice device(Fleet fleet, String ref) {
        return fleet.device(ref).orElseThrow(() -> new UsageProblem(fleet.name() + ": no device '" + ref + "'" + hint(fleet, ref)));
    }

    static Candidate candidate(Fleet fleet, String ref) {
        return fleet.candidate(ref).orElseThrow(() -> new UsageProblem(fleet.name() + ": no device or creatable type '"
                + ref + "'" + hint(fleet, ref)));
    }

    private static String hint(Fleet fleet, String ref) {
        int slash = ref.indexOf('/');
        if (slash < 0) {
            return " (refs are host/deviceId, or host/parentId/type for a creatable mdev)";
        }
        String host = ref.substring(0, slash);
        if (!fleet.hosts().contains(host)) {
            return " (no host '" + host + "' in the inventory)";
        }
        List<String> onHost = fleet.devices().stream().filter(d -> d.host().equals(host)).map(FleetDevice::ref).limit(5).toList();
        return onHost.isEmpty() ? " (host " + host + " has no devices)" : " (devices on " + host + " include " + String.join(", ", onHost) + ")";
    }
}
