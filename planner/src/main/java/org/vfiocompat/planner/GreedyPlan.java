package org.vfiocompat.planner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.CandidateKind;

/**
 * The plan CP-SAT starts from, and the floor it never falls below: VM by VM in request order,
 * each to the host where it is best given what the VMs before it took (LIVE, then score), the
 * least loaded among equals, then the one where it takes more existing devices (creating
 * nothing), then the first by name. Over every class of hosts, not only the few a large fleet's
 * model offers a VM: the drain adds each VM's greedy host to its offer, so this plan is always a
 * solution of the model, and the planner's plan is never worse than following it.
 *
 * <p>Hosts of a class are interchangeable, so a VM looks at the first unused host of a class and
 * at the class's hosts already used by earlier VMs, never at the other unused ones: one pass
 * costs about (VMs x classes), not (VMs x hosts).
 */
final class GreedyPlan {

    /** Where one VM could go: the host, the places, and the tie-breaks. */
    private record Choice(String host, HostOffer offer, List<AssignmentModel.Option> options, long[] value, int load, int existing) {
    }

    private final Session session;
    private final List<List<String>> classes;
    private final int[] nextUnused;
    private final List<List<String>> usedInClass = new ArrayList<>();
    private final Map<String, List<Integer>> taken = new HashMap<>();
    private final Map<String, Integer> load = new HashMap<>();
    private final List<AssignmentModel.Placed> placed = new ArrayList<>();

    /** Over {@code classes}: the open hosts of each class of interchangeable hosts, each list sorted. */
    GreedyPlan(Session session, List<List<String>> classes) {
        this.session = session;
        this.classes = classes;
        this.nextUnused = new int[classes.size()];
        classes.forEach(c -> usedInClass.add(new ArrayList<>()));
    }

    /** The VMs placed so far, in the order they were placed. */
    List<AssignmentModel.Placed> placed() {
        return List.copyOf(placed);
    }

    /**
     * Places {@code vm}, given the classes it fits alone, best first by its value alone there
     * ({@code values}, indexed by class); returns its host, or null when every fitting host is full.
     */
    String place(Vm vm, List<Integer> order, long[][] values) {
        boolean capable = session.liveCapable(vm);
        Choice best = null;
        for (int c : order) {
            // A host's value with earlier VMs on it is at most the class's value alone.
            if (best != null && Session.compare(values[c], best.value()) > 0) {
                break;
            }
            for (String host : usedInClass.get(c)) {
                HostOffer offer = session.index.offers.get(host);
                AssignmentModel.Fit fit = session.fit(vm, offer);
                List<AssignmentModel.Option> options = Capacity.bestWith(fit, capable, taken.get(host));
                if (options != null) {
                    best = better(best, choice(vm, host, offer, options));
                }
            }
            String unused = firstUnused(c);
            if (unused != null) {
                HostOffer offer = session.index.offers.get(unused);
                best = better(best, choice(vm, unused, offer, session.alone(vm, offer).devices()));
                // Later classes are no better alone, and an unused host of them ties at best.
                break;
            }
        }
        if (best == null) {
            return null;
        }
        List<Integer> groups = taken.computeIfAbsent(best.host(), k -> new ArrayList<>());
        if (groups.isEmpty()) {
            int c = classOf(best.host(), order);
            usedInClass.get(c).add(best.host());
            nextUnused[c]++;
        }
        best.options().forEach(o -> groups.add(o.group()));
        load.merge(best.host(), 1, Integer::sum);
        placed.add(new AssignmentModel.Placed(vm, best.offer(), best.options()));
        return best.host();
    }

    private int classOf(String host, List<Integer> order) {
        for (int c : order) {
            if (nextUnused[c] < classes.get(c).size() && classes.get(c).get(nextUnused[c]).equals(host)) {
                return c;
            }
        }
        throw new IllegalStateException(host + " is the first unused host of none of the VM's classes");
    }

    /** The class's first host no VM of this plan took yet; hosts are taken in order, so a cursor finds it. */
    private String firstUnused(int c) {
        List<String> hosts = classes.get(c);
        return nextUnused[c] < hosts.size() ? hosts.get(nextUnused[c]) : null;
    }

    private Choice choice(Vm vm, String host, HostOffer offer, List<AssignmentModel.Option> options) {
        int existing = 0;
        for (AssignmentModel.Option o : options) {
            existing += offer.groups().get(o.group()).kind() == CandidateKind.EXISTING ? 1 : 0;
        }
        return new Choice(host, offer, options, session.value(vm, options), load.getOrDefault(host, 0), existing);
    }

    private static Choice better(Choice best, Choice c) {
        if (best == null) {
            return c;
        }
        int byValue = Session.compare(c.value(), best.value());
        if (byValue != 0) {
            return byValue < 0 ? c : best;
        }
        if (c.load() != best.load()) {
            return c.load() < best.load() ? c : best;
        }
        if (c.existing() != best.existing()) {
            return c.existing() > best.existing() ? c : best;
        }
        return c.host().compareTo(best.host()) < 0 ? c : best;
    }
}
