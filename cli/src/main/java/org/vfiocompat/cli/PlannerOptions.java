package org.vfiocompat.cli;

import java.time.Duration;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.planner.Planner;
import picocli.CommandLine.Option;

/** The options of the commands that plan whole VMs: the solver's budget. */
final class PlannerOptions {

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "10",
            description = "Solver budget per plan, in CP-SAT deterministic seconds (about wall seconds, the same on every run; "
                    + "default: ${DEFAULT-VALUE}). Past it the plan is the best found, with its gap.")
    double timeLimit;

    Planner planner(CompatibilityEngine engine) {
        if (!(timeLimit >= 0.01 && timeLimit <= 86_400)) {
            throw new UsageProblem("--time-limit must be from 0.01 to 86400 seconds, got " + timeLimit);
        }
        return Planner.builder(engine).timeLimit(Duration.ofMillis(Math.round(timeLimit * 1000))).build();
    }
}
