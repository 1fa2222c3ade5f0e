package org.vfiocompat.engine;

/** Told how far a batch has got, after each device, on the thread that called {@code batch}. */
@FunctionalInterface
public interface BatchProgress {

    /** Tells nothing. */
    BatchProgress NONE = (done, total) -> { };

    /**
     * @param done  devices handed to the sink so far
     * @param total devices the batch evaluates
     */
    void update(int done, int total);
}
