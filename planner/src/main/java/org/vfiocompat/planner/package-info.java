/**
 * Whole-VM planning over the engine's verdicts: where one VM can go ({@link org.vfiocompat.planner.Planner#place}),
 * a capacity-respecting plan that empties hosts ({@link org.vfiocompat.planner.Planner#drain}), the N+1 report
 * ({@link org.vfiocompat.planner.Planner#drainEachHost}) and rolling-upgrade what-ifs
 * ({@link org.vfiocompat.planner.Planner#upgrade}). The public types are the planner, its builder and the
 * immutable results; the model (VMs, host offers, capacity pools) and the CP-SAT binding are
 * package-private. The planner uses the engine's public API only: verdicts come from
 * {@code CompatibilityEngine.check} (cached and deduplicated by profile), capacity and P2P facts
 * from the packs' declarations ({@code CompatibilityEngine.planning()}); no pack code runs in the solver.
 */
package org.vfiocompat.planner;
