package org.vfiocompat.engine;

/**
 * The outcome of one test vector of a pack.
 *
 * @param packId   the pack whose vector it is
 * @param file     the vector file, relative to the pack folder
 * @param name     the vector's name
 * @param passed   whether the engine's answer matched
 * @param expected what the vector expects, in words
 * @param actual   what the engine answered, in words
 * @param rules    the rules that fired, in order; for an order vector, every rule that fired for any
 *                 target, each once, best-ranked target first
 */
public record VectorResult(String packId, String file, String name, boolean passed, String expected, String actual,
                           java.util.List<String> rules) {

    public VectorResult {
        rules = java.util.List.copyOf(rules);
    }
}
