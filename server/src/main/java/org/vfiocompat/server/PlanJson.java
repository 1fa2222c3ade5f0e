package org.vfiocompat.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.vfiocompat.json.JsonViews;
import org.vfiocompat.planner.DeviceMove;
import org.vfiocompat.planner.DrainPlan;
import org.vfiocompat.planner.Objective;
import org.vfiocompat.planner.Placement;
import org.vfiocompat.planner.RefusedHost;
import org.vfiocompat.planner.StuckVm;
import org.vfiocompat.planner.VmMove;

/**
 * The JSON form of the planner's results, one shape for {@code vfio-compat place} and
 * {@code drain --format json} (the CLI uses this class) and for {@code POST /v1/place} and
 * {@code /v1/drain}, as {@link JsonViews} is for verdicts. Field order is fixed.
 */
public final class PlanJson {

    private PlanJson() {
    }

    /** {@code vfio-compat place --format json}: the VM, its devices, the hosts that can take it (at most {@code top}, 0: all), and with {@code all} the refused. */
    public static ObjectNode placement(Placement p, int top, boolean all) {
        List<VmMove> shown = top == 0 ? p.targets() : p.targets().subList(0, Math.min(top, p.targets().size()));
        ObjectNode n = JsonViews.object();
        n.put("vm", p.vm());
        strings(n, "devices", p.devices());
        n.put("hosts", p.targets().size());
        ArrayNode targets = n.putArray("targets");
        for (int i = 0; i < shown.size(); i++) {
            ObjectNode t = JsonViews.object();
            t.put("rank", i + 1);
            t.setAll(move(shown.get(i)));
            targets.add(t);
        }
        if (all) {
            ArrayNode refused = n.putArray("refused");
            for (RefusedHost r : p.refused()) {
                ObjectNode rn = JsonViews.object();
                rn.put("host", r.host());
                rn.put("limiting", r.limiting());
                rn.put("reason", r.reason());
                refused.add(rn);
            }
        }
        return n;
    }

    /** {@code vfio-compat drain --format json}: the hosts, whether optimal and the gap, the objective, the moves, the stuck. */
    public static ObjectNode drain(DrainPlan p) {
        ObjectNode n = JsonViews.object();
        strings(n, "hosts", p.hosts());
        n.put("optimal", p.optimal());
        n.put("gap", gap(p.gap()));
        n.set("objective", objective(p.objective()));
        ArrayNode moves = n.putArray("moves");
        p.moves().forEach(m -> moves.add(move(m)));
        ArrayNode stuck = n.putArray("stuck");
        p.stuck().forEach(s -> stuck.add(stuck(s)));
        return n;
    }

    public static ObjectNode move(VmMove m) {
        ObjectNode n = JsonViews.object();
        n.put("vm", m.vm());
        n.put("from", m.from());
        n.put("to", m.to());
        n.put("level", m.level().name());
        n.put("score", m.score());
        n.put("postcopy", m.postcopy());
        n.put("limiting", m.limiting());
        n.put("reason", m.reason());
        ArrayNode devices = n.putArray("devices");
        for (DeviceMove d : m.devices()) {
            ObjectNode dn = JsonViews.object();
            dn.put("device", d.device());
            dn.put("target", d.target());
            dn.put("kind", d.kind().name());
            dn.set("verdict", JsonViews.verdict(d.verdict()));
            devices.add(dn);
        }
        return n;
    }

    public static ObjectNode stuck(StuckVm s) {
        ObjectNode n = JsonViews.object();
        n.put("vm", s.vm());
        n.put("why", s.why().name());
        n.put("reason", s.reason());
        strings(n, "contenders", s.contenders());
        return n;
    }

    public static ObjectNode objective(Objective o) {
        ObjectNode n = JsonViews.object();
        n.put("moved", o.moved());
        n.put("live", o.live());
        n.put("score", o.score());
        n.put("crowding", o.crowding());
        return n;
    }

    /** A list of names (hosts, devices, VMs) as a JSON array of strings, in the list's order. */
    private static void strings(ObjectNode n, String field, List<String> values) {
        ArrayNode array = n.putArray(field);
        values.forEach(array::add);
    }

    /** The gap with six decimals: the same text on every platform. */
    public static BigDecimal gap(double gap) {
        return BigDecimal.valueOf(gap).setScale(6, RoundingMode.HALF_UP);
    }
}
