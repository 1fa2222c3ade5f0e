package org.vfiocompat.rules;

/**
 * How far a VM's device state can move to a target.
 *
 * <p>Declared from best to worst so that {@link #compareTo} orders a candidate list: a more
 * severe level always wins when a pack's findings are combined (NONE over COLD over LIVE), the
 * way a forbid overrides a permit in a policy language.
 */
public enum Level {
    /** Live migration works: the target accepts the running device state. */
    LIVE,
    /** Only stopped or offline migration works: the guest must be shut down and restarted. */
    COLD,
    /** The target cannot take this VM's device. */
    NONE,
    /** No pack could decide: nobody owns the type, or the owning pack failed. Never a guess. */
    UNKNOWN;

    /** Whether a VM can move to a target with this level at all. */
    public boolean isCompatible() {
        return this == LIVE || this == COLD;
    }
}
