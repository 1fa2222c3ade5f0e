package org.vfiocompat.engine.drl;

/**
 * One rule a pack declares, where it declares it: what rule coverage counts.
 *
 * @param name the rule's name, as verdicts list it
 * @param file the DRL file, as errors name it ({@code <pack id>/<relative path>})
 * @param line the line of the {@code rule} keyword, 0 when unknown
 */
public record PackRule(String name, String file, int line) {
}
