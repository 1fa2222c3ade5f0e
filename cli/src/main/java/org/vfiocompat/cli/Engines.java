package org.vfiocompat.cli;

import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.RefusedPack;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The engines one run of the command built: a command builds its engine here from the option
 * mixins it has, and {@link Main} closes every engine built (flushing decision logs, stopping
 * watches) once the command is done, however it ended.
 */
final class Engines {

    private final List<CompatibilityEngine> built = new ArrayList<>();

    /** Builds an engine of {@code parts} (in order) for the command of {@code spec}, to be closed by Main. */
    static CompatibilityEngine build(CommandSpec spec, EngineConfig... parts) {
        return VfioCompatCommand.of(spec).engines.build(spec.commandLine().getErr(), parts);
    }

    /**
     * Builds the engine; each pack refused on the way is a warning on {@code err} (the engine
     * starts with the others, and the refused pack's devices are UNKNOWN), or exit 2 with
     * {@code --strict-packs} or when no pack loaded at all.
     */
    CompatibilityEngine build(java.io.PrintWriter err, EngineConfig... parts) {
        CompatibilityEngine.Builder b = CompatibilityEngine.builder();
        try {
            for (EngineConfig part : parts) {
                part.applyTo(b);
            }
            CompatibilityEngine engine = b.build();
            built.add(engine);
            List<RefusedPack> refused = engine.refusedPacks();
            boolean strict = java.util.Arrays.stream(parts).anyMatch(p -> p instanceof PackSourceOptions o && o.strictPacks);
            if (!refused.isEmpty() && (strict || engine.packs().isEmpty())) {
                List<Problem> problems = new ArrayList<>();
                refused.forEach(r -> problems.addAll(r.problems()));
                throw new InvalidPackException(problems);
            }
            for (RefusedPack r : refused) {
                err.print("vfio-compat: warning: " + OneLine.of("pack " + r.id() + " refused (" + r.code() + "), the others loaded;"
                        + " its devices are answered UNKNOWN: " + r.reason()) + "\n");
            }
            err.flush();
            return engine;
        } catch (IllegalArgumentException e) {
            // The options check every other value first: what the builder refuses is a decision-log mask naming no field.
            throw new UsageProblem("--decision-log-mask: " + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new UsageProblem(e.getMessage());
        }
    }

    /** Closes every engine built, each once; the first failure is thrown after all were tried. */
    void closeAll() {
        RuntimeException failed = null;
        for (CompatibilityEngine engine : built) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        built.clear();
        if (failed != null) {
            throw failed;
        }
    }
}
