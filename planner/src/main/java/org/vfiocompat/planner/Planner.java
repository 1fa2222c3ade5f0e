package org.vfiocompat.planner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Plans for whole VMs over one engine: where a VM can go ({@link #place}), how to empty hosts
 * ({@link #drain}), which hosts can be emptied at all ({@link #drainEachHost}), and what a
 * rolling upgrade does to live paths ({@link #upgrade}). Every device of a VM lands on one
 * target host, no place is used beyond its capacity, and the plan is CP-SAT's, optimal for the
 * objective of {@link Objective} or marked with its gap. Results are immutable; the same inputs
 * give the same plan on every run. Safe to share: each call works on its own state.
 */
public final class Planner {

    private final CompatibilityEngine engine;
    private final SolverSettings settings;

    private Planner(Builder b) {
        this.engine = b.engine;
        this.settings = new SolverSettings(b.timeLimit.toMillis() / 1000.0, b.seed);
    }

    /** A builder over {@code engine}, whose packs judge every pair and declare capacity and P2P. */
    public static Builder builder(CompatibilityEngine engine) {
        return new Builder(Objects.requireNonNull(engine, "engine"));
    }

    Session session(Fleet fleet) {
        Declarations declarations = new Declarations(engine.planning());
        return new Session(new FleetIndex(fleet, declarations), declarations, new Verdicts(engine), settings);
    }

    /**
     * Every host that can receive {@code vm} ({@code host/name}) whole, best first, and every other
     * host with the device that keeps the VM away.
     *
     * @throws PlanningInputException for an unknown VM, or a VM the inventory puts on two hosts
     */
    public Placement place(Fleet fleet, String vm) {
        Session s = session(fleet);
        Vm v = s.vm(vm);
        List<VmMove> targets = new ArrayList<>();
        List<RefusedHost> refused = new ArrayList<>();
        for (String host : fleet.hosts()) {
            if (host.equals(v.host())) {
                continue;
            }
            HostOffer offer = s.index.offers.get(host);
            Session.Alone a = s.alone(v, offer);
            if (a.fits()) {
                targets.add(s.move(v, offer, a.devices(), new HashMap<>()));
            } else {
                refused.add(new RefusedHost(host, v.devices().get(a.limiting()).ref(), a.reason()));
            }
        }
        targets.sort(Comparator.comparing(VmMove::level).thenComparing(m -> -m.score()).thenComparing(VmMove::to));
        return new Placement(v.ref(), v.devices().stream().map(d -> d.ref()).toList(), targets, refused);
    }

    /**
     * One plan that moves every VM off {@code hosts} that can move, without using any target
     * beyond its capacity: most VMs moved, then most LIVE, then the highest pack scores, then the
     * least crowding; the VMs that stay, each with why.
     *
     * @throws PlanningInputException for no host, an unknown host, every host of the fleet, or
     *                                a VM on them the inventory also puts on another host
     */
    public DrainPlan drain(Fleet fleet, Collection<String> hosts) {
        Session s = session(fleet);
        TreeSet<String> drained = new TreeSet<>();
        for (String h : hosts) {
            s.requireHost(h, "--host");
            drained.add(h);
        }
        if (drained.isEmpty()) {
            throw s.error(ProblemCodes.PLAN_INVALID_REQUEST, "name at least one host to drain");
        }
        if (drained.size() == fleet.hosts().size()) {
            throw s.error(ProblemCodes.PLAN_INVALID_REQUEST, "draining every host of the fleet leaves nowhere to go");
        }
        List<Vm> vms = new ArrayList<>();
        for (String h : drained) {
            for (Vm vm : s.index.vmsByHost.getOrDefault(h, List.of())) {
                s.requireOneHost(vm);
                vms.add(vm);
            }
        }
        return s.drain(List.copyOf(drained), vms, AssignmentModel.Goal.FULL);
    }

    /**
     * The N+1 report: every host drained on its own, with the fewest VMs any plan leaves there.
     */
    public Resilience drainEachHost(Fleet fleet) {
        Session s = session(fleet);
        List<HostDrain> out = new ArrayList<>();
        for (String host : fleet.hosts()) {
            List<Vm> vms = s.index.vmsByHost.getOrDefault(host, List.of());
            if (vms.isEmpty()) {
                out.add(new HostDrain(host, 0, true, List.of()));
                continue;
            }
            if (fleet.hosts().size() == 1) {
                out.add(new HostDrain(host, vms.size(), false, vms.stream().map(v -> new StuckVm(v.ref(), StuckVm.Why.NO_COMPATIBLE_HOST,
                        "no other host is left to take it", List.of())).toList()));
                continue;
            }
            DrainPlan plan = s.drain(List.of(host), vms, AssignmentModel.Goal.MOVED_ONLY);
            out.add(new HostDrain(host, vms.size(), plan.stuck().isEmpty(), plan.stuck()));
        }
        return new Resilience(out);
    }

    /**
     * A rolling-upgrade what-if: the changes applied wave by wave, and after each wave the VMs
     * that lost every live path and whether each upgraded host still has a way back.
     *
     * @throws PlanningInputException for a change or wave naming an unknown host, a change for a
     *                                host in no wave, a host in two waves
     */
    public UpgradeReport upgrade(Fleet fleet, List<HostChange> changes, WavePlan waves) {
        return new Upgrade(this, fleet, changes, waves).run();
    }

    /** Builds a {@link Planner}; each setter checks its argument at once and may be called once. */
    public static final class Builder {
        private final CompatibilityEngine engine;
        private Duration timeLimit = Duration.ofSeconds(10);
        private boolean timeLimitSet;
        private int seed = 1;
        private boolean seedSet;

        private Builder(CompatibilityEngine engine) {
            this.engine = engine;
        }

        /**
         * The solver's budget per plan, in CP-SAT's deterministic time (about wall seconds, the same
         * on every run; default 10 s). Past it the plan is the best found, with its gap.
         */
        public Builder timeLimit(Duration limit) {
            Objects.requireNonNull(limit, "limit");
            if (timeLimitSet) {
                throw new IllegalStateException("timeLimit was already set");
            }
            if (limit.toMillis() < 10 || limit.toHours() > 24) {
                throw new IllegalArgumentException("timeLimit must be from 10 ms to 24 h, got " + limit);
            }
            this.timeLimit = limit;
            this.timeLimitSet = true;
            return this;
        }

        /** CP-SAT's random seed (default 1): another seed may pick another plan of the same objective. */
        public Builder seed(int seed) {
            if (seedSet) {
                throw new IllegalStateException("seed was already set");
            }
            this.seed = seed;
            this.seedSet = true;
            return this;
        }

        public Planner build() {
            return new Planner(this);
        }
    }
}
