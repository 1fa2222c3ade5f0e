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
     * @param optimal   whether CP-SAT proved it optimal
     * @param objective its objective value
     * @param bound     the best bound CP-SAT proved
     */
    record Solution(List<Placed> placed, boolean optimal, double objective, double bound) {
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
        CpModel model = new CpModel();
        int totalDevices = 0;
        for (Vm vm : vms) {
            totalDevices += vm.devices().size();
        }
        // Per host: the vars that take each group, and the VMs that may land there.
        Map<String, HostVars> hosts = new LinkedHashMap<>();
        List<List<BoolVar>> xs = new ArrayList<>();
        List<List<List<List<BoolVar>>>> ys = new ArrayList<>();
        LinearExprBuilder moved = LinearExpr.newBuilder();
        LinearExprBuilder live = LinearExpr.newBuilder();
        LinearExprBuilder score = LinearExpr.newBuilder();
        for (int v = 0; v < vms.size(); v++) {
            Vm vm = vms.get(v);
            List<Fit> vmFits = fits.getOrDefault(vm, List.of());
            List<BoolVar> xv = new ArrayList<>();
            List<List<List<BoolVar>>> yv = new ArrayList<>();
            BoolVar liveVar = goal == Goal.FULL && liveCapable.getOrDefault(vm, false) ? model.newBoolVar("live" + v) : null;
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
        LinearExprBuilder crowding = LinearExpr.newBuilder();
        long maxCrowding = 0;
        for (HostVars hv : hosts.values()) {
            hv.constrain(model);
            int n = hv.incoming.size();
            if (goal == Goal.FULL) {
                LinearExpr load = LinearExpr.sum(hv.incoming.toArray(new LinearArgument[0]));
                if (n == 1) {
                    crowding.add(load);
                    maxCrowding += 1;
                } else {
                    IntVar loadVar = model.newIntVar(0, n, "load_" + hv.offer.host());
                    model.addEquality(loadVar, load);
                    IntVar square = model.newIntVar(0, (long) n * n, "sq_" + hv.offer.host());
                    model.addMultiplicationEquality(square, loadVar, loadVar);
                    crowding.add(square);
                    maxCrowding += (long) n * n;
                }
            }
        }
        if (goal == Goal.FULL) {
            long scoreWeight = maxCrowding + 1;
            long liveWeight = Math.multiplyExact(1000L * totalDevices + 1, scoreWeight);
            long movedWeight = Math.multiplyExact(vms.size() + 1L, liveWeight);
            Math.multiplyExact(movedWeight, vms.size() + 1L); // the objective stays inside a long
            LinearExprBuilder objective = LinearExpr.newBuilder();
            objective.addTerm(moved.build(), movedWeight);
            objective.addTerm(live.build(), liveWeight);
            objective.addTerm(score.build(), scoreWeight);
            objective.addTerm(crowding.build(), -1);
            model.maximize(objective);
        } else {
            model.maximize(moved);
        }
        CpSolver solver = new CpSolver();
        solver.getParameters().setNumWorkers(1).setRandomSeed(settings.seed())
                .setMaxDeterministicTime(settings.deterministicSeconds())
                .setMaxTimeInSeconds(Math.max(1.0, settings.deterministicSeconds() * 10));
        CpSolverStatus status = solver.solve(model);
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            // Moving nothing is always feasible; no answer within the limits means the limit was too small.
            throw new IllegalStateException("CP-SAT returned " + status + " for a model that always has a solution");
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
        return new Solution(placed, status == CpSolverStatus.OPTIMAL, solver.objectiveValue(), solver.bestObjectiveBound());
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
