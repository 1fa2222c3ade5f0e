package org.vfiocompat.engine;

import java.util.List;

/**
 * What linting packs found: every load-time problem of every pack, and of the packs together,
 * without evaluating a single pair.
 *
 * @param packs    the packs that passed every check, as {@code id version (location)}
 * @param findings every problem found, each with its file and place
 */
public record PackLint(List<String> packs, List<Problem> findings) {

    public PackLint {
        packs = List.copyOf(packs);
        findings = List.copyOf(findings);
    }

    public boolean ok() {
        return findings.isEmpty();
    }
}
