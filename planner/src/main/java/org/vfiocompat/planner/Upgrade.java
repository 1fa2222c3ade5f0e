package org.vfiocompat.planner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.PackPlanning;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * One rolling-upgrade what-if. Each wave first needs its hosts drained (planned on the fleet as
 * the earlier waves left it); then its hosts' facts change, which rewrites the version strings
 * of their devices and creatable types as the packs' {@code hostFacts} declare, and the same
 * engine and packs judge the changed fleet. VMs are taken where the inventory has them.
 */
final class Upgrade {

    private final Planner planner;
    private final Fleet fleet;
    private final List<HostChange> changes;
    private final WavePlan waves;

    Upgrade(Planner planner, Fleet fleet, List<HostChange> changes, WavePlan waves) {
        this.planner = planner;
        this.fleet = fleet;
        this.changes = List.copyOf(changes);
        this.waves = waves;
    }

    UpgradeReport run() {
        Session base = planner.session(fleet);
        for (int w = 0; w < waves.waves().size(); w++) {
            for (String h : waves.waves().get(w)) {
                if (!fleet.hosts().contains(h)) {
                    throw new PlanningInputException(List.of(new Problem(ProblemCodes.PLAN_UNKNOWN_HOST,
                            Location.line(waves.file(), waves.lines().get(w)), "host " + h + " is not in " + fleet.name())));
                }
            }
        }
        // Every host may be in a wave: the last wave then has no way back, which the report says.
        Set<String> waved = new HashSet<>(waves.hosts());
        List<String> warnings = new ArrayList<>();
        Map<String, Map<String, String>> byHost = new TreeMap<>();
        for (HostChange c : changes) {
            base.requireHost(c.host(), "--set");
            if (!waved.contains(c.host())) {
                throw base.error(ProblemCodes.PLAN_INVALID_REQUEST, "--set " + c.host() + "." + c.fact() + ": host " + c.host()
                        + " is in no wave of " + waves.file());
            }
            if (!base.declarations.knowsFact(c.fact())) {
                TreeSet<String> known = new TreeSet<>();
                base.declarations.packs().forEach(p -> p.hostFacts().forEach(f -> known.add(f.name())));
                warnings.add(ProblemCodes.PLAN_UNKNOWN_FACT + ": --set " + c.host() + "." + c.fact() + ": no loaded pack reads host fact '" + c.fact()
                        + "'" + (known.isEmpty() ? "" : " (packs read: " + String.join(", ", known) + ")"));
            } else if (!changesSomething(base, c)) {
                warnings.add(ProblemCodes.PLAN_UNKNOWN_FACT + ": --set " + c.host() + "." + c.fact() + ": no device or creatable type on "
                        + c.host() + " carries '" + c.fact() + "'");
            }
            byHost.computeIfAbsent(c.host(), k -> new LinkedHashMap<>()).put(c.fact(), c.value());
        }
        Set<String> liveBefore = liveVms(base);
        int liveAtStart = liveBefore.size();
        Session current = base;
        Set<String> upgraded = new TreeSet<>();
        List<Wave> out = new ArrayList<>();
        for (int w = 0; w < waves.waves().size(); w++) {
            List<String> hosts = waves.waves().get(w);
            List<Vm> moving = new ArrayList<>();
            for (String h : new TreeSet<>(hosts)) {
                moving.addAll(current.index.vmsByHost.getOrDefault(h, List.of()));
            }
            DrainPlan drain = current.drain(List.copyOf(new TreeSet<>(hosts)), moving, AssignmentModel.Goal.FULL);
            upgraded.addAll(hosts);
            Session after = planner.session(rewrite(base, byHost, upgraded));
            Set<String> liveAfter = liveVms(after);
            List<LostPath> lost = new ArrayList<>();
            for (String vm : liveBefore) {
                if (!liveAfter.contains(vm)) {
                    lost.add(new LostPath(vm, lostReason(after, after.index.vms.get(vm))));
                }
            }
            List<WayBack> wayBack = new ArrayList<>();
            for (String h : upgraded) {
                wayBack.add(wayBack(base, after, h, upgraded));
            }
            out.add(new Wave(w + 1, hosts, drain, lost, liveAfter.size(), wayBack));
            liveBefore = liveAfter;
            current = after;
        }
        return new UpgradeReport(changes, base.index.vms.size(), liveAtStart, out, warnings);
    }

    private static boolean changesSomething(Session s, HostChange c) {
        for (FleetDevice d : s.index.fleet.devices()) {
            if (d.host().equals(c.host()) && s.declarations.fact(c.fact(), d.profile().getMigrationType()).isPresent()) {
                return true;
            }
        }
        for (Candidate t : s.index.fleet.creatable()) {
            if (t.host().equals(c.host()) && s.declarations.fact(c.fact(), t.profile().getMigrationType()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The fleet with the changes of {@code upgraded} hosts applied. */
    private Fleet rewrite(Session base, Map<String, Map<String, String>> byHost, Set<String> upgraded) {
        List<FleetDevice> devices = new ArrayList<>();
        for (FleetDevice d : fleet.devices()) {
            DeviceProfile p = apply(base.declarations, d.profile(), upgraded.contains(d.host()) ? byHost.get(d.host()) : null);
            devices.add(p == d.profile() ? d : new FleetDevice(d.host(), d.id(), p, d.parent(), d.assignedTo()));
        }
        List<Candidate> creatable = new ArrayList<>();
        for (Candidate c : fleet.creatable()) {
            DeviceProfile p = apply(base.declarations, c.profile(), upgraded.contains(c.host()) ? byHost.get(c.host()) : null);
            creatable.add(p == c.profile() ? c : new Candidate(c.host(), c.id(), c.kind(), p, c.capacity()));
        }
        return Fleet.of(fleet.name(), fleet.hosts(), devices, creatable);
    }

    /** {@code profile} with each fact of {@code facts} written into its version, where its pack says the fact lives. */
    static DeviceProfile apply(Declarations declarations, DeviceProfile profile, Map<String, String> facts) {
        if (facts == null) {
            return profile;
        }
        String version = profile.getMigrationVersion();
        for (Map.Entry<String, String> f : facts.entrySet()) {
            PackPlanning.HostFact where = declarations.fact(f.getKey(), profile.getMigrationType()).orElse(null);
            if (where == null) {
                continue;
            }
            String[] parts = version.split(Pattern.quote(where.separator()), -1);
            if (where.field() < parts.length) {
                parts[where.field()] = f.getValue();
                version = String.join(where.separator(), parts);
            }
        }
        return version.equals(profile.getMigrationVersion()) ? profile : profile.toBuilder().migrationVersion(version).build();
    }

    /** The VMs that could move LIVE somewhere (alone, capacity as the inventory has it). */
    static Set<String> liveVms(Session s) {
        Set<String> live = new TreeSet<>();
        for (Vm vm : s.index.vms.values()) {
            boolean capable = s.liveCapable(vm);
            for (List<String> members : s.index.classes.values()) {
                if (members.size() == 1 && members.get(0).equals(vm.host())) {
                    continue;
                }
                if (s.alone(vm, s.index.offers.get(members.get(0))).live(capable)) {
                    live.add(vm.ref());
                    break;
                }
            }
        }
        return live;
    }

    private static String lostReason(Session s, Vm vm) {
        VmMove best = null;
        for (List<String> members : s.index.classes.values()) {
            String host = members.stream().filter(h -> !h.equals(vm.host())).findFirst().orElse(null);
            if (host == null) {
                continue;
            }
            HostOffer offer = s.index.offers.get(host);
            Session.Alone a = s.alone(vm, offer);
            if (a.fits()) {
                VmMove m = s.move(vm, offer, a.devices(), new java.util.HashMap<>());
                if (best == null || m.score() > best.score() || m.score() == best.score() && m.to().compareTo(best.to()) < 0) {
                    best = m;
                }
            }
        }
        if (best == null) {
            return "no host can take it any more";
        }
        return "best now COLD to " + best.to() + " (" + best.limiting() + ": " + best.reason() + ")";
    }

    /** Whether upgraded host {@code h} can still send each of its changed profiles LIVE to a host not yet upgraded. */
    private static WayBack wayBack(Session base, Session after, String h, Set<String> upgraded) {
        Map<DeviceProfile, org.vfiocompat.engine.CandidateKind> changed = new LinkedHashMap<>();
        List<FleetDevice> before = base.index.fleet.devices().stream().filter(d -> d.host().equals(h)).toList();
        List<FleetDevice> now = after.index.fleet.devices().stream().filter(d -> d.host().equals(h)).toList();
        for (int i = 0; i < now.size(); i++) {
            if (!now.get(i).profile().equals(before.get(i).profile())) {
                changed.putIfAbsent(now.get(i).profile(), org.vfiocompat.engine.CandidateKind.EXISTING);
            }
        }
        List<Candidate> cBefore = base.index.fleet.creatable().stream().filter(c -> c.host().equals(h)).toList();
        List<Candidate> cNow = after.index.fleet.creatable().stream().filter(c -> c.host().equals(h)).toList();
        for (int i = 0; i < cNow.size(); i++) {
            if (!cNow.get(i).profile().equals(cBefore.get(i).profile())) {
                changed.putIfAbsent(cNow.get(i).profile(), org.vfiocompat.engine.CandidateKind.CREATABLE);
            }
        }
        if (changed.isEmpty()) {
            return new WayBack(h, true, "", "no profile on it changed");
        }
        String firstVia = "";
        for (DeviceProfile p : changed.keySet()) {
            String via = null;
            Verdict bestRefusal = null;
            for (List<String> members : after.index.classes.values()) {
                String host = members.stream().filter(m -> !upgraded.contains(m)).findFirst().orElse(null);
                if (host == null) {
                    continue;
                }
                for (SlotGroup g : after.index.offers.get(host).groups()) {
                    Verdict v = after.verdicts.of(p, g);
                    if (v.level() == Level.LIVE) {
                        via = via == null || host.compareTo(via) < 0 ? host : via;
                    } else if (g.profile().getMigrationType().equals(p.getMigrationType()) && (bestRefusal == null
                            || v.level().compareTo(bestRefusal.level()) < 0 || v.level() == bestRefusal.level() && v.score() > bestRefusal.score())) {
                        bestRefusal = v;
                    }
                }
            }
            if (via == null) {
                String why = bestRefusal == null ? "no host left on the old version offers " + p.getMigrationType()
                        : "best " + bestRefusal.level() + ": " + bestRefusal.reason();
                return new WayBack(h, false, "", p.getMigrationType() + " " + p.getMigrationVersion() + " has no LIVE target on a host not yet upgraded; " + why);
            }
            if (firstVia.isEmpty()) {
                firstVia = via;
            }
        }
        return new WayBack(h, true, firstVia, "");
    }
}
