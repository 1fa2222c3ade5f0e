package org.vfiocompat.engine;

/**
 * Receives every decision the engine makes (each check, and each pair a rank or batch judges),
 * on the thread that made it: an audit trail, metrics, a message bus. The built-in NDJSON
 * decision log ({@link CompatibilityEngine.Builder#decisionLog(java.nio.file.Path)}) is one.
 *
 * <p>A sink must be thread-safe and quick. It is an observer: an exception it throws is logged
 * and counted, and the verdict still goes to the caller.
 */
@FunctionalInterface
public interface DecisionSink {

    void accept(Decision decision);

    /** Called once by {@link CompatibilityEngine#close()}: flush and release what the sink holds. */
    default void close() {
    }
}
