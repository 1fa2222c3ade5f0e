package org.vfiocompat.planner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vfiocompat.engine.PackPlanning;
import org.vfiocompat.rules.Level;

/**
 * Whether a set of places on one host fits its capacity, and the best places one VM can take on
 * one host alone: the same rules {@link AssignmentModel} states as constraints, checked on one
 * candidate assignment at a time (one VM has a handful of combinations; many VMs together are
 * the solver's).
 */
final class Capacity {

    private Capacity() {
    }

    /** Whether taking {@code groups} (one entry per device, repeats allowed) fits {@code host}. */
    static boolean fits(HostOffer host, List<Integer> groups) {
        Map<Integer, Integer> taken = new HashMap<>();
        groups.forEach(g -> taken.merge(g, 1, Integer::sum));
        for (Map.Entry<Integer, Integer> e : taken.entrySet()) {
            if (e.getValue() > host.groups().get(e.getKey()).capacity()) {
                return false;
            }
        }
        for (ParentPool pool : host.pools()) {
            Set<Integer> types = new HashSet<>();
            long spend = 0;
            for (int i = 0; i < pool.groups().size(); i++) {
                int n = taken.getOrDefault(pool.groups().get(i), 0);
                if (n > 0) {
                    types.add(pool.groups().get(i));
                    spend += n * pool.costs().get(i);
                }
            }
            if (pool.sharing() == PackPlanning.Sharing.ONE_TYPE_PER_PARENT && types.size() > 1
                    || pool.sharing() == PackPlanning.Sharing.SHARED_BUDGET && spend > pool.budget()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The best places for {@code fit}'s VM alone on its host: LIVE first (when the VM may move
     * live), then the highest score, then the earliest groups; null when no combination fits.
     */
    static List<AssignmentModel.Option> bestAlone(AssignmentModel.Fit fit, boolean liveCapable) {
        return bestWith(fit, liveCapable, List.of());
    }

    /** The same on a host whose places {@code used} (one entry per device placed) are already taken. */
    static List<AssignmentModel.Option> bestWith(AssignmentModel.Fit fit, boolean liveCapable, List<Integer> used) {
        List<AssignmentModel.Option> best = null;
        long[] bestValue = null;
        int devices = fit.perDevice().size();
        int[] at = new int[devices];
        while (true) {
            List<AssignmentModel.Option> chosen = new ArrayList<>(devices);
            List<Integer> groups = new ArrayList<>(used);
            boolean live = liveCapable;
            long score = 0;
            for (int d = 0; d < devices; d++) {
                AssignmentModel.Option o = fit.perDevice().get(d).get(at[d]);
                chosen.add(o);
                groups.add(o.group());
                live &= o.verdict().level() == Level.LIVE;
                score += o.verdict().score();
            }
            long[] value = {live ? 1 : 0, score};
            if ((bestValue == null || value[0] > bestValue[0] || value[0] == bestValue[0] && value[1] > bestValue[1]) && fits(fit.host(), groups)) {
                best = chosen;
                bestValue = value;
            }
            int d = devices - 1;
            while (d >= 0 && ++at[d] == fit.perDevice().get(d).size()) {
                at[d] = 0;
                d--;
            }
            if (d < 0) {
                return best;
            }
        }
    }
}
