package org.vfiocompat.cli;

import org.vfiocompat.engine.CompatibilityEngine;

/** One concern's part of an engine's configuration, given by an option mixin (or a command) to {@link Engines#build}. */
@FunctionalInterface
interface EngineConfig {

    /** Checks the options of this concern (a bad combination throws {@link UsageProblem}) and applies them. */
    void applyTo(CompatibilityEngine.Builder builder);
}
