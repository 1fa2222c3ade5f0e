package org.vfiocompat.planner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.PackPlanning;
import org.vfiocompat.rules.DeviceProfile;

/**
 * A fleet seen as the planner needs it: its VMs, what each host offers incoming devices, and the
 * classes of hosts whose offers are interchangeable. Built once per fleet.
 */
final class FleetIndex {

    final Fleet fleet;
    /** Every VM by {@code host/name}, sorted. */
    final Map<String, Vm> vms = new TreeMap<>();
    /** VMs per host, sorted by name. */
    final Map<String, List<Vm>> vmsByHost = new TreeMap<>();
    /** VM names the inventory assigns on more than one host, with those hosts. */
    final Map<String, TreeSet<String>> hostsOfName = new HashMap<>();
    /** Every host's offer. */
    final Map<String, HostOffer> offers = new TreeMap<>();
    /** Hosts by offer signature, each list sorted; classes in order of their first host. */
    final Map<String, List<String>> classes = new LinkedHashMap<>();
    private final Map<DeviceProfile, Integer> profileIds = new HashMap<>();

    FleetIndex(Fleet fleet, Declarations declarations) {
        this.fleet = fleet;
        Map<String, List<FleetDevice>> byVm = new TreeMap<>();
        for (FleetDevice d : fleet.assigned()) {
            byVm.computeIfAbsent(d.host() + "/" + d.assignedTo(), k -> new ArrayList<>()).add(d);
            hostsOfName.computeIfAbsent(d.assignedTo(), k -> new TreeSet<>()).add(d.host());
        }
        for (List<FleetDevice> ds : byVm.values()) {
            FleetDevice first = ds.get(0);
            Vm vm = new Vm(first.host(), first.assignedTo(), ds);
            vms.put(vm.ref(), vm);
            vmsByHost.computeIfAbsent(vm.host(), k -> new ArrayList<>()).add(vm);
        }
        Map<String, List<FleetDevice>> free = new HashMap<>();
        for (FleetDevice d : fleet.devices()) {
            if (!d.assigned()) {
                free.computeIfAbsent(d.host(), k -> new ArrayList<>()).add(d);
            }
        }
        Map<String, List<Candidate>> creatable = new HashMap<>();
        for (Candidate c : fleet.creatable()) {
            creatable.computeIfAbsent(c.host(), k -> new ArrayList<>()).add(c);
        }
        for (String host : fleet.hosts()) {
            HostOffer offer = offer(host, free.getOrDefault(host, List.of()), creatable.getOrDefault(host, List.of()), declarations);
            offers.put(host, offer);
            classes.computeIfAbsent(offer.signature(), k -> new ArrayList<>()).add(host);
        }
    }

    /** Hosts that hold a VM of this name, sorted. */
    Collection<String> hostsOf(String vmName) {
        return hostsOfName.getOrDefault(vmName, new TreeSet<>());
    }

    int profileId(DeviceProfile p) {
        return profileIds.computeIfAbsent(p, k -> profileIds.size());
    }

    private HostOffer offer(String host, List<FleetDevice> free, List<Candidate> creatable, Declarations declarations) {
        List<SlotGroup> groups = new ArrayList<>();
        StringBuilder sig = new StringBuilder();
        // Free devices of one profile are interchangeable: one group, ids in order.
        Map<Integer, List<FleetDevice>> byProfile = new TreeMap<>();
        for (FleetDevice d : free) {
            byProfile.computeIfAbsent(profileId(d.profile()), k -> new ArrayList<>()).add(d);
        }
        for (Map.Entry<Integer, List<FleetDevice>> e : byProfile.entrySet()) {
            List<String> ids = e.getValue().stream().map(FleetDevice::id).sorted().toList();
            groups.add(new SlotGroup(groups.size(), CandidateKind.EXISTING, e.getValue().get(0).profile(), ids.size(), -1, ids));
            sig.append('E').append(e.getKey()).append('x').append(ids.size()).append(';');
        }
        // Creatable types by parent: the parent's pool bounds them together.
        Map<String, List<Candidate>> byParent = new TreeMap<>();
        for (Candidate c : creatable) {
            String parent = c.id().substring(0, c.id().length() - c.profile().getMigrationType().length() - 1);
            byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(c);
        }
        List<ParentPool> pools = new ArrayList<>();
        for (Map.Entry<String, List<Candidate>> e : byParent.entrySet()) {
            List<Candidate> types = new ArrayList<>(e.getValue());
            types.sort(java.util.Comparator.comparing(Candidate::id));
            List<Integer> members = new ArrayList<>();
            for (Candidate c : types) {
                members.add(groups.size());
                groups.add(new SlotGroup(groups.size(), CandidateKind.CREATABLE, c.profile(), c.capacity(), pools.size(), List.of(c.id())));
            }
            ParentPool pool = pool(e.getKey(), types, members, declarations);
            pools.add(pool);
            sig.append('P').append(pool.sharing().ordinal()).append('b').append(pool.budget()).append('[');
            for (int i = 0; i < types.size(); i++) {
                sig.append(profileId(types.get(i).profile())).append('x').append(types.get(i).capacity()).append('c').append(pool.costs().get(i)).append(',');
            }
            sig.append("];");
        }
        return new HostOffer(host, groups, pools, sig.toString());
    }

    /**
     * The parent's pool: the most restrictive sharing any of its types is declared with (a type
     * no pack speaks for counts as one type per parent), a shared budget only when every type has
     * a positive integer cost.
     */
    private static ParentPool pool(String parent, List<Candidate> types, List<Integer> members, Declarations declarations) {
        PackPlanning.Sharing sharing = PackPlanning.Sharing.INDEPENDENT;
        String costAttribute = null;
        boolean budgetUsable = true;
        for (Candidate c : types) {
            PackPlanning.Sharing s = PackPlanning.Sharing.ONE_TYPE_PER_PARENT;
            PackPlanning.CapacityRule rule = declarations.capacity(c.profile().getMigrationType()).orElse(null);
            if (rule != null) {
                s = rule.sharing();
                if (s == PackPlanning.Sharing.ONE_TYPE_PER_PARENT && !rule.independentWhen().isEmpty()
                        && "true".equals(c.profile().getAttributes().get(rule.independentWhen()))) {
                    s = PackPlanning.Sharing.INDEPENDENT;
                }
                if (s == PackPlanning.Sharing.SHARED_BUDGET) {
                    budgetUsable &= costAttribute == null || costAttribute.equals(rule.costAttribute());
                    costAttribute = rule.costAttribute();
                    budgetUsable &= cost(c, costAttribute) > 0;
                }
            }
            sharing = stricter(sharing, s);
        }
        if (sharing == PackPlanning.Sharing.SHARED_BUDGET && !budgetUsable) {
            sharing = PackPlanning.Sharing.ONE_TYPE_PER_PARENT;
        }
        List<Long> costs = new ArrayList<>();
        long budget = 0;
        for (Candidate c : types) {
            long cost = sharing == PackPlanning.Sharing.SHARED_BUDGET ? cost(c, costAttribute) : 1;
            costs.add(cost);
            // availableInstances = floor(budget / cost) for every type, so the budget left is at
            // least the largest availableInstances x cost: the largest amount known to be free.
            budget = Math.max(budget, cost * c.capacity());
        }
        return new ParentPool(parent, sharing, sharing == PackPlanning.Sharing.SHARED_BUDGET ? budget : 0, members, costs);
    }

    private static PackPlanning.Sharing stricter(PackPlanning.Sharing a, PackPlanning.Sharing b) {
        if (a == PackPlanning.Sharing.ONE_TYPE_PER_PARENT || b == PackPlanning.Sharing.ONE_TYPE_PER_PARENT) {
            return PackPlanning.Sharing.ONE_TYPE_PER_PARENT;
        }
        if (a == PackPlanning.Sharing.SHARED_BUDGET || b == PackPlanning.Sharing.SHARED_BUDGET) {
            return PackPlanning.Sharing.SHARED_BUDGET;
        }
        return PackPlanning.Sharing.INDEPENDENT;
    }

    private static long cost(Candidate c, String attribute) {
        String v = c.profile().getAttributes().get(attribute);
        if (v == null || v.isEmpty() || v.length() > 9 || !v.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(v);
    }
}
