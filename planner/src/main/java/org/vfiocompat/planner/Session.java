package org.vfiocompat.planner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.Level;

/**
 * One planner call on one fleet: the index, the verdicts asked so far, and the results that do
 * not depend on which host of a class is meant (what a VM's devices may take on an offer, and
 * whether the VM fits there alone), each computed once per (VM profiles, offer signature).
 */
final class Session {

    /** A VM alone on a host: the places it takes (best), or why it cannot go there. */
    record Alone(List<AssignmentModel.Option> devices, int limiting, String reason, int rank) {
        boolean fits() {
            return devices != null;
        }

        boolean live(boolean liveCapable) {
            return fits() && liveCapable && devices.stream().allMatch(o -> o.verdict().level() == Level.LIVE);
        }
    }

    /** Most device-to-place combinations of one VM on one host tried one by one; beyond, CP-SAT decides. */
    private static final long MAX_ENUMERATED = 4096;

    /** Contenders listed in a stuck VM's reason, at most. */
    private static final int SHOWN = 5;

    final FleetIndex index;
    final Declarations declarations;
    final Verdicts verdicts;
    final SolverSettings settings;
    private final Map<String, List<List<AssignmentModel.Option>>> fits = new HashMap<>();
    private final Set<String> misfits = new java.util.HashSet<>();
    private final Map<String, Alone> alone = new HashMap<>();

    Session(FleetIndex index, Declarations declarations, Verdicts verdicts, SolverSettings settings) {
        this.index = index;
        this.declarations = declarations;
        this.verdicts = verdicts;
        this.settings = settings;
    }

    /** The VM {@code host/name}, or a located error. */
    Vm vm(String ref) {
        Vm vm = index.vms.get(ref);
        if (vm == null) {
            int slash = ref.indexOf('/');
            String hint;
            if (slash < 0) {
                hint = " (a VM is named host/vm)";
            } else if (!index.fleet.hosts().contains(ref.substring(0, slash))) {
                hint = " (no host '" + ref.substring(0, slash) + "' in the inventory)";
            } else {
                List<String> there = index.vmsByHost.getOrDefault(ref.substring(0, slash), List.of()).stream().map(Vm::ref).limit(SHOWN).toList();
                hint = there.isEmpty() ? " (no VM runs on " + ref.substring(0, slash) + ")" : " (VMs there include " + String.join(", ", there) + ")";
            }
            throw error(ProblemCodes.PLAN_UNKNOWN_VM, "no VM '" + ref + "'" + hint);
        }
        requireOneHost(vm);
        return vm;
    }

    void requireOneHost(Vm vm) {
        Collection<String> hosts = index.hostsOf(vm.name());
        if (hosts.size() > 1) {
            throw error(ProblemCodes.PLAN_VM_ON_TWO_HOSTS, "VM '" + vm.name() + "' has devices on " + hosts.size() + " hosts ("
                    + shown(new ArrayList<>(hosts)) + "); a VM runs on one host, so the inventory is inconsistent");
        }
    }

    void requireHost(String host, String option) {
        if (!index.fleet.hosts().contains(host)) {
            throw error(ProblemCodes.PLAN_UNKNOWN_HOST, option + " " + host + ": no such host");
        }
    }

    PlanningInputException error(String code, String message) {
        return new PlanningInputException(List.of(new Problem(code, Location.file(index.fleet.name()), message)));
    }

    /** Whether the VM-level rules let {@code vm} move live at all: one device, or every one P2P. */
    boolean liveCapable(Vm vm) {
        return vm.devices().size() == 1 || vm.devices().stream().allMatch(d -> declarations.p2p(d.profile().getMigrationType()));
    }

    private String vmKey(Vm vm) {
        StringBuilder sb = new StringBuilder();
        for (FleetDevice d : vm.devices()) {
            sb.append(index.profileId(d.profile())).append(',');
        }
        return sb.toString();
    }

    /** What each device of {@code vm} may take on {@code offer}, or null when some device has nothing there. */
    AssignmentModel.Fit fit(Vm vm, HostOffer offer) {
        String key = vmKey(vm) + "|" + offer.signature();
        if (misfits.contains(key)) {
            return null;
        }
        List<List<AssignmentModel.Option>> known = fits.get(key);
        if (known == null) {
            AssignmentModel.Fit fit = AssignmentModel.fit(vm, offer, verdicts);
            if (fit == null) {
                misfits.add(key);
                return null;
            }
            fits.put(key, fit.perDevice());
            return fit;
        }
        return new AssignmentModel.Fit(vm, offer, known);
    }

    /** {@code vm} alone on {@code offer}: its best places there, or the limiting device and why not. */
    Alone alone(Vm vm, HostOffer offer) {
        return alone.computeIfAbsent(vmKey(vm) + "|" + offer.signature(), k -> computeAlone(vm, offer));
    }

    private Alone computeAlone(Vm vm, HostOffer offer) {
        AssignmentModel.Fit fit = fit(vm, offer);
        if (fit == null) {
            for (int d = 0; d < vm.devices().size(); d++) {
                FleetDevice device = vm.devices().get(d);
                if (verdicts.firstCompatible(device.profile(), offer.groups()) < 0) {
                    return refusal(d, device, offer);
                }
            }
            throw new IllegalStateException("a misfit with a place for every device");
        }
        if (vm.devices().size() == 1) {
            AssignmentModel.Option best = fit.perDevice().get(0).stream().min(BEST_OPTION).orElseThrow();
            return new Alone(List.of(best), -1, "", 0);
        }
        long combinations = 1;
        for (List<AssignmentModel.Option> o : fit.perDevice()) {
            combinations *= o.size();
        }
        if (combinations <= MAX_ENUMERATED) {
            // One VM on one host: a handful of combinations, each checked against capacity. Far
            // cheaper than building a CP-SAT model, and this runs once per (VM, class of hosts).
            List<AssignmentModel.Option> best = Capacity.bestAlone(fit, liveCapable(vm));
            return best == null ? new Alone(null, vm.devices().size() - 1, "capacity: the host's compatible places cannot take all "
                    + vm.devices().size() + " devices of the VM at once", 1) : new Alone(best, -1, "", 0);
        }
        AssignmentModel.Solution s = AssignmentModel.solve(List.of(vm), Map.of(vm, List.of(fit)), Map.of(vm, liveCapable(vm)),
                AssignmentModel.Goal.FULL, settings);
        if (s.placed().isEmpty()) {
            return new Alone(null, vm.devices().size() - 1, "capacity: the host's compatible places cannot take all "
                    + vm.devices().size() + " devices of the VM at once", 1);
        }
        return new Alone(s.placed().get(0).devices(), -1, "", 0);
    }

    /** LIVE before COLD, then the higher score, then the group's place in the offer. */
    static final Comparator<AssignmentModel.Option> BEST_OPTION = Comparator
            .comparing((AssignmentModel.Option o) -> o.verdict().level())
            .thenComparing(o -> -o.verdict().score())
            .thenComparingInt(AssignmentModel.Option::group);

    /**
     * Why {@code device} has no place on {@code offer}, from the most telling verdict: of a place
     * of its own type (rank 0), of a place its pack judged on content (2), of one routing refused
     * by type (3); or that the host offers nothing (4). Rank 1 is capacity.
     */
    private Alone refusal(int d, FleetDevice device, HostOffer offer) {
        if (offer.groups().isEmpty()) {
            return new Alone(null, d, "the host has no free device and no type it can create", 4);
        }
        SlotGroup chosen = null;
        int rank = Integer.MAX_VALUE;
        for (SlotGroup g : offer.groups()) {
            Verdict v = verdicts.of(device.profile(), g);
            int r = g.profile().getMigrationType().equals(device.profile().getMigrationType()) ? 0
                    : v.limit().map(l -> l == org.vfiocompat.rules.Limit.TYPE).orElse(false) ? 3 : 2;
            if (r < rank) {
                rank = r;
                chosen = g;
            }
        }
        Verdict v = verdicts.of(device.profile(), chosen);
        return new Alone(null, d, v.level() + " to " + chosen.profile().getMigrationType() + ": " + v.reason(), rank);
    }

    /**
     * The candidate (VM, host) pairs of a drain, whether they are every pair worth offering, each
     * VM's best value alone, and the greedy plan (a solution of these pairs).
     */
    record Candidates(Map<Vm, List<AssignmentModel.Fit>> fits, boolean complete, Map<Vm, long[]> best, List<AssignmentModel.Placed> greedy) {
    }

    /** LIVE (when the VM may move live) before COLD, then score: a VM's value on {@code options} as (live, score). */
    long[] value(Vm vm, List<AssignmentModel.Option> options) {
        int score = options.stream().mapToInt(o -> o.verdict().score()).sum();
        boolean live = liveCapable(vm) && options.stream().allMatch(o -> o.verdict().level() == Level.LIVE);
        return new long[] {live ? 1 : 0, score};
    }

    private long[] value(Vm vm, Alone a) {
        return value(vm, a.devices());
    }

    /** Negative when value {@code x} is better than {@code y}. */
    static int compare(long[] x, long[] y) {
        return x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(y[1], x[1]);
    }

    /** Hosts a VM is offered on a large fleet, when its like-for-like group cannot be offered all. */
    private static final int OFFERED = 8;
    /** Up to this many candidate hosts, every VM of a group is offered all of them. */
    private static final int ALL_UP_TO = 64;

    /**
     * The hosts worth offering each moving VM. Of each class of interchangeable hosts, at most as
     * many as there are VMs that fit the class (a plan using others of the class can swap them
     * for unused ones at the same objective). VMs with the same profiles form a group, which
     * lists its candidate hosts best class first (by the value a VM of the group has alone
     * there). A group with few candidates offers each of its VMs all of them; on a large fleet
     * the i-th VM of a group is offered {@value #OFFERED} hosts of the list starting at
     * i x {@value #OFFERED}, so that like VMs spread over different hosts. The model is then
     * no longer complete, and {@link #drain} proves a plan optimal only when it reaches the
     * bound every plan is under.
     */
    Candidates fits(List<Vm> vms, Set<String> excluded) {
        List<List<String>> open = new ArrayList<>();
        for (List<String> members : index.classes.values()) {
            List<String> left = members.stream().filter(h -> !excluded.contains(h)).toList();
            if (!left.isEmpty()) {
                open.add(left);
            }
        }
        Map<String, List<Vm>> groups = new LinkedHashMap<>();
        vms.forEach(v -> groups.computeIfAbsent(vmKey(v), k -> new ArrayList<>()).add(v));
        // Per class, how many moving VMs fit it alone: as many of its hosts are worth keeping.
        int[] fitting = new int[open.size()];
        Map<String, List<Integer>> feasible = new HashMap<>();
        Map<String, long[][]> values = new HashMap<>();
        for (Map.Entry<String, List<Vm>> g : groups.entrySet()) {
            Vm first = g.getValue().get(0);
            List<Integer> classes = new ArrayList<>();
            long[][] value = new long[open.size()][];
            for (int c = 0; c < open.size(); c++) {
                Alone a = alone(first, index.offers.get(open.get(c).get(0)));
                if (a.fits()) {
                    classes.add(c);
                    fitting[c] += g.getValue().size();
                    value[c] = value(first, a);
                }
            }
            int[] existing = new int[open.size()];
            for (int c : classes) {
                HostOffer offer = index.offers.get(open.get(c).get(0));
                existing[c] = (int) alone(first, offer).devices().stream()
                        .filter(o -> offer.groups().get(o.group()).kind() == org.vfiocompat.engine.CandidateKind.EXISTING).count();
            }
            // Best value first; among equals the class where the VM creates less (ties: existing before creatable).
            classes.sort((x, y) -> {
                int byValue = compare(value[x], value[y]);
                if (byValue != 0) {
                    return byValue;
                }
                return existing[x] != existing[y] ? Integer.compare(existing[y], existing[x]) : open.get(x).get(0).compareTo(open.get(y).get(0));
            });
            feasible.put(g.getKey(), classes);
            values.put(g.getKey(), value);
        }
        // The greedy plan over every class, in request order: its host joins each VM's offer below.
        GreedyPlan greedy = new GreedyPlan(this, open);
        Map<Vm, String> greedyHost = new HashMap<>();
        for (Vm vm : vms) {
            String key = vmKey(vm);
            String host = greedy.place(vm, feasible.get(key), values.get(key));
            if (host != null) {
                greedyHost.put(vm, host);
            }
        }
        Map<Vm, List<AssignmentModel.Fit>> out = new LinkedHashMap<>();
        vms.forEach(v -> out.put(v, new ArrayList<>()));
        Map<Vm, long[]> best = new HashMap<>();
        boolean complete = true;
        for (Map.Entry<String, List<Vm>> g : groups.entrySet()) {
            List<Integer> classes = feasible.get(g.getKey());
            List<String> candidates = new ArrayList<>();
            for (int c : classes) {
                List<String> members = open.get(c);
                candidates.addAll(members.subList(0, Math.min(members.size(), fitting[c])));
            }
            boolean all = candidates.size() <= Math.max(ALL_UP_TO, OFFERED * g.getValue().size()) && candidates.size() <= ALL_UP_TO;
            complete &= all;
            for (int i = 0; i < g.getValue().size(); i++) {
                Vm vm = g.getValue().get(i);
                if (!classes.isEmpty()) {
                    best.put(vm, values.get(g.getKey())[classes.get(0)]);
                }
                TreeSet<String> offered = new TreeSet<>();
                if (all) {
                    offered.addAll(candidates);
                } else {
                    for (int t = 0; t < OFFERED; t++) {
                        offered.add(candidates.get((i * OFFERED + t) % candidates.size()));
                    }
                    if (greedyHost.containsKey(vm)) {
                        offered.add(greedyHost.get(vm));
                    }
                }
                for (String host : offered) {
                    out.get(vm).add(fit(vm, index.offers.get(host)));
                }
            }
        }
        return new Candidates(out, complete, best, greedy.placed());
    }

    /** The plan for moving {@code vms} off {@code drained}. */
    DrainPlan drain(List<String> drained, List<Vm> vms, AssignmentModel.Goal goal) {
        Set<String> excluded = new TreeSet<>(drained);
        Candidates candidates = fits(vms, excluded);
        Map<Vm, Boolean> live = new HashMap<>();
        vms.forEach(v -> live.put(v, liveCapable(v)));
        // Every VM that can move at all moved, each at its best value alone, no two on one host:
        // no plan does better at any level of the objective, whatever was left out of the model.
        Objective bound = bound(vms, candidates.best());
        List<VmMove> greedy = moves(candidates.greedy());
        Objective greedyObjective = objective(greedy);
        // The greedy plan at the bound is optimal as it stands (and creates nothing it need not):
        // CP-SAT could only prove so again. On roomy fleets this is most drains of --each-host.
        boolean greedyAtBound = goal == AssignmentModel.Goal.FULL
                ? greedyObjective.equals(bound) && AssignmentModel.existing(candidates.greedy()) == AssignmentModel.existingBound(vms, candidates.fits())
                : greedyObjective.moved() == bound.moved();
        AssignmentModel.Solution s;
        List<VmMove> moves;
        boolean greedyBetter;
        if (greedyAtBound) {
            s = new AssignmentModel.Solution(candidates.greedy(), true, 0);
            moves = greedy;
            greedyBetter = false;
        } else {
            s = AssignmentModel.solve(vms, candidates.fits(), live, goal, settings, bound, candidates.greedy());
            moves = moves(s.placed());
            // CP-SAT starts from the greedy plan, a solution of its model; past the time limit it may
            // still stop short of it, and then the greedy plan is the better answer.
            greedyBetter = goal == AssignmentModel.Goal.FULL ? greedyObjective.betterThan(objective(moves)) : greedy.size() > moves.size();
            if (greedyBetter) {
                moves = greedy;
            }
        }
        Map<String, VmMove> byVm = new HashMap<>();
        moves.forEach(m -> byVm.put(m.vm(), m));
        List<StuckVm> stuck = new ArrayList<>();
        for (Vm vm : vms) {
            if (!byVm.containsKey(vm.ref())) {
                stuck.add(stuck(vm, excluded, moves));
            }
        }
        Objective objective = objective(moves);
        boolean certified = goal == AssignmentModel.Goal.FULL ? objective.equals(bound) : objective.moved() == bound.moved();
        boolean optimal = certified || !greedyBetter && candidates.complete() && s.optimal();
        double gap;
        if (optimal) {
            gap = 0;
        } else if (candidates.complete() && !greedyBetter) {
            gap = s.gap();
        } else {
            gap = levelGap(objective, bound, goal);
        }
        return new DrainPlan(drained, moves, stuck, objective, optimal, gap);
    }

    /** The relative gap at the first level of the objective where the plan falls short of the bound. */
    private static double levelGap(Objective found, Objective bound, AssignmentModel.Goal goal) {
        long[] f = {found.moved(), found.live(), found.score(), -found.crowding()};
        long[] b = {bound.moved(), bound.live(), bound.score(), -bound.crowding()};
        int levels = goal == AssignmentModel.Goal.FULL ? 4 : 1;
        for (int i = 0; i < levels; i++) {
            if (f[i] != b[i]) {
                return Math.abs(b[i] - f[i]) / (double) Math.max(1, Math.abs(b[i]));
            }
        }
        return 0;
    }

    /** What no plan can beat: every movable VM moved at its best value alone, each on a host of its own. */
    private static Objective bound(List<Vm> vms, Map<Vm, long[]> best) {
        int moved = 0;
        int live = 0;
        long score = 0;
        for (Vm vm : vms) {
            long[] b = best.get(vm);
            if (b != null) {
                moved++;
                live += (int) b[0];
                score += b[1];
            }
        }
        return new Objective(moved, live, score, moved);
    }

    static Objective objective(List<VmMove> moves) {
        Map<String, Integer> load = new TreeMap<>();
        int live = 0;
        long score = 0;
        for (VmMove m : moves) {
            load.merge(m.to(), 1, Integer::sum);
            live += m.level() == Level.LIVE ? 1 : 0;
            score += m.score();
        }
        long crowding = load.values().stream().mapToLong(n -> (long) n * n).sum();
        return new Objective(moves.size(), live, score, crowding);
    }

    private StuckVm stuck(Vm vm, Set<String> excluded, List<VmMove> moves) {
        List<String> contenders = new ArrayList<>();
        String refusedHost = null;
        int refusedRank = Integer.MAX_VALUE;
        String refusal = null;
        for (List<String> members : index.classes.values()) {
            Alone a = alone(vm, index.offers.get(members.get(0)));
            for (String host : members) {
                if (excluded.contains(host) || host.equals(vm.host())) {
                    continue;
                }
                if (a.fits()) {
                    contenders.add(host);
                } else if (refusedHost == null || a.rank() < refusedRank || a.rank() == refusedRank && host.compareTo(refusedHost) < 0) {
                    refusedHost = host;
                    refusedRank = a.rank();
                    refusal = vm.devices().get(a.limiting()).ref() + ": " + a.reason();
                }
            }
        }
        contenders.sort(null);
        if (contenders.isEmpty()) {
            String reason = refusedHost == null ? "no other host is left to take it"
                    : "no host can take every device at once; on " + refusedHost + ", " + refusal;
            return new StuckVm(vm.ref(), StuckVm.Why.NO_COMPATIBLE_HOST, reason, List.of());
        }
        Set<String> hosts = new TreeSet<>(contenders);
        TreeSet<String> takers = new TreeSet<>();
        for (VmMove m : moves) {
            if (hosts.contains(m.to())) {
                takers.add(m.vm());
            }
        }
        return new StuckVm(vm.ref(), StuckVm.Why.HOSTS_FULL, "the " + contenders.size() + " host(s) that could take it alone ("
                + shown(contenders) + ") are full in this plan" + (takers.isEmpty() ? "" : ": their places go to " + shown(new ArrayList<>(takers))),
                contenders);
    }

    private static String shown(List<String> names) {
        return names.size() <= SHOWN ? String.join(", ", names)
                : String.join(", ", names.subList(0, SHOWN)) + " and " + (names.size() - SHOWN) + " more";
    }

    /**
     * Concrete moves for a solution: the free devices of a group are taken in id order, VM by
     * VM in the order given, so the same solution always names the same devices.
     */
    List<VmMove> moves(List<AssignmentModel.Placed> placed) {
        Map<String, Integer> nextFree = new HashMap<>();
        List<VmMove> out = new ArrayList<>();
        for (AssignmentModel.Placed p : placed) {
            out.add(move(p.vm(), p.host(), p.devices(), nextFree));
        }
        out.sort(Comparator.comparing(VmMove::vm));
        return out;
    }

    VmMove move(Vm vm, HostOffer host, List<AssignmentModel.Option> devices, Map<String, Integer> nextFree) {
        List<DeviceMove> moves = new ArrayList<>();
        int score = 0;
        String limiting = "";
        String reason = "";
        for (int d = 0; d < devices.size(); d++) {
            AssignmentModel.Option o = devices.get(d);
            SlotGroup g = host.groups().get(o.group());
            FleetDevice device = vm.devices().get(d);
            String target;
            if (g.kind() == org.vfiocompat.engine.CandidateKind.EXISTING) {
                int i = nextFree.merge(host.host() + "#" + g.index(), 1, Integer::sum) - 1;
                target = host.host() + "/" + g.targetIds().get(i);
            } else {
                target = host.host() + "/" + g.targetIds().get(0);
            }
            moves.add(new DeviceMove(device.ref(), target, g.kind(), o.verdict()));
            score += o.verdict().score();
            if (limiting.isEmpty() && o.verdict().level() != Level.LIVE) {
                limiting = device.ref();
                reason = o.verdict().reason();
            }
        }
        Level level = limiting.isEmpty() ? Level.LIVE : Level.COLD;
        if (level == Level.LIVE && !liveCapable(vm)) {
            FleetDevice noP2p = vm.devices().stream().filter(d -> !declarations.p2p(d.profile().getMigrationType())).findFirst().orElseThrow();
            level = Level.COLD;
            limiting = noP2p.ref();
            reason = "QEMU: a VM with " + vm.devices().size() + " VFIO devices migrates live only if every one supports P2P migration; "
                    + noP2p.profile().getMigrationType() + " does not (its pack declares no P2P support)";
        }
        return new VmMove(vm.ref(), vm.host(), host.host(), level, score, limiting, reason, moves);
    }
}
