package org.vfiocompat.engine;

import java.util.List;

/**
 * Which rules of one pack its test vectors fired: a rule no vector fires is a rule no test pins.
 *
 * @param packId      the pack
 * @param packVersion its version
 * @param rules       every rule the pack declares, in file and declaration order
 */
public record PackCoverage(String packId, String packVersion, List<RuleCoverage> rules) {

    public PackCoverage {
        rules = List.copyOf(rules);
    }

    /** How many of the pack's rules fired at least once. */
    public int firedCount() {
        return (int) rules.stream().filter(RuleCoverage::fired).count();
    }

    /** The rules no vector fired, in declaration order. */
    public List<RuleCoverage> neverFired() {
        return rules.stream().filter(r -> !r.fired()).toList();
    }

    /** Fired rules as a percentage of all rules; 100 for a pack without rules. */
    public double percent() {
        return rules.isEmpty() ? 100.0 : 100.0 * firedCount() / rules.size();
    }
}
