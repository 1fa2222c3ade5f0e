package org.vfiocompat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The distinct profiles an inventory read has found (a batch's), or the one a command will judge
 * (a check's source), handed to the engine being built beside the read
 * ({@link CompatibilityEngine#expect}): those found before the engine exists are kept
 * and handed over when it does, the later ones at once. The read and the build run on two
 * threads, so either may come first.
 */
final class ExpectedProfiles implements Consumer<DeviceProfile> {

    private final List<DeviceProfile> early = new ArrayList<>();
    private CompatibilityEngine engine;

    /** A profile the read found (on one of the reading threads: an NDJSON file is read on several). */
    @Override
    public synchronized void accept(DeviceProfile profile) {
        if (engine != null) {
            engine.expect(profile);
        } else {
            early.add(profile);
        }
    }

    /** The engine is constructed (on the building thread): it hears of every profile found so far. */
    synchronized void engineBuilt(CompatibilityEngine built) {
        engine = built;
        early.forEach(built::expect);
        early.clear();
    }
}
