package org.vfiocompat.engine;

/**
 * One rule of a pack and how often the pack's test vectors fired it.
 *
 * @param name    the rule's name
 * @param file    the DRL file that declares it, as errors name it ({@code <pack id>/<path>})
 * @param line    the line of its {@code rule} keyword, 0 when unknown
 * @param firings how many times it fired over all vectors of the run (0: never)
 */
public record RuleCoverage(String name, String file, int line, int firings) {

    public boolean fired() {
        return firings > 0;
    }
}
