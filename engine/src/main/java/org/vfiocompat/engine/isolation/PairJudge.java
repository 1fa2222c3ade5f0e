package org.vfiocompat.engine.isolation;

import java.util.Optional;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.rules.DeviceProfile;

/** One pack's verdicts, wherever its code runs. Never throws from {@link #evaluate}. */
public interface PairJudge extends AutoCloseable {

    LoadedPack pack();

    /** Why the pack is quarantined, or empty while it is active. */
    Optional<String> quarantineReason();

    /** The pack's verdict on moving {@code source}'s state to {@code target} (a creatable configuration when {@code creatable}). */
    Verdict evaluate(DeviceProfile source, DeviceProfile target, boolean creatable);

    /** Ends whatever the judge runs on (a worker process); a later {@link #evaluate} may start it again. */
    @Override
    void close();
}
