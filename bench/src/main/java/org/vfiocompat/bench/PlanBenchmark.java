package org.vfiocompat.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.PackPlanning;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.planner.DrainPlan;
import org.vfiocompat.planner.Objective;
import org.vfiocompat.planner.Planner;
import org.vfiocompat.planner.Resilience;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * The planner at fleet scale, against a greedy baseline in the same run (issue 14): drain one
 * host of a 1,000-host fleet, a 40-host rack of a 10,000-host fleet, 100 hosts of a 1,000-host
 * fleet with scarce places, and {@code drain --each-host} over 1,000 hosts. Every host runs 10
 * VMs of 2 devices (half two mlx5 VFs, half a T4 vGPU and a VF) and offers free VFs and creatable
 * T4 vGPUs of random versions. A main, not JMH: each figure is one whole plan after a warm-up
 * plan, in wall and process CPU time. Exits 1, naming the case, when the generated devices no
 * longer fit the packs, when a plan moves nothing, or when the planner's plan is worse than the
 * greedy baseline's.
 *
 * <pre>java -Xmx3g -cp bench/target/benchmarks.jar org.vfiocompat.bench.PlanBenchmark [hosts=1000] [rack-fleet=10000]</pre>
 */
public final class PlanBenchmark {

    private static final String[] MANAGERS = {"535.104.05", "535.129.03", "550.54.14"};
    private static final String[] FIRMWARE = {"22.36.1010", "22.39.1002"};

    private PlanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rackFleet = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path packs = Fixtures.packDir().getParent();
        System.out.printf("PlanBenchmark %d %d: load average %.2f, %d processors%n", hosts, rackFleet, LOAD.getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(packs).build()) {
            requireCompatible(engine);
            Fleet fleet = fleet(hosts, 1, false);
            Planner planner = Planner.builder(engine).timeLimit(Duration.ofSeconds(10)).build();
            planner.drain(fleet, List.of(host(1)));
            line("drain 1 host of " + hosts, planner, engine, fleet, List.of(host(0)));
            Fleet big = fleet(rackFleet, 2, false);
            List<String> rack = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                rack.add(host(i));
            }
            Planner rackPlanner = Planner.builder(engine).timeLimit(Duration.ofSeconds(20)).build();
            line("drain a 40-host rack of " + rackFleet, rackPlanner, engine, big, rack);
            // Scarce places: hosts keep 0 to 2 free VFs and create 0 to 2 vGPUs, so a 100-host drain
            // cannot move every VM and the order in which VMs take places decides how many do.
            Fleet scarce = fleet(hosts, 3, true);
            List<String> hundred = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                hundred.add(host(i));
            }
            line("contended: drain 100 of " + hosts, rackPlanner, engine, scarce, hundred);
            Clock c = Clock.start();
            Resilience r = planner.drainEachHost(fleet);
            Clock each = c.stop();
            Clock g = Clock.start();
            int greedyStuckHosts = 0;
            for (String h : fleet.hosts()) {
                greedyStuckHosts += greedy(engine, fleet, List.of(h)).stuck > 0 ? 1 : 0;
            }
            Clock greedyEach = g.stop();
            System.out.printf("%-36s planner %s, %d hosts not drainable | greedy %s, %d hosts not drainable | cpu ratio %.2f%n",
                    "drain --each-host over " + hosts, each, r.notDrainable().size(), greedyEach, greedyStuckHosts,
                    each.cpuMs / Math.max(1.0, greedyEach.cpuMs));
            if (r.notDrainable().size() > greedyStuckHosts) {
                fail("the N+1 report finds more hosts not drainable than the greedy baseline");
            }
        }
        System.out.printf("done: load average %.2f%n", LOAD.getSystemLoadAverage());
    }

    private static final com.sun.management.OperatingSystemMXBean LOAD =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Wall and process CPU time (every thread: the solver's, the packs', the collector's) of one step. */
    private static final class Clock {
        final long wall0 = System.nanoTime();
        final long cpu0 = LOAD.getProcessCpuTime();
        double wallMs;
        double cpuMs;

        static Clock start() {
            return new Clock();
        }

        Clock stop() {
            wallMs = (System.nanoTime() - wall0) / 1e6;
            cpuMs = (LOAD.getProcessCpuTime() - cpu0) / 1e6;
            return this;
        }

        @Override
        public String toString() {
            return String.format("%8.0f ms wall %8.0f ms cpu", wallMs, cpuMs);
        }
    }

    /**
     * The generated devices must be ones the current packs judge: a version format a pack no
     * longer reads makes every pair NONE, and a benchmark that moves nothing measures nothing.
     */
    private static void requireCompatible(CompatibilityEngine engine) {
        Verdict vf = engine.check(vf(FIRMWARE[0]), vf(FIRMWARE[0]), CandidateKind.EXISTING);
        Verdict t4 = engine.check(t4("nvidia-256", MANAGERS[0]), t4("nvidia-256", MANAGERS[1]), CandidateKind.CREATABLE);
        if (vf.level() != Level.LIVE || t4.level() != Level.LIVE) {
            fail("the generated fleet does not fit the packs any more (a version format changed?): VF to VF " + vf.level() + " (" + vf.reason()
                    + "), T4 vGPU to T4 vGPU " + t4.level() + " (" + t4.reason() + ")");
        }
    }

    private static void fail(String why) {
        System.err.println("PlanBenchmark FAILED: " + why);
        System.exit(1);
    }

    private static void line(String what, Planner planner, CompatibilityEngine engine, Fleet fleet, List<String> drained) {
        Clock c = Clock.start();
        DrainPlan plan = planner.drain(fleet, drained);
        Clock solved = c.stop();
        Objective o = plan.objective();
        System.out.printf("%-36s planner %s, moved %d (%d LIVE), score %d, crowding %d, %s, gap %.6f", what, solved, o.moved(), o.live(),
                o.score(), o.crowding(), plan.optimal() ? "optimal" : "feasible", plan.gap());
        System.out.flush();
        Clock gc = Clock.start();
        Greedy g = greedy(engine, fleet, drained);
        Clock greedy = gc.stop();
        System.out.printf(" | greedy %s, moved %d (%d LIVE), score %d, crowding %d | cpu ratio %.2f%n",
                greedy, g.moved, g.live, g.score, g.crowding(), solved.cpuMs / Math.max(1.0, greedy.cpuMs));
        if (o.moved() == 0 || g.moved == 0) {
            fail(what + ": nothing moved (planner " + o.moved() + ", greedy " + g.moved + "): the fleet measures nothing");
        }
        if (new Objective(g.moved, g.live, g.score, g.crowding()).betterThan(o)) {
            fail(what + ": the planner's plan is worse than the greedy baseline's");
        }
    }

    static String host(int i) {
        return String.format("h%05d", i);
    }

    /** {@code n} hosts, 10 VMs of 2 devices each, random free VFs and creatable T4 types (fewer when {@code scarce}). */
    static Fleet fleet(int n, long seed, boolean scarce) {
        SplittableRandom r = new SplittableRandom(seed);
        List<FleetDevice> devices = new ArrayList<>();
        List<Candidate> creatable = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            String host = host(h);
            names.add(host);
            String manager = MANAGERS[r.nextInt(MANAGERS.length)];
            String fw = FIRMWARE[r.nextInt(FIRMWARE.length)];
            int vf = 0;
            for (int v = 0; v < 10; v++) {
                String vm = host + "-vm" + v;
                if (v % 2 == 0) {
                    devices.add(new FleetDevice(host, pci(vf++), vf(fw), "", vm));
                    devices.add(new FleetDevice(host, pci(vf++), vf(fw), "", vm));
                } else {
                    devices.add(new FleetDevice(host, "mdev-" + v, t4("nvidia-256", manager), "gpu0", vm));
                    devices.add(new FleetDevice(host, pci(vf++), vf(fw), "", vm));
                }
            }
            for (int i = 0, free = scarce ? r.nextInt(3) : 2 + r.nextInt(7); i < free; i++) {
                devices.add(new FleetDevice(host, pci(vf++), vf(fw), "", ""));
            }
            int a = r.nextInt(scarce ? 3 : 7);
            if (a > 0) {
                creatable.add(Candidate.creatable(host, "gpu0", t4("nvidia-256", manager), a));
            }
            int b = r.nextInt(3);
            if (b > 0) {
                creatable.add(Candidate.creatable(host, "gpu0", t4("nvidia-257", manager), b));
            }
        }
        return Fleet.of("bench-" + n, names, devices, creatable);
    }

    private static String pci(int i) {
        return String.format("0000:41:%02x.%d", i / 8, i % 8);
    }

    private static DeviceProfile vf(String fw) {
        // The mlx5-vfio pack's version string (devlink facts of the VF's PF): same PSID and firmware move LIVE.
        return DeviceProfile.builder(DeviceKind.PHYS).deviceApi("vfio-pci").migrationType("mlx5_vfio_pci:15b3:101e")
                .migrationVersion("psid=MT_0000000359, migratable=enable, fw=" + fw).build();
    }

    private static DeviceProfile t4(String type, String manager) {
        // The nvidia-vgpu pack's version string (NVML facts, the manager last): the type by name, the
        // board, ECC, host OS and manager; a newer manager of the branch or the next branch moves LIVE.
        String name = type.equals("nvidia-256") ? "GRID T4-2Q" : "GRID T4-4Q";
        return DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType(type)
                .migrationVersion("vgpu=" + name + ", gpu=1EB810DE, subsystem=12A210DE, ecc=Disabled, pending_ecc=Disabled, os=ubuntu 22.04, manager="
                        + manager)
                .attribute("name", name).attribute("max_instance", type.equals("nvidia-256") ? "8" : "4")
                .parentModel("NVIDIA Tesla T4 (10de:1eb8)").build();
    }

    /** Whether the packs declare P2P migration for {@code type} (QEMU's rule for a VM with several VFIO devices). */
    static boolean p2p(List<PackPlanning> planning, String type) {
        return planning.stream().anyMatch(p -> p.namespaces().stream().anyMatch(type::startsWith)
                && p.p2pTypes().stream().anyMatch(type::startsWith));
    }

    /** What the greedy baseline achieved. */
    static final class Greedy {
        int moved;
        int live;
        long score;
        int stuck;
        final Map<String, Integer> load = new HashMap<>();

        long crowding() {
            return load.values().stream().mapToLong(n -> (long) n * n).sum();
        }
    }

    /**
     * The baseline: VMs in order, each to the host where its devices, each taking its best
     * remaining compatible place in turn (what following {@code batch} device by device does,
     * kept on one host), score highest; capacity and one T4 type per parent respected.
     */
    static Greedy greedy(CompatibilityEngine engine, Fleet fleet, List<String> drained) {
        Set<String> out = new HashSet<>(drained);
        Map<String, List<Candidate>> places = new HashMap<>();
        for (FleetDevice d : fleet.devices()) {
            if (!d.assigned() && !out.contains(d.host())) {
                places.computeIfAbsent(d.host(), k -> new ArrayList<>()).add(d.asCandidate());
            }
        }
        for (Candidate c : fleet.creatable()) {
            if (!out.contains(c.host())) {
                places.computeIfAbsent(c.host(), k -> new ArrayList<>()).add(c);
            }
        }
        List<PackPlanning> planning = engine.planning();
        Map<Candidate, Integer> used = new HashMap<>();
        Map<String, String> typeOfParent = new HashMap<>();
        Map<List<Object>, Verdict> memo = new HashMap<>();
        Greedy g = new Greedy();
        Map<String, List<FleetDevice>> vms = new java.util.TreeMap<>();
        for (FleetDevice d : fleet.assigned()) {
            if (out.contains(d.host())) {
                vms.computeIfAbsent(d.host() + "/" + d.assignedTo(), k -> new ArrayList<>()).add(d);
            }
        }
        for (List<FleetDevice> vm : vms.values()) {
            List<Candidate> bestTaken = null;
            long bestScore = -1;
            boolean bestLive = false;
            for (Map.Entry<String, List<Candidate>> host : places.entrySet()) {
                Map<Candidate, Integer> trial = new HashMap<>();
                List<Candidate> taken = new ArrayList<>();
                long score = 0;
                boolean live = true;
                for (FleetDevice d : vm) {
                    Candidate pick = null;
                    Verdict pv = null;
                    for (Candidate c : host.getValue()) {
                        int left = c.capacity() - used.getOrDefault(c, 0) - trial.getOrDefault(c, 0);
                        String parent = c.host() + "/" + c.id().split("/")[0];
                        if (left <= 0 || c.kind() == CandidateKind.CREATABLE && typeOfParent.containsKey(parent)
                                && !typeOfParent.get(parent).equals(c.id())) {
                            continue;
                        }
                        Verdict v = memo.computeIfAbsent(List.of(d.profile(), c.profile(), c.kind()),
                                k -> engine.check(d.profile(), c.profile(), c.kind()));
                        if (v.compatible() && (pv == null || v.level().compareTo(pv.level()) < 0 || v.level() == pv.level() && v.score() > pv.score())) {
                            pick = c;
                            pv = v;
                        }
                    }
                    if (pick == null) {
                        taken = null;
                        break;
                    }
                    trial.merge(pick, 1, Integer::sum);
                    taken.add(pick);
                    score += pv.score();
                    live &= pv.level() == Level.LIVE;
                }
                if (taken == null) {
                    continue;
                }
                live &= vm.size() == 1 || vm.stream().allMatch(d -> p2p(planning, d.profile().getMigrationType()));
                if (bestTaken == null || live && !bestLive || live == bestLive && score > bestScore) {
                    bestTaken = taken;
                    bestScore = score;
                    bestLive = live;
                }
            }
            if (bestTaken == null) {
                g.stuck++;
                continue;
            }
            for (Candidate c : bestTaken) {
                used.merge(c, 1, Integer::sum);
                if (c.kind() == CandidateKind.CREATABLE) {
                    typeOfParent.put(c.host() + "/" + c.id().split("/")[0], c.id());
                }
            }
            g.moved++;
            g.load.merge(bestTaken.get(0).host(), 1, Integer::sum);
            g.live += bestLive ? 1 : 0;
            g.score += bestScore;
        }
        return g;
    }
}
