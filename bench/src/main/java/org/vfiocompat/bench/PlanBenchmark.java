package org.vfiocompat.bench;

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
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.planner.DrainPlan;
import org.vfiocompat.planner.Planner;
import org.vfiocompat.planner.Resilience;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * The planner at fleet scale, against a greedy baseline in the same run (issue 14): drain one
 * host of a 1,000-host fleet, a 40-host rack of a 10,000-host fleet, and {@code drain --each-host}
 * over 1,000 hosts. Every host runs 10 VMs of 2 devices (half two mlx5 VFs, half a T4 vGPU and
 * a VF) and offers free VFs and creatable T4 vGPUs of random versions. A main, not JMH: each
 * figure is one whole plan, timed wall-clock after a warm-up plan.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.vfiocompat.bench.PlanBenchmark [hosts=1000] [rack-fleet=10000]</pre>
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
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(packs).build()) {
            Fleet fleet = fleet(hosts, 1);
            Planner planner = Planner.builder(engine).timeLimit(Duration.ofSeconds(10)).build();
            planner.drain(fleet, List.of(host(1)));
            line("drain 1 host of " + hosts, planner, engine, fleet, List.of(host(0)));
            Fleet big = fleet(rackFleet, 2);
            List<String> rack = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                rack.add(host(i));
            }
            Planner rackPlanner = Planner.builder(engine).timeLimit(Duration.ofSeconds(20)).build();
            line("drain a 40-host rack of " + rackFleet, rackPlanner, engine, big, rack);
            long t0 = System.nanoTime();
            Resilience r = planner.drainEachHost(fleet);
            long each = System.nanoTime() - t0;
            long g0 = System.nanoTime();
            int greedyStuckHosts = 0;
            for (String h : fleet.hosts()) {
                greedyStuckHosts += greedy(engine, fleet, List.of(h)).stuck > 0 ? 1 : 0;
            }
            long greedyEach = System.nanoTime() - g0;
            System.out.printf("%-40s planner %8.0f ms, %d hosts not drainable | greedy %8.0f ms, %d hosts not drainable%n",
                    "drain --each-host over " + hosts, each / 1e6, r.notDrainable().size(), greedyEach / 1e6, greedyStuckHosts);
        }
    }

    private static void line(String what, Planner planner, CompatibilityEngine engine, Fleet fleet, List<String> drained) {
        long t0 = System.nanoTime();
        DrainPlan plan = planner.drain(fleet, drained);
        long solved = System.nanoTime() - t0;
        long g0 = System.nanoTime();
        Greedy g = greedy(engine, fleet, drained);
        long greedy = System.nanoTime() - g0;
        System.out.printf("%-40s planner %8.0f ms, moved %d (%d LIVE), score %d, %s gap %.6f | greedy %8.0f ms, moved %d (%d LIVE), score %d%n",
                what, solved / 1e6, plan.objective().moved(), plan.objective().live(), plan.objective().score(),
                plan.optimal() ? "optimal" : "feasible", plan.gap(), greedy / 1e6, g.moved, g.live, g.score);
    }

    static String host(int i) {
        return String.format("h%05d", i);
    }

    /** {@code n} hosts, 10 VMs of 2 devices each, random free VFs and creatable T4 types. */
    static Fleet fleet(int n, long seed) {
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
            for (int i = 0, free = 2 + r.nextInt(7); i < free; i++) {
                devices.add(new FleetDevice(host, pci(vf++), vf(fw), "", ""));
            }
            int a = r.nextInt(7);
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
        return DeviceProfile.builder(DeviceKind.PHYS).deviceApi("vfio-pci").migrationType("mlx5_vfio_pci:15b3:101e")
                .migrationVersion("MT_0000000359-" + fw).build();
    }

    private static DeviceProfile t4(String type, String manager) {
        return DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType(type)
                .migrationVersion("10de-1eb8-" + manager + "-ecc0").attribute("name", type.equals("nvidia-256") ? "GRID T4-2Q" : "GRID T4-4Q")
                .attribute("max_instance", type.equals("nvidia-256") ? "8" : "4").parentModel("NVIDIA Tesla T4 (10de:1eb8)").build();
    }

    /** What the greedy baseline achieved. */
    static final class Greedy {
        int moved;
        int live;
        long score;
        int stuck;
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
        Map<Candidate, Integer> used = new HashMap<>();
        Map<String, String> typeOfParent = new HashMap<>();
        Map<String, Verdict> memo = new HashMap<>();
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
                        Verdict v = memo.computeIfAbsent(d.profile().hashCode() + "|" + c.profile().hashCode() + c.kind(),
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
                live &= vm.size() == 1 || vm.stream().allMatch(d -> d.profile().getMigrationType().startsWith("mlx5_vfio_pci:"));
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
            g.live += bestLive ? 1 : 0;
            g.score += bestScore;
        }
        return g;
    }
}
