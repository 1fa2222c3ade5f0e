package org.vfiocompat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
        return accept(construct(parts), err, parts);
    }

    /**
     * Starts building the engine of {@code parts} on a thread of its own, for a command that
     * has its input to read meanwhile (loading packs and reading an inventory are independent,
     * and each takes seconds on a large fleet). Nothing is said until {@link Pending#get}: the
     * warnings and errors come then, in the order a build after the read would give them.
     */
    static Pending start(CommandSpec spec, EngineConfig... parts) {
        return start(engine -> { }, spec, parts);
    }

    /**
     * {@link #start(CommandSpec, EngineConfig...)}, handing the engine to {@code built} on the
     * building thread as soon as it is constructed, before {@link Pending#get} says anything of
     * its build: a command tells it what its input holds while it still reads
     * ({@link CompatibilityEngine#expect}).
     */
    static Pending start(java.util.function.Consumer<CompatibilityEngine> built, CommandSpec spec, EngineConfig... parts) {
        Engines engines = VfioCompatCommand.of(spec).engines;
        FutureTask<CompatibilityEngine> task = new FutureTask<>(() -> {
            CompatibilityEngine engine = engines.construct(parts);
            built.accept(engine);
            return engine;
        });
        Thread loader = new Thread(task, "vfio-compat-engine-build");
        loader.setDaemon(true);
        loader.start();
        return new Pending(engines, spec.commandLine().getErr(), parts, task);
    }

    /** An engine being built while the command reads its input. */
    static final class Pending {
        private final Engines engines;
        private final java.io.PrintWriter err;
        private final EngineConfig[] parts;
        private final FutureTask<CompatibilityEngine> task;

        private Pending(Engines engines, java.io.PrintWriter err, EngineConfig[] parts, FutureTask<CompatibilityEngine> task) {
            this.engines = engines;
            this.err = err;
            this.parts = parts;
            this.task = task;
        }

        /** The engine, once built, with its refused packs' warnings said (or the build's error thrown) now. */
        CompatibilityEngine get() {
            return engines.accept(await(task), err, parts);
        }

        /**
         * The command failed before it needed the engine (its input was bad): the engine is
         * closed once built, by {@link #closeAll}, and nothing of its build is said.
         */
        void abandon() {
            engines.abandoned.add(task);
        }
    }

    private static CompatibilityEngine await(FutureTask<CompatibilityEngine> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Engines started and not needed: closed by {@link #closeAll} once their build is over. */
    private final List<FutureTask<CompatibilityEngine>> abandoned = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The engine of {@code parts}, built; an option the builder refuses is a usage problem. */
    private CompatibilityEngine construct(EngineConfig... parts) {
        CompatibilityEngine.Builder b = CompatibilityEngine.builder();
        try {
            for (EngineConfig part : parts) {
                part.applyTo(b);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            // The options check every other value first: what the builder refuses is a decision-log mask naming no field.
            throw new UsageProblem("--decision-log-mask: " + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new UsageProblem(e.getMessage());
        }
    }

    /** Keeps {@code engine} to be closed, and says what its build refused (or throws, see {@link #build}). */
    private CompatibilityEngine accept(CompatibilityEngine engine, java.io.PrintWriter err, EngineConfig... parts) {
        built.add(engine);
        boolean strict = java.util.Arrays.stream(parts).anyMatch(p -> p instanceof PackSourceOptions o && o.strictPacks);
        if (strict) {
            // A worker JVM loads its pack apart from the engine (process isolation) and may
            // refuse it: all or nothing means knowing that before anything is judged.
            engine.loadPacksInWorkers();
        }
        List<RefusedPack> refused = engine.refusedPacks();
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
    }

    /** Closes every engine built, each once; the first failure is thrown after all were tried. */
    void closeAll() {
        for (FutureTask<CompatibilityEngine> task : abandoned) {
            try {
                built.add(await(task));
            } catch (RuntimeException | Error e) {
                // A build nobody needed failed: its error would only hide the command's own.
            }
        }
        abandoned.clear();
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
