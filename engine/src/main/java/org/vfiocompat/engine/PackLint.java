package org.vfiocompat.engine;

import java.util.List;

/**
 * What linting packs found: every load-time problem of every pack, and of the packs together,
 * without evaluating a single pair.
 *
 * @param packs    the packs that passed every check
 * @param findings every problem found, each with its file and place
 */
public record PackLint(List<CleanPack> packs, List<Problem> findings) {

    /**
     * A pack with no finding.
     *
     * @param id       its id
     * @param version  its version
     * @param location where it was loaded from
     */
    public record CleanPack(String id, String version, String location) {

        /** {@code id version (location)}. */
        @Override
        public String toString() {
            return id + " " + version + " (" + location + ")";
        }
    }

    public PackLint {
        packs = List.copyOf(packs);
        findings = List.copyOf(findings);
    }

    public boolean ok() {
        return findings.isEmpty();
    }
}
