package org.vfiocompat.planner;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearArgument;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.PackPlanning;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.Level;

/**
 * The assignment of moving VMs to target hosts as a CP-SAT model. Variables: {@code x[v,h]}, VM v
 * goes to host h; {@code y[v,h,d,g]}, its device d takes a place of slot group g there. Each
 * moving VM goes to at most one host, and then every one of its devices to one compatible place
 * on that host ({@code sum_g y = x}); groups and parent pools bound what all VMs take together.
 * The objective is lexicographic, encoded as one weighted sum whose weights make each level
 * outweigh everything below it: most VMs moved, then most moved LIVE, then the highest sum of
 * pack scores, then the least crowding (sum over hosts of incoming VMs squared).
 */
final class AssignmentModel {

    /** What the model optimises. */
    enum Goal {
        /** Moved, then LIVE, then scores, then spread: drain and place. */
        FULL,
        /** Only how many VMs move: the N+1 report, which asks "can this host be drained". */
        MOVED_ONLY
    }

    /** One device's possible place on one host. */
    record Option(int group, Verdict verdict) {
    }

    /** VM {@code vm} on host {@code host}: for each device, its compatible places there. */
    record Fit(Vm vm, HostOffer host, List<List<Option>> perDevice) {
    }

    /** Where a VM went: the host and, per device, the slot group taken. */
    record Placed(Vm vm, HostOffer host, List<Option> devices) {
    }

    /**
     * A solution.
     *
     * @param placed    the VMs that move, in request order
     * @param optimal   whether CP-SAT proved every level of the objective optimal
     * @param gap       for the first level it did not prove: relative distance to its proven bound
     */
    record Solution(List<Placed> placed, boolean optimal, double gap) {
    }

    static {
        Loader.loadNativeLibraries();
    }

    private AssignmentModel() {
    }

    /**
     * Each device's compatible places on {@code host}, or null when some device has none there.
     */
    static Fit fit(Vm vm, HostOffer host, Verdicts verdicts) {
        List<List<Option>> perDevice = new ArrayList<>();
        for (var d : vm.devices()) {
            List<Option> options = new ArrayList<>();
            for (SlotGroup g : host.groups()) {
                Verdict v = verdicts.of(d.profile(), g);
                if (v.compatible()) {
                    options.add(new Option(g.index(), v));
                }
            }
            if (options.isEmpty()) {
                return null;
            }
            perDevice.add(options);
        }
        return new Fit(vm, host, perDevice);
    }

    /**
     * Solves for {@code fits}: every (VM, host) pair the plan may use, grouped by VM in the order
     * the VMs should be reported. {@code liveCapable} says per VM whether the VM-level rules
     * allow it to move live at all.
     */
    static Solution solve(List<Vm> vms, Map<Vm, List<Fit>> fits, Map<Vm, Boolean> liveCapable, Goal goal, SolverSettings settings) {
        return solve(vms, fits, liveCapable, goal, settings, null, List.of());
    }

    /**
     * The same, told {@code bound}: an objective no plan can beat (every movable VM at its best
     * value alone, each on a host of its own). Stated as a redundant constraint, it lets CP-SAT
     * stop with a proof the moment a plan reaches it, instead of searching for a better one.
     */
    static Solution solve(List<Vm> vms, Map<Vm, List<Fit>> fits, Map<Vm, Boolean> liveCapable, Goal goal, SolverSettings settings,
                          Objective bound, List<Placed> hint) {
        CpModel model = new CpModel();
        // Per host: the vars that take each group, and the VMs that may land there.
        Map<String, HostVars> hosts = new LinkedHashMap<>();
        List<List<BoolVar>> xs = new ArrayList<>();
        List<List<List<List<BoolVar>>>> ys = new ArrayList<>();
        List<BoolVar> liveVars = new ArrayList<>();
        LinearExprBuilder moved = LinearExpr.newBuilder();
        LinearExprBuilder live = LinearExpr.newBuilder();
        LinearExprBuilder score = LinearExpr.newBuilder();
        for (int v = 0; v < vms.size(); v++) {
            Vm vm = vms.get(v);
            List<Fit> vmFits = fits.getOrDefault(vm, List.of());
            List<BoolVar> xv = new ArrayList<>();
            List<List<List<BoolVar>>> yv = new ArrayList<>();
            BoolVar liveVar = goal == Goal.FULL && liveCapable.getOrDefault(vm, false) ? model.newBoolVar("live" + v) : null;
            if (liveVar != null) {
                liveVars.add(liveVar);
            }
            for (int f = 0; f < vmFits.size(); f++) {
                Fit fit = vmFits.get(f);
                BoolVar x = model.newBoolVar("x" + v + "_" + f);
                xv.add(x);
                moved.add(x);
                HostVars hv = hosts.computeIfAbsent(fit.host().host(), k -> new HostVars(fit.host()));
                hv.incoming.add(x);
                List<List<BoolVar>> yd = new ArrayList<>();
                for (int d = 0; d < fit.perDevice().size(); d++) {
                    List<BoolVar> yk = new ArrayList<>();
                    LinearExprBuilder sum = LinearExpr.newBuilder();
                    for (Option o : fit.perDevice().get(d)) {
                        BoolVar y = model.newBoolVar("y" + v + "_" + f + "_" + d + "_" + o.group());
                        yk.add(y);
                        sum.add(y);
                        hv.takers.computeIfAbsent(o.group(), k -> new ArrayList<>()).add(y);
                        if (goal == Goal.FULL) {
                            score.addTerm(y, o.verdict().score());
                            if (liveVar != null && o.verdict().level() != Level.LIVE) {
                                model.addImplication(y, liveVar.not());
                            }
                        }
                    }
                    model.addEquality(sum, x);
                    yd.add(yk);
                }
                yv.add(yd);
            }
            if (!xv.isEmpty()) {
                model.addAtMostOne(xv.toArray(new com.google.ortools.sat.Literal[0]));
            }
            if (liveVar != null) {
                if (xv.isEmpty()) {
                    model.addEquality(liveVar, 0);
                } else {
                    model.addLessOrEqual(liveVar, LinearExpr.sum(xv.toArray(new LinearArgument[0])));
                }
                live.add(liveVar);
            }
            xs.add(xv);
            ys.add(yv);
        }
        // Crowding, sum over hosts of load squared, in the linear form a convex function allows:
        // load = sum_k b_k with b_1 >= b_2 >= ..., and load^2 = sum_k (2k - 1) b_k.
        LinearExprBuilder crowding = LinearExpr.newBuilder();
        for (HostVars hv : hosts.values()) {
            hv.constrain(model);
            int n = hv.incoming.size();
            if (goal == Goal.FULL) {
                LinearExpr load = LinearExpr.sum(hv.incoming.toArray(new LinearArgument[0]));
                if (n == 1) {
                    crowding.add(load);
                } else {
                    LinearExprBuilder steps = LinearExpr.newBuilder();
                    BoolVar previous = null;
                    for (int k = 1; k <= n; k++) {
                        BoolVar b = model.newBoolVar("load_" + hv.offer.host() + "_" + k);
                        steps.add(b);
                        crowding.addTerm(b, 2L * k - 1);
                        if (previous != null) {
                            model.addImplication(b, previous);
                        }
                        previous = b;
                    }
                    model.addEquality(steps, load);
                }
            }
        }
        // The levels one after the other, each stage keeping what the ones before it reached:
        // small objectives CP-SAT proves fast, where one weighted sum has coefficients of 10^13.
        List<LinearExpr> stages = new ArrayList<>();
        List<Long> bounds = new ArrayList<>();
        stages.add(moved.build());
        bounds.add(bound == null ? Long.MAX_VALUE : bound.moved());
        if (goal == Goal.FULL) {
            stages.add(live.build());
            bounds.add(bound == null ? Long.MAX_VALUE : bound.live());
            stages.add(score.build());
            bounds.add(bound == null ? Long.MAX_VALUE : bound.score());
            // Crowding is minimised: maximise its negation. At least one per VM moved, counted from
            // what the first stage really moved (set in the loop below): the bound's count of movable
            // VMs may exceed what capacity lets move at once, and would then force crowding up.
            stages.add(LinearExpr.affine(crowding.build(), -1, 0));
            bounds.add(Long.MAX_VALUE);
        }
        List<BoolVar> decisions = new ArrayList<>();
        xs.forEach(decisions::addAll);
        ys.forEach(yv -> yv.forEach(yd -> yd.forEach(decisions::addAll)));
        decisions.addAll(liveVars);
        // The caller's first plan as a hint: each hinted VM's x and y on its host, everything else off.
        Map<Vm, Placed> hinted = new java.util.HashMap<>();
        hint.forEach(p -> hinted.put(p.vm(), p));
        for (int v = 0; v < vms.size(); v++) {
            Placed p = hinted.get(vms.get(v));
            List<Fit> vmFits = fits.getOrDefault(vms.get(v), List.of());
            for (int f = 0; f < vmFits.size(); f++) {
                boolean here = p != null && vmFits.get(f).host().host().equals(p.host().host());
                model.addHint(xs.get(v).get(f), here);
                for (int d = 0; d < vmFits.get(f).perDevice().size(); d++) {
                    List<Option> options = vmFits.get(f).perDevice().get(d);
                    for (int k = 0; k < options.size(); k++) {
                        model.addHint(ys.get(v).get(f).get(d).get(k), here && options.get(k).group() == p.devices().get(d).group());
                    }
                }
            }
        }
        CpSolver solver = null;
        boolean optimal = true;
        double gap = 0;
        double budget = settings.deterministicSeconds() / stages.size();
        for (int i = 0; i < stages.size(); i++) {
            LinearExpr stage = stages.get(i);
            if (bounds.get(i) != Long.MAX_VALUE) {
                // Redundant (no plan beats it): lets CP-SAT stop with a proof as soon as a plan reaches it.
                model.addLessOrEqual(stage, bounds.get(i));
            }
            model.clearObjective();
            model.maximize(stage);
            CpSolver next = new CpSolver();
            next.getParameters().setNumWorkers(1).setRandomSeed(settings.seed())
                    .setMaxDeterministicTime(budget).setMaxTimeInSeconds(Math.max(1.0, budget * 10));
            CpSolverStatus status = next.solve(model);
            if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
                if (solver != null) {
                    break; // the earlier stage's plan stands
                }
                // Moving nothing is always feasible; no answer within the limits means the limit was too small.
                throw new IllegalStateException("CP-SAT returned " + status + " for a model that always has a solution"
                        + (status == CpSolverStatus.MODEL_INVALID ? ": " + model.validate() : ""));
            }
            solver = next;
            long reached = Math.round(solver.objectiveValue());
            if (status != CpSolverStatus.OPTIMAL && optimal) {
                optimal = false;
                double proven = solver.bestObjectiveBound();
                gap = Math.abs(proven - reached) / Math.max(1.0, Math.abs(proven));
            }
            model.addGreaterOrEqual(stage, reached);
            if (i == 0 && goal == Goal.FULL && bound != null) {
                bounds.set(stages.size() - 1, -reached);
            }
            model.clearHints();
            for (BoolVar d : decisions) {
                model.addHint(d, solver.booleanValue(d));
            }
        }
        List<Placed> placed = new ArrayList<>();
        for (int v = 0; v < vms.size(); v++) {
            Vm vm = vms.get(v);
            List<Fit> vmFits = fits.getOrDefault(vm, List.of());
            for (int f = 0; f < vmFits.size(); f++) {
                if (!solver.booleanValue(xs.get(v).get(f))) {
                    continue;
                }
                Fit fit = vmFits.get(f);
                List<Option> chosen = new ArrayList<>();
                for (int d = 0; d < fit.perDevice().size(); d++) {
                    List<BoolVar> yk = ys.get(v).get(f).get(d);
                    for (int k = 0; k < yk.size(); k++) {
                        if (solver.booleanValue(yk.get(k))) {
                            chosen.add(fit.perDevice().get(d).get(k));
                        }
                    }
                }
                placed.add(new Placed(vm, fit.host(), chosen));
            }
        }
        return new Solution(placed, optimal, gap);
    }

    /** One host's part of the model: who takes each of its groups, and who may land there. */
    private static final class HostVars {
        final HostOffer offer;
        final Map<Integer, List<BoolVar>> takers = new LinkedHashMap<>();
        final List<BoolVar> incoming = new ArrayList<>();

        HostVars(HostOffer offer) {
            this.offer = offer;
        }

        void constrain(CpModel model) {
            for (Map.Entry<Integer, List<BoolVar>> e : takers.entrySet()) {
                SlotGroup g = offer.groups().get(e.getKey());
                model.addLessOrEqual(LinearExpr.sum(e.getValue().toArray(new LinearArgument[0])), g.capacity());
            }
            for (ParentPool pool : offer.pools()) {
                List<Integer> used = pool.groups().stream().filter(takers::containsKey).toList();
                if (used.isEmpty() || pool.sharing() == PackPlanning.Sharing.INDEPENDENT) {
                    continue;
                }
                if (pool.sharing() == PackPlanning.Sharing.SHARED_BUDGET) {
                    LinearExprBuilder spend = LinearExpr.newBuilder();
                    for (int i = 0; i < pool.groups().size(); i++) {
                        List<BoolVar> t = takers.get(pool.groups().get(i));
                        if (t != null) {
                            for (BoolVar y : t) {
                                spend.addTerm(y, pool.costs().get(i));
                            }
                        }
                    }
                    model.addLessOrEqual(spend, pool.budget());
                } else if (used.size() > 1) {
                    // One type per parent: a type is "chosen" when anything takes it, and at most one is.
                    List<BoolVar> chosen = new ArrayList<>();
                    for (int g : used) {
                        BoolVar u = model.newBoolVar("type_" + offer.host() + "_" + g);
                        chosen.add(u);
                        for (BoolVar y : takers.get(g)) {
                            model.addImplication(y, u);
                        }
                    }
                    model.addAtMostOne(chosen.toArray(new com.google.ortools.sat.Literal[0]));
                }
            }
        }
    }
}
