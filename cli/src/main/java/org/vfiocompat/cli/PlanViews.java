package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.vfiocompat.planner.DeviceMove;
import org.vfiocompat.json.JsonViews;
import org.vfiocompat.planner.DrainPlan;
import org.vfiocompat.planner.Objective;
import org.vfiocompat.planner.StuckVm;
import org.vfiocompat.planner.VmMove;
import org.vfiocompat.rules.Level;

/** JSON, table and CSV views of the planner's results, shared by place, drain and upgrade. */
final class PlanViews {

    private PlanViews() {
    }

    static ObjectNode move(VmMove m) {
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

    static ObjectNode stuck(StuckVm s) {
        ObjectNode n = JsonViews.object();
        n.put("vm", s.vm());
        n.put("why", s.why().name());
        n.put("reason", s.reason());
        ArrayNode c = n.putArray("contenders");
        s.contenders().forEach(c::add);
        return n;
    }

    static ObjectNode objective(Objective o) {
        ObjectNode n = JsonViews.object();
        n.put("moved", o.moved());
        n.put("live", o.live());
        n.put("score", o.score());
        n.put("crowding", o.crowding());
        return n;
    }

    /** The gap with six decimals: the same text on every platform. */
    static BigDecimal gap(double gap) {
        return BigDecimal.valueOf(gap).setScale(6, RoundingMode.HALF_UP);
    }

    static ObjectNode drain(DrainPlan p) {
        ObjectNode n = JsonViews.object();
        ArrayNode hosts = n.putArray("hosts");
        p.hosts().forEach(hosts::add);
        n.put("optimal", p.optimal());
        n.put("gap", gap(p.gap()));
        n.set("objective", objective(p.objective()));
        ArrayNode moves = n.putArray("moves");
        p.moves().forEach(m -> moves.add(move(m)));
        ArrayNode stuck = n.putArray("stuck");
        p.stuck().forEach(s -> stuck.add(stuck(s)));
        return n;
    }

    static String headline(DrainPlan p) {
        int vms = p.moves().size() + p.stuck().size();
        long live = p.moves().stream().filter(m -> m.level() == Level.LIVE).count();
        return "Drain " + String.join(", ", p.hosts()) + ": " + vms + " VM" + (vms == 1 ? "" : "s") + ", " + p.moves().size()
                + " move (" + live + " LIVE, " + (p.moves().size() - live) + " COLD), " + p.stuck().size() + " stuck; "
                + (p.optimal() ? "optimal" : "best found, gap " + gap(p.gap()).toPlainString());
    }

    /** One row per device of each move, then the VMs that are not LIVE and the stuck ones. */
    static void drainTable(PrintWriter out, DrainPlan p, String indent) {
        out.print(indent + headline(p) + "\n");
        if (!p.moves().isEmpty()) {
            out.print("\n");
            moveTable(out, p.moves(), indent + "  ");
        }
        notLive(out, p.moves(), indent);
        if (!p.stuck().isEmpty()) {
            out.print("\n" + indent + "Stuck (" + p.stuck().size() + "):\n");
            TextTable t = new TextTable("VM", "WHY", "REASON");
            p.stuck().forEach(s -> t.row(s.vm(), s.why(), s.reason()));
            t.print(out, indent + "  ");
        }
    }

    static void moveTable(PrintWriter out, List<VmMove> moves, String indent) {
        TextTable t = new TextTable("VM", "TO", "VM LEVEL", "DEVICE", "TARGET", "KIND", "LEVEL", "SCORE").alignRight(7);
        for (VmMove m : moves) {
            for (int i = 0; i < m.devices().size(); i++) {
                DeviceMove d = m.devices().get(i);
                t.row(i == 0 ? m.vm() : "", i == 0 ? m.to() : "", i == 0 ? m.level() : "", d.device(), d.target(), Describe.kindName(d.kind()),
                        d.verdict().level(), d.verdict().score());
            }
        }
        t.print(out, indent);
    }

    static void notLive(PrintWriter out, List<VmMove> moves, String indent) {
        List<VmMove> cold = moves.stream().filter(m -> m.level() != Level.LIVE).toList();
        if (!cold.isEmpty()) {
            out.print("\n" + indent + "Not LIVE (" + cold.size() + "):\n");
            TextTable t = new TextTable("VM", "TO", "LIMITING", "REASON");
            cold.forEach(m -> t.row(m.vm(), m.to(), m.limiting(), m.reason()));
            t.print(out, indent + "  ");
        }
    }

    static final String[] CSV_HEADER = {"type", "vm", "from", "to", "vm_level", "device", "target", "kind", "level", "score", "reason"};

    static void drainCsv(PrintWriter out, DrainPlan p, Object... prefix) {
        for (VmMove m : p.moves()) {
            for (DeviceMove d : m.devices()) {
                Csv.row(out, concat(prefix, "move", m.vm(), m.from(), m.to(), m.level(), d.device(), d.target(), d.kind(), d.verdict().level(),
                        d.verdict().score(), m.level() == Level.LIVE ? d.verdict().reason() : m.reason()));
            }
        }
        for (StuckVm s : p.stuck()) {
            Csv.row(out, concat(prefix, "stuck", s.vm(), s.vm().substring(0, s.vm().indexOf('/')), "", s.why(), "", "", "", "", "", s.reason()));
        }
    }

    static Object[] concat(Object[] prefix, Object... rest) {
        Object[] all = new Object[prefix.length + rest.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(rest, 0, all, prefix.length, rest.length);
        return all;
    }
}
