package org.vfiocompat.engine;

/**
 * Where packs' code runs (docs/security.md, "Isolation modes").
 */
public enum Isolation {
    /** Every pack in the engine's JVM, behind the sandbox's static checks and the watchdog. */
    IN_PROCESS,
    /**
     * Every pack not signed by a key the trust store trusts in a supervised worker JVM of its own
     * (heap cap, deadline enforced by killing the worker, restart on death); packs so signed in
     * the engine's JVM.
     */
    PROCESS
}
