package org.vfiocompat.engine.eval;

import java.util.Map;
import org.vfiocompat.rules.DeviceProfile;

/**
 * Size limits on what a pack is handed. Helper functions are linear in their input, so bounding
 * the input bounds every rule's work; a profile over a limit is never inserted.
 */
final class InputBounds {

    static final int MAX_STRING = 1024;
    static final int MAX_ATTRIBUTES = 64;

    private InputBounds() {
    }

    private static boolean hostTooLong(org.vfiocompat.rules.HostSoftware h) {
        return h.getKernel().length() > MAX_STRING || h.getQemu().length() > MAX_STRING
                || h.getLibvirt().length() > MAX_STRING || h.getOsId().length() > MAX_STRING
                || h.getOsVersion().length() > MAX_STRING;
    }

    /** Why {@code profile} is too large to evaluate, or {@code null} when it is within bounds. */
    static String violation(String side, DeviceProfile profile) {
        if (profile.getMigrationVersion().length() > MAX_STRING) {
            return side + " migration version is longer than " + MAX_STRING + " characters";
        }
        if (profile.getMigrationType().length() > MAX_STRING || profile.getDeviceApi().length() > MAX_STRING
                || profile.getParentModel().length() > MAX_STRING || hostTooLong(profile.getHost())) {
            return side + " profile has a field longer than " + MAX_STRING + " characters";
        }
        if (profile.getAttributes().size() > MAX_ATTRIBUTES) {
            return side + " profile has more than " + MAX_ATTRIBUTES + " attributes";
        }
        for (Map.Entry<String, String> e : profile.getAttributes().entrySet()) {
            if (e.getKey().length() > MAX_STRING || e.getValue().length() > MAX_STRING) {
                return side + " attribute '" + e.getKey() + "' is longer than " + MAX_STRING + " characters";
            }
        }
        return null;
    }
}
