package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.util.List;
import org.vfiocompat.planner.DeviceMove;
import org.vfiocompat.json.JsonViews;
import org.vfiocompat.server.PlanJson;
import org.vfiocompat.planner.DrainPlan;
import org.vfiocompat.planner.StuckVm;
import org.vfiocompat.planner.VmMove;
import org.vfiocompat.rules.Level;

/** Table and CSV views of the planner's results, shared by place, drain and upgrade (their JSON is the server's {@link PlanJson}). */
final class PlanViews {

    private PlanViews() {
    }

    static String headline(DrainPlan p) {
        int vms = p.moves().size() + p.stuck().size();
        long live = p.moves().stream().filter(m -> m.level() == Level.LIVE).count();
        return "Drain " + String.join(", ", p.hosts()) + ": " + vms + " VM" + (vms == 1 ? "" : "s") + ", " + p.moves().size()
                + " move (" + live + " LIVE, " + (p.moves().size() - live) + " COLD), " + p.stuck().size() + " stuck; "
                + (p.optimal() ? "optimal" : "best found, gap " + PlanJson.gap(p.gap()).toPlainString());
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
