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
import com.google.ortools.sat.PartialVariableAssignment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.PackPlanning;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.Level;

/**
 * The assignment of moving VMs to target hosts as a CP-SAT model. Variables: {@code x[v,h]}, VM v
 * goes to host h; {@code y[v,h,d,g]}, its device d takes a place of slot group g there. Each
 * moving VM goes to at most one host, and then every one of its devices to one compatible place
 * on that host ({@code sum_g y = x}); groups and parent pools bound what all VMs take together.
 * The objective is lexicographic, solved one level at a time, each stage keeping what the ones
 * before it reached: most VMs moved, then most moved LIVE, then the highest sum of pack scores,
 * then the least crowding (sum over hosts of incoming VMs squared); and last a tie-break, the
 * most devices on existing free devices (between an existing target and a creatable one of
 * equal worth, create nothing). CP-SAT starts from a whole plan given as a hint (the greedy
 * one), and each stage from the plan of the one before.
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

    /** Where crowding is among the stages of {@link Goal#FULL}: moved, live, score, crowding, existing. */
    private static final int CROWDING_STAGE = 3;

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
     * What the tie-break stage cannot beat: per VM, on the best of its hosts, every device with
     * an existing free device among its places.
     */
    static long existingBound(List<Vm> vms, Map<Vm, List<Fit>> fits) {
        long bound = 0;
        for (Vm vm : vms) {
            long most = 0;
            for (Fit fit : fits.getOrDefault(vm, List.of())) {
                most = Math.max(most, fit.perDevice().stream()
                        .filter(os -> os.stream().anyMatch(o -> fit.host().groups().get(o.group()).kind() == CandidateKind.EXISTING)).count());
            }
            bound += most;
        }
        return bound;
    }

    /** How many devices of {@code placed} take an existing free device. */
    static long existing(List<Placed> placed) {
        return placed.stream().mapToLong(p -> p.devices().stream()
                .filter(o -> p.host().groups().get(o.group()).kind() == CandidateKind.EXISTING).count()).sum();
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
        List<BoolVar> liveVars = new ArrayList<>(); // per VM, null when it cannot move live
        LinearExprBuilder moved = LinearExpr.newBuilder();
        LinearExprBuilder live = LinearExpr.newBuilder();
        LinearExprBuilder score = LinearExpr.newBuilder();
        // The tie-break after the four levels: devices that take an existing free device, so that
        // between an existing target and a creatable one of equal worth the plan creates nothing.
        LinearExprBuilder existing = LinearExpr.newBuilder();
        long existingBound = existingBound(vms, fits);
        for (int v = 0; v < vms.size(); v++) {
            Vm vm = vms.get(v);
            List<Fit> vmFits = fits.getOrDefault(vm, List.of());
            List<BoolVar> xv = new ArrayList<>();
            List<List<List<BoolVar>>> yv = new ArrayList<>();
            BoolVar liveVar = goal == Goal.FULL && liveCapable.getOrDefault(vm, false) ? model.newBoolVar("live" + v) : null;
            liveVars.add(liveVar);
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
                            if (fit.host().groups().get(o.group()).kind() == CandidateKind.EXISTING) {
                                existing.add(y);
                            }
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
                        hv.steps.add(b);
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
            stages.add(existing.build());
            bounds.add(existingBound);
        }
        hintFully(model, vms, fits, hint, xs, ys, liveVars, hosts.values());
        CpSolver solver = null;
        boolean optimal = true;
        double gap = 0;
        double left = settings.deterministicSeconds();
        for (int i = 0; i < stages.size(); i++) {
            // What a stage proven fast leaves goes to the ones after it.
            double budget = left / (stages.size() - i);
            LinearExpr stage = stages.get(i);
            if (bounds.get(i) != Long.MAX_VALUE) {
                // Redundant (no plan beats it): lets CP-SAT stop with a proof as soon as a plan reaches it.
                model.addLessOrEqual(stage, bounds.get(i));
            }
            model.clearObjective();
            model.maximize(stage);
            CpSolver stageSolver = new CpSolver();
            stageSolver.getParameters().setNumWorkers(1).setRandomSeed(settings.seed())
                    .setMaxDeterministicTime(budget).setMaxTimeInSeconds(Math.max(1.0, budget * 10));
            CpSolverStatus status = stageSolver.solve(model);
            if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
                if (solver != null) {
                    break; // the earlier stage's plan stands
                }
                // Moving nothing is always feasible; no answer within the limits means the limit was too small.
                throw new IllegalStateException("CP-SAT returned " + status + " for a model that always has a solution"
                        + (status == CpSolverStatus.MODEL_INVALID ? ": " + model.validate() : ""));
            }
            solver = stageSolver;
            left = Math.max(0, left - solver.response().getDeterministicTime());
            long reached = Math.round(solver.objectiveValue());
            if (status != CpSolverStatus.OPTIMAL && optimal) {
                optimal = false;
                double proven = solver.bestObjectiveBound();
                gap = Math.abs(proven - reached) / Math.max(1.0, Math.abs(proven));
            }
            model.addGreaterOrEqual(stage, reached);
            if (i == 0 && goal == Goal.FULL && bound != null) {
                bounds.set(CROWDING_STAGE, -reached);
            }
            // The next stage starts from this one's plan, every variable of it.
            model.clearHints();
            PartialVariableAssignment.Builder next = model.getBuilder().getSolutionHintBuilder();
            for (int k = 0; k < solver.response().getSolutionCount(); k++) {
                next.addVars(k).addValues(solver.response().getSolution(k));
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

    /**
     * States {@code hint} as CP-SAT's starting point, every variable of it: the VMs' x and y, and
     * what follows from them (live, load steps, chosen types), so that CP-SAT takes it as a whole
     * first solution instead of repairing a partial one.
     */
    private static void hintFully(CpModel model, List<Vm> vms, Map<Vm, List<Fit>> fits, List<Placed> hint, List<List<BoolVar>> xs,
                                  List<List<List<List<BoolVar>>>> ys, List<BoolVar> liveVars, java.util.Collection<HostVars> hosts) {
        Map<Vm, Placed> hinted = new java.util.HashMap<>();
        hint.forEach(p -> hinted.put(p.vm(), p));
        Map<String, Integer> load = new java.util.HashMap<>();
        Map<String, java.util.Set<Integer>> taken = new java.util.HashMap<>();
        for (int v = 0; v < vms.size(); v++) {
            Placed p = hinted.get(vms.get(v));
            List<Fit> vmFits = fits.getOrDefault(vms.get(v), List.of());
            boolean placed = false;
            for (int f = 0; f < vmFits.size(); f++) {
                boolean here = p != null && vmFits.get(f).host().host().equals(p.host().host());
                placed |= here;
                model.addHint(xs.get(v).get(f), here);
                for (int d = 0; d < vmFits.get(f).perDevice().size(); d++) {
                    List<Option> options = vmFits.get(f).perDevice().get(d);
                    for (int k = 0; k < options.size(); k++) {
                        boolean takes = here && options.get(k).group() == p.devices().get(d).group();
                        model.addHint(ys.get(v).get(f).get(d).get(k), takes);
                        if (takes) {
                            taken.computeIfAbsent(p.host().host(), h -> new java.util.HashSet<>()).add(options.get(k).group());
                        }
                    }
                }
            }
            if (placed) {
                load.merge(p.host().host(), 1, Integer::sum);
            }
            if (liveVars.get(v) != null) {
                model.addHint(liveVars.get(v), placed && p.devices().stream().allMatch(o -> o.verdict().level() == Level.LIVE));
            }
        }
        for (HostVars hv : hosts) {
            int n = load.getOrDefault(hv.offer.host(), 0);
            for (int k = 0; k < hv.steps.size(); k++) {
                model.addHint(hv.steps.get(k), k < n);
            }
            java.util.Set<Integer> used = taken.getOrDefault(hv.offer.host(), java.util.Set.of());
            hv.types.forEach((g, u) -> model.addHint(u, used.contains(g)));
        }
    }

    /** One host's part of the model: who takes each of its groups, and who may land there. */
    private static final class HostVars {
        final HostOffer offer;
        final Map<Integer, List<BoolVar>> takers = new LinkedHashMap<>();
        final List<BoolVar> incoming = new ArrayList<>();
        /** The unary steps of the load, when crowding is counted: step k is on when k or more VMs land here. */
        final List<BoolVar> steps = new ArrayList<>();
        /** For a one-type parent with several types offered: group, whether the plan creates that type. */
        final Map<Integer, BoolVar> types = new LinkedHashMap<>();

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
                        types.put(g, u);
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
