package org.vfiocompat.engine;

/** What a candidate target is. */
public enum CandidateKind {
    /** A free physical device, or an existing mdev assigned to no VM. */
    EXISTING,
    /** An mdev type that a parent can still create: the answer is a configuration to make. */
    CREATABLE
}
