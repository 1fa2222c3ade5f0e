package org.vfiocompat.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * On random small fleets of the reference packs' devices (mlx5 VFs with P2P, NVIDIA vGPUs with one
 * type per parent, GVT-g vGPUs on a shared budget), draining the first host gives a plan that is
 * feasible, checked here from the fleet alone, and whose objective equals the best one an
 * exhaustive search over every assignment finds.
 */
class PlanPropertiesTest {

    static CompatibilityEngine engine;
    static Planner planner;

    @BeforeContainer
    static void start() {
        engine = TestFleets.engine();
        planner = Planner.builder(engine).build();
    }

    @AfterContainer
    static void stop() {
        engine.close();
    }

    /** The device kinds a random fleet is made of, each with two versions so some pairs refuse. */
    enum Kind { VF, VF_NEW, T4_2Q, T4_4Q, T4_2Q_NEW, GVT_4, GVT_8 }

    static DeviceProfile profile(Kind k, boolean creatable) {
        return switch (k) {
            case VF, VF_NEW -> DeviceProfile.builder(DeviceKind.PHYS).deviceApi("vfio-pci").migrationType("mlx5_vfio_pci:15b3:101e")
                    .migrationVersion("psid=MT_0000000359, migratable=enable, fw=" + (k == Kind.VF ? "22.36.1010" : "22.39.1002")).build();
            case T4_2Q, T4_2Q_NEW, T4_4Q -> DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci")
                    .migrationType(k == Kind.T4_4Q ? "nvidia-257" : "nvidia-256")
                    .migrationVersion("vgpu=" + (k == Kind.T4_4Q ? "GRID T4-4Q" : "GRID T4-2Q") + ", gpu=1EB810DE, subsystem=12A210DE, ecc=Disabled, "
                            + "pending_ecc=Disabled, os=ubuntu 22.04, manager=" + (k == Kind.T4_2Q_NEW ? "550.54.14" : "535.104.05"))
                    .attribute("name", k == Kind.T4_4Q ? "GRID T4-4Q" : "GRID T4-2Q").attribute("max_instance", k == Kind.T4_4Q ? "4" : "8")
                    .parentModel("NVIDIA Tesla T4 (10de:1eb8)").build();
            case GVT_4, GVT_8 -> {
                String t = k == Kind.GVT_4 ? "i915-GVTg_V5_4" : "i915-GVTg_V5_8";
                yield DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType(t)
                        .migrationVersion("8086-3e92-" + t + "-2.1.0").attribute("weight", k == Kind.GVT_4 ? "4" : "2")
                        .parentModel("Intel UHD Graphics 630 (8086:3e92)").build();
            }
        };
    }

    static String parentOf(Kind k) {
        return switch (k) {
            case T4_2Q, T4_4Q, T4_2Q_NEW -> "t4";
            case GVT_4, GVT_8 -> "igd";
            default -> "";
        };
    }

    /** A target host: free VFs, and creatable counts per type (T4 and GVT-g parents). */
    record Target(int freeVf, int freeVfNew, int t4a, int t4b, boolean t4New, int gvt4, int gvt8) {
    }

    @Provide
    Arbitrary<List<List<Kind>>> vms() {
        Arbitrary<Kind> kind = Arbitraries.of(Kind.VF, Kind.VF, Kind.T4_2Q, Kind.T4_4Q, Kind.T4_2Q_NEW, Kind.GVT_4, Kind.GVT_8);
        return kind.list().ofMinSize(1).ofMaxSize(2).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Target>> targets() {
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 2);
        Arbitrary<Target> t = Combinators.combine(small, Arbitraries.integers().between(0, 1), small, Arbitraries.integers().between(0, 1),
                Arbitraries.of(true, false), Arbitraries.integers().between(0, 1), small).as(Target::new);
        return t.list().ofMinSize(1).ofMaxSize(2);
    }

    @Property(tries = 60)
    void everyPlanIsFeasibleAndAsGoodAsTheBestAssignment(@ForAll("vms") List<List<Kind>> vms, @ForAll("targets") List<Target> targets) {
        Fleet fleet = fleet(vms, targets);
        DrainPlan plan = planner.drain(fleet, List.of("src"));
        assertFeasible(fleet, plan);
        assertThat(plan.moves().size() + plan.stuck().size()).isEqualTo(vms.size());
        assertThat(plan.optimal()).isTrue();
        Objective best = bruteForce(fleet);
        assertThat(plan.objective()).as("plan %s", plan).isEqualTo(best);
    }

    /**
     * Found by the property: three movable VMs of which capacity lets two move. The crowding stage
     * was bounded by the count of movable VMs (three), not by the two moved, which forced both
     * moved VMs onto one host (crowding 4 instead of 2).
     */
    @net.jqwik.api.Example
    void crowdingIsBoundedByTheVmsReallyMovedNotByTheMovableOnes() {
        everyPlanIsFeasibleAndAsGoodAsTheBestAssignment(List.of(List.of(Kind.VF), List.of(Kind.VF), List.of(Kind.GVT_4)),
                List.of(new Target(0, 0, 0, 0, true, 1, 0), new Target(1, 0, 0, 0, true, 1, 0)));
    }

    static Fleet fleet(List<List<Kind>> vms, List<Target> targets) {
        List<FleetDevice> devices = new ArrayList<>();
        List<Candidate> creatable = new ArrayList<>();
        List<String> hosts = new ArrayList<>(List.of("src"));
        for (int v = 0; v < vms.size(); v++) {
            for (int d = 0; d < vms.get(v).size(); d++) {
                Kind k = vms.get(v).get(d);
                devices.add(new FleetDevice("src", "v" + v + "d" + d, profile(k, false), parentOf(k), "vm" + v));
            }
        }
        for (int h = 0; h < targets.size(); h++) {
            Target t = targets.get(h);
            String host = "t" + h;
            hosts.add(host);
            for (int i = 0; i < t.freeVf(); i++) {
                devices.add(new FleetDevice(host, "vf" + i, profile(Kind.VF, false), "", ""));
            }
            for (int i = 0; i < t.freeVfNew(); i++) {
                devices.add(new FleetDevice(host, "vfn" + i, profile(Kind.VF_NEW, false), "", ""));
            }
            Kind t4 = t.t4New() ? Kind.T4_2Q_NEW : Kind.T4_2Q;
            if (t.t4a() > 0) {
                creatable.add(Candidate.creatable(host, "t4", profile(t4, true), t.t4a()));
            }
            if (t.t4b() > 0) {
                creatable.add(Candidate.creatable(host, "t4", profile(Kind.T4_4Q, true), t.t4b()));
            }
            if (t.gvt4() > 0) {
                creatable.add(Candidate.creatable(host, "igd", profile(Kind.GVT_4, true), t.gvt4()));
            }
            if (t.gvt8() > 0) {
                creatable.add(Candidate.creatable(host, "igd", profile(Kind.GVT_8, true), t.gvt8()));
            }
        }
        return Fleet.of("random", hosts, devices, creatable);
    }

    /** Checks the plan against the fleet itself: one host per VM, capacity, verdicts, VM-level rules. */
    static void assertFeasible(Fleet fleet, DrainPlan plan) {
        Set<String> usedExisting = new HashSet<>();
        Map<String, Integer> created = new TreeMap<>();
        for (VmMove m : plan.moves()) {
            assertThat(m.to()).isNotEqualTo("src");
            List<FleetDevice> own = fleet.assigned().stream().filter(d -> (d.host() + "/" + d.assignedTo()).equals(m.vm())).toList();
            assertThat(m.devices()).extracting(DeviceMove::device).containsExactlyElementsOf(own.stream().map(FleetDevice::ref).toList());
            boolean allLive = true;
            for (int i = 0; i < own.size(); i++) {
                DeviceMove d = m.devices().get(i);
                assertThat(d.target()).startsWith(m.to() + "/");
                Candidate target = fleet.candidate(d.target()).orElseThrow();
                assertThat(target.kind()).isEqualTo(d.kind());
                if (d.kind() == CandidateKind.EXISTING) {
                    assertThat(fleet.device(d.target()).orElseThrow().assigned()).isFalse();
                    assertThat(usedExisting.add(d.target())).as("%s used twice", d.target()).isTrue();
                } else {
                    created.merge(d.target(), 1, Integer::sum);
                }
                Verdict v = engine.check(own.get(i).profile(), target.profile(), target.kind());
                assertThat(v).isEqualTo(d.verdict());
                assertThat(v.compatible()).isTrue();
                allLive &= v.level() == Level.LIVE;
            }
            boolean p2p = own.size() == 1 || own.stream().allMatch(d -> d.profile().getMigrationType().startsWith("mlx5_vfio_pci:"));
            assertThat(m.level()).isEqualTo(allLive && p2p ? Level.LIVE : Level.COLD);
        }
        Map<String, Set<String>> typesPerT4 = new TreeMap<>();
        Map<String, Long> gvtSpend = new TreeMap<>();
        Map<String, Long> gvtBudget = new TreeMap<>();
        for (Map.Entry<String, Integer> e : created.entrySet()) {
            Candidate c = fleet.candidate(e.getKey()).orElseThrow();
            assertThat(e.getValue()).isLessThanOrEqualTo(c.capacity());
            String parent = c.host() + "/" + c.id().substring(0, c.id().indexOf('/'));
            if (c.profile().getMigrationType().startsWith("nvidia-")) {
                typesPerT4.computeIfAbsent(parent, k -> new HashSet<>()).add(c.profile().getMigrationType());
            } else {
                gvtSpend.merge(parent, e.getValue() * Long.parseLong(c.profile().getAttributes().get("weight")), Long::sum);
            }
        }
        for (Candidate c : fleet.creatable()) {
            if (c.profile().getMigrationType().startsWith("i915-")) {
                gvtBudget.merge(c.host() + "/" + c.id().substring(0, c.id().indexOf('/')),
                        c.capacity() * Long.parseLong(c.profile().getAttributes().get("weight")), Math::max);
            }
        }
        typesPerT4.values().forEach(types -> assertThat(types).as("one vGPU type per T4").hasSize(1));
        gvtSpend.forEach((parent, spend) -> assertThat(spend).as("GVT-g budget of %s", parent).isLessThanOrEqualTo(gvtBudget.get(parent)));
    }

    /** The best objective over every assignment of every VM to "stay" or a host and every device to a place there. */
    static Objective bruteForce(Fleet fleet) {
        Map<String, List<FleetDevice>> vms = new TreeMap<>();
        fleet.assigned().forEach(d -> vms.computeIfAbsent(d.assignedTo(), k -> new ArrayList<>()).add(d));
        List<Candidate> places = new ArrayList<>();
        fleet.devices().stream().filter(d -> !d.assigned()).forEach(d -> places.add(d.asCandidate()));
        places.addAll(fleet.creatable());
        Objective[] best = {new Objective(0, 0, 0, 0)};
        search(new ArrayList<>(vms.values()), 0, places, new HashMap<>(), new ArrayList<>(), best);
        return best[0];
    }

    private static void search(List<List<FleetDevice>> vms, int v, List<Candidate> places, Map<Candidate, Integer> used,
                               List<VmMove> moves, Objective[] best) {
        if (v == vms.size()) {
            if (feasible(used, places)) {
                Objective o = Session.objective(moves);
                if (o.betterThan(best[0])) {
                    best[0] = o;
                }
            }
            return;
        }
        List<FleetDevice> vm = vms.get(v);
        search(vms, v + 1, places, used, moves, best);
        for (String host : places.stream().map(Candidate::host).distinct().sorted().toList()) {
            devices(vms, v, vm, 0, host, places, used, new ArrayList<>(), moves, best);
        }
    }

    private static void devices(List<List<FleetDevice>> vms, int v, List<FleetDevice> vm, int d, String host, List<Candidate> places,
                                Map<Candidate, Integer> used, List<Verdict> chosen, List<VmMove> moves, Objective[] best) {
        if (d == vm.size()) {
            boolean live = chosen.stream().allMatch(x -> x.level() == Level.LIVE)
                    && (vm.size() == 1 || vm.stream().allMatch(x -> x.profile().getMigrationType().startsWith("mlx5_vfio_pci:")));
            int score = chosen.stream().mapToInt(Verdict::score).sum();
            moves.add(new VmMove("src/" + vm.get(0).assignedTo(), "src", host, live ? Level.LIVE : Level.COLD, score, "", "", List.of()));
            search(vms, v + 1, places, used, moves, best);
            moves.remove(moves.size() - 1);
            return;
        }
        for (Candidate c : places) {
            if (!c.host().equals(host) || used.getOrDefault(c, 0) >= c.capacity()) {
                continue;
            }
            Verdict verdict = engine.check(vm.get(d).profile(), c.profile(), c.kind());
            if (!verdict.compatible()) {
                continue;
            }
            used.merge(c, 1, Integer::sum);
            chosen.add(verdict);
            devices(vms, v, vm, d + 1, host, places, used, chosen, moves, best);
            chosen.remove(chosen.size() - 1);
            used.merge(c, -1, Integer::sum);
        }
    }

    /** The parent rules the reference packs declare: one T4 type per parent, the GVT-g weight budget. */
    private static boolean feasible(Map<Candidate, Integer> used, List<Candidate> places) {
        Map<String, Set<String>> t4 = new HashMap<>();
        Map<String, Long> spend = new HashMap<>();
        Map<String, Long> budget = new HashMap<>();
        for (Map.Entry<Candidate, Integer> e : used.entrySet()) {
            Candidate c = e.getKey();
            if (c.kind() != CandidateKind.CREATABLE) {
                continue;
            }
            String parent = c.host() + "/" + c.id().substring(0, c.id().indexOf('/'));
            if (c.profile().getMigrationType().startsWith("nvidia-") && e.getValue() > 0) {
                t4.computeIfAbsent(parent, k -> new HashSet<>()).add(c.profile().getMigrationType());
            }
            if (c.profile().getMigrationType().startsWith("i915-")) {
                long w = Long.parseLong(c.profile().getAttributes().get("weight"));
                spend.merge(parent, e.getValue() * w, Long::sum);
            }
        }
        for (Candidate c : places) {
            if (c.kind() == CandidateKind.CREATABLE && c.profile().getMigrationType().startsWith("i915-")) {
                budget.merge(c.host() + "/" + c.id().substring(0, c.id().indexOf('/')),
                        c.capacity() * Long.parseLong(c.profile().getAttributes().get("weight")), Math::max);
            }
        }
        return t4.values().stream().allMatch(s -> s.size() <= 1)
                && spend.entrySet().stream().allMatch(e -> e.getValue() <= budget.get(e.getKey()));
    }
}
