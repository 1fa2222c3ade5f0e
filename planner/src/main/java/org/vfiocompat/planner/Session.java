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
                    + String.join(", ", hosts) + "); a VM runs on one host, so the inventory is inconsistent");
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
     * Why {@code device} has no place on {@code offer}: the verdict of a place of its own type
     * (rank 0, the most telling), of another type (rank 2), or that the host offers nothing (3).
     */
    private Alone refusal(int d, FleetDevice device, HostOffer offer) {
        if (offer.groups().isEmpty()) {
            return new Alone(null, d, "the host has no free device and no type it can create", 3);
        }
        SlotGroup same = offer.groups().stream()
                .filter(g -> g.profile().getMigrationType().equals(device.profile().getMigrationType())).findFirst().orElse(null);
        SlotGroup closest = same != null ? same : offer.groups().get(0);
        Verdict v = verdicts.of(device.profile(), closest);
        return new Alone(null, d, v.level() + " to " + closest.profile().getMigrationType() + ": " + v.reason(), same != null ? 0 : 2);
    }

    /**
     * The hosts of {@code targets} worth offering the moving VMs: of each class of interchangeable
     * hosts, the first (by name) as many as there are VMs that fit that class. A plan that uses
     * others of the class can swap them for unused ones among those, at the same objective, so
     * this drops no better plan.
     */
    Map<Vm, List<AssignmentModel.Fit>> fits(List<Vm> vms, Set<String> excluded) {
        Map<Vm, List<AssignmentModel.Fit>> out = new LinkedHashMap<>();
        vms.forEach(v -> out.put(v, new ArrayList<>()));
        TreeMap<String, List<AssignmentModel.Fit>> byHost = new TreeMap<>();
        for (List<String> members : index.classes.values()) {
            List<Vm> fitting = new ArrayList<>();
            HostOffer offer = index.offers.get(members.get(0));
            for (Vm vm : vms) {
                if (fit(vm, offer) != null) {
                    fitting.add(vm);
                }
            }
            if (fitting.isEmpty()) {
                continue;
            }
            int kept = 0;
            for (String host : members) {
                if (kept == fitting.size()) {
                    break;
                }
                if (excluded.contains(host)) {
                    continue;
                }
                kept++;
                HostOffer o = index.offers.get(host);
                List<AssignmentModel.Fit> here = new ArrayList<>();
                for (Vm vm : fitting) {
                    here.add(fit(vm, o));
                }
                byHost.put(host, here);
            }
        }
        for (List<AssignmentModel.Fit> here : byHost.values()) {
            for (AssignmentModel.Fit f : here) {
                out.get(f.vm()).add(f);
            }
        }
        return out;
    }

    /** The plan for moving {@code vms} off {@code drained}. */
    DrainPlan drain(List<String> drained, List<Vm> vms, AssignmentModel.Goal goal) {
        Set<String> excluded = new TreeSet<>(drained);
        Map<Vm, List<AssignmentModel.Fit>> fits = fits(vms, excluded);
        Map<Vm, Boolean> live = new HashMap<>();
        vms.forEach(v -> live.put(v, liveCapable(v)));
        AssignmentModel.Solution s = AssignmentModel.solve(vms, fits, live, goal, settings);
        List<VmMove> moves = moves(s.placed());
        Map<String, VmMove> byVm = new HashMap<>();
        moves.forEach(m -> byVm.put(m.vm(), m));
        List<StuckVm> stuck = new ArrayList<>();
        for (Vm vm : vms) {
            if (!byVm.containsKey(vm.ref())) {
                stuck.add(stuck(vm, excluded, moves));
            }
        }
        Objective objective = objective(moves);
        double gap = s.optimal() ? 0 : Math.abs(s.bound() - s.objective()) / Math.max(1.0, Math.abs(s.bound()));
        return new DrainPlan(drained, moves, stuck, objective, s.optimal(), gap);
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
