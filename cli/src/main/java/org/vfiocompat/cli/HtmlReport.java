package org.vfiocompat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vfiocompat.planner.DeviceMove;
import org.vfiocompat.planner.DrainPlan;
import org.vfiocompat.planner.HostDrain;
import org.vfiocompat.planner.LostPath;
import org.vfiocompat.planner.Resilience;
import org.vfiocompat.planner.StuckVm;
import org.vfiocompat.planner.UpgradeReport;
import org.vfiocompat.planner.VmMove;
import org.vfiocompat.planner.Wave;
import org.vfiocompat.planner.WayBack;
import org.vfiocompat.rules.Level;

/**
 * One self-contained HTML report for drain and upgrade: inline CSS and SVG only, no script, no
 * font, no image and no link to fetch, so it opens the same offline and its tables read with
 * JavaScript off. Deterministic: the same plan gives the same bytes.
 */
final class HtmlReport {

    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
            h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
            table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
            th{background:#f2f2f2}.LIVE{color:#1a7f37}.COLD{color:#9a6700}.stuck,.no{color:#cf222e}
            svg text{font:12px system-ui,sans-serif}.flow.LIVE{stroke:#2da44e}.flow.COLD{stroke:#d4a72c}
            .host rect{fill:#eaeef2;stroke:#8c959f}.summary{font-weight:600}
            """;

    private HtmlReport() {
    }

    static String drain(String fleet, DrainPlan p) {
        StringBuilder b = start("Drain plan: " + String.join(", ", p.hosts()), fleet);
        drainBody(b, p, "");
        return end(b);
    }

    static String eachHost(String fleet, Resilience r) {
        StringBuilder b = start("N+1 report", fleet);
        b.append("<p class=\"summary\">").append(r.hosts().size() - r.notDrainable().size()).append(" of ").append(r.hosts().size())
                .append(" hosts can be drained now</p>\n<table id=\"each-host\"><thead><tr><th>Host</th><th>VMs</th><th>Drainable</th><th>Stuck VM</th><th>Why</th><th>Reason</th></tr></thead><tbody>\n");
        for (HostDrain h : r.hosts()) {
            if (h.stuck().isEmpty()) {
                row(b, "", h.host(), String.valueOf(h.vms()), "yes", "", "", "");
            }
            for (StuckVm s : h.stuck()) {
                row(b, "stuck", h.host(), String.valueOf(h.vms()), "no", s.vm(), s.why().name(), s.reason());
            }
        }
        b.append("</tbody></table>\n");
        return end(b);
    }

    static String upgrade(String fleet, UpgradeReport r) {
        StringBuilder b = start("Rolling upgrade", fleet);
        b.append("<p class=\"summary\">").append(r.changes().size()).append(" changes in ").append(r.waves().size()).append(" waves; ")
                .append(r.liveVms()).append(" of ").append(r.vms()).append(" VMs have a live path before the first wave</p>\n");
        b.append("<table id=\"changes\"><thead><tr><th>Host</th><th>Fact</th><th>New value</th></tr></thead><tbody>\n");
        r.changes().forEach(c -> row(b, "", c.host(), c.fact(), c.value()));
        b.append("</tbody></table>\n");
        timeline(b, r);
        for (Wave w : r.waves()) {
            b.append("<section class=\"wave\" id=\"wave-").append(w.number()).append("\"><h2>Wave ").append(w.number()).append(": ")
                    .append(esc(String.join(", ", w.hosts()))).append("</h2>\n");
            drainBody(b, w.drain(), "-" + w.number());
            b.append("<p>After the upgrade: ").append(w.liveVms()).append(" of ").append(r.vms()).append(" VMs have a live path; ")
                    .append(w.lost().size()).append(" lost one</p>\n");
            if (!w.lost().isEmpty()) {
                b.append("<table class=\"lost\"><thead><tr><th>VM that lost its live path</th><th>Reason</th></tr></thead><tbody>\n");
                for (LostPath l : w.lost()) {
                    row(b, "stuck", l.vm(), l.reason());
                }
                b.append("</tbody></table>\n");
            }
            b.append("<table class=\"way-back\"><thead><tr><th>Upgraded host</th><th>Way back</th><th>Via</th><th>Reason</th></tr></thead><tbody>\n");
            for (WayBack wb : w.wayBack()) {
                row(b, wb.exists() ? "" : "no", wb.host(), wb.exists() ? "yes" : "no", wb.via(), wb.reason());
            }
            b.append("</tbody></table></section>\n");
        }
        return end(b);
    }

    /** Wave by wave: live VMs as a bar, lost paths and hosts without a way back as counts. */
    private static void timeline(StringBuilder b, UpgradeReport r) {
        int col = 150;
        int width = 40 + col * (r.waves().size() + 1);
        b.append("<h2>Timeline of live paths</h2>\n<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"170\" role=\"img\" aria-label=\"live paths wave by wave\">\n");
        int max = Math.max(1, r.vms());
        List<int[]> points = new ArrayList<>();
        points.add(new int[] {r.liveVms(), 0, 0});
        for (Wave w : r.waves()) {
            points.add(new int[] {w.liveVms(), w.lost().size(), (int) w.wayBack().stream().filter(x -> !x.exists()).count()});
        }
        for (int i = 0; i < points.size(); i++) {
            int x = 20 + i * col;
            int h = 100 * points.get(i)[0] / max;
            b.append("<g class=\"").append(i == 0 ? "before" : "wave").append("\"><rect x=\"").append(x).append("\" y=\"").append(110 - h)
                    .append("\" width=\"60\" height=\"").append(h).append("\" fill=\"#2da44e\"/><text x=\"").append(x).append("\" y=\"128\">")
                    .append(i == 0 ? "before" : "wave " + i).append("</text><text x=\"").append(x).append("\" y=\"144\">")
                    .append(points.get(i)[0]).append(" live</text>");
            if (i > 0) {
                b.append("<text x=\"").append(x).append("\" y=\"160\" class=\"").append(points.get(i)[1] + points.get(i)[2] > 0 ? "no" : "")
                        .append("\">").append(points.get(i)[1]).append(" lost, ").append(points.get(i)[2]).append(" no way back</text>");
            }
            b.append("</g>\n");
        }
        b.append("</svg>\n");
    }

    private static void drainBody(StringBuilder b, DrainPlan p, String suffix) {
        b.append("<p class=\"summary\">").append(esc(PlanViews.headline(p))).append("</p>\n");
        flow(b, p, suffix);
        b.append("<table id=\"moves").append(suffix).append("\" class=\"moves\"><thead><tr><th>VM</th><th>From</th><th>To</th><th>VM level</th>")
                .append("<th>Device</th><th>Target</th><th>Kind</th><th>Level</th><th>Score</th><th>Why not LIVE</th></tr></thead><tbody>\n");
        for (VmMove m : p.moves()) {
            for (DeviceMove d : m.devices()) {
                row(b, m.level().name(), m.vm(), m.from(), m.to(), m.level().name(), d.device(), d.target(), Describe.kindName(d.kind()),
                        d.verdict().level().name(), String.valueOf(d.verdict().score()), m.level() == Level.LIVE ? "" : m.reason());
            }
        }
        b.append("</tbody></table>\n");
        b.append("<table id=\"stuck").append(suffix).append("\" class=\"stuck-vms\"><thead><tr><th>Stuck VM</th><th>Why</th><th>Reason</th></tr></thead><tbody>\n");
        for (StuckVm s : p.stuck()) {
            row(b, "stuck", s.vm(), s.why().name(), s.reason());
        }
        b.append("</tbody></table>\n");
    }

    /** Source hosts on the left, target hosts on the right, one band per (from, to, level), as wide as its VMs. */
    private static void flow(StringBuilder b, DrainPlan p, String suffix) {
        TreeSet<String> sources = new TreeSet<>(p.hosts());
        TreeSet<String> targets = new TreeSet<>();
        Map<String, Integer> bands = new TreeMap<>();
        for (VmMove m : p.moves()) {
            targets.add(m.to());
            bands.merge(m.from() + "\t" + m.to() + "\t" + m.level(), 1, Integer::sum);
        }
        int rows = Math.max(sources.size(), targets.size()) + (p.stuck().isEmpty() ? 0 : 1);
        int height = 20 + 40 * Math.max(1, rows);
        b.append("<svg id=\"flow").append(suffix).append("\" class=\"flow-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"")
                .append(height).append("\" role=\"img\" aria-label=\"VMs flowing from drained hosts to target hosts\">\n");
        List<String> src = new ArrayList<>(sources);
        List<String> dst = new ArrayList<>(targets);
        for (Map.Entry<String, Integer> e : bands.entrySet()) {
            String[] k = e.getKey().split("\t");
            int y1 = 35 + 40 * src.indexOf(k[0]);
            int y2 = 35 + 40 * dst.indexOf(k[1]);
            b.append("<path class=\"flow ").append(k[2]).append("\" d=\"M170 ").append(y1).append(" C320 ").append(y1).append(" 320 ").append(y2)
                    .append(" 470 ").append(y2).append("\" fill=\"none\" stroke-width=\"").append(2 + 3 * e.getValue()).append("\" stroke-opacity=\"0.7\">")
                    .append("<title>").append(esc(k[0] + " to " + k[1] + ": " + e.getValue() + " " + k[2])).append("</title></path>\n");
        }
        for (int i = 0; i < src.size(); i++) {
            hostBox(b, "source", 10, 20 + 40 * i, src.get(i));
        }
        for (int i = 0; i < dst.size(); i++) {
            hostBox(b, "target", 470, 20 + 40 * i, dst.get(i));
        }
        if (!p.stuck().isEmpty()) {
            b.append("<text class=\"stuck\" x=\"10\" y=\"").append(height - 12).append("\">").append(p.stuck().size())
                    .append(" VM(s) stuck: see the table below</text>\n");
        }
        b.append("</svg>\n");
    }

    private static void hostBox(StringBuilder b, String role, int x, int y, String host) {
        b.append("<g class=\"host ").append(role).append("\"><rect x=\"").append(x).append("\" y=\"").append(y)
                .append("\" width=\"160\" height=\"30\" rx=\"4\"/><text x=\"").append(x + 8).append("\" y=\"").append(y + 20).append("\">")
                .append(esc(host)).append("</text></g>\n");
    }

    private static StringBuilder start(String title, String fleet) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>").append(CSS).append("</style></head>\n<body>\n<h1>")
                .append(esc(title)).append("</h1>\n<p>Fleet: <code>").append(esc(fleet)).append("</code>. Made by vfio-compat.</p>\n");
        return b;
    }

    private static String end(StringBuilder b) {
        return b.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder b, String cssClass, String... cells) {
        b.append(cssClass.isEmpty() ? "<tr>" : "<tr class=\"" + cssClass + "\">");
        for (String c : cells) {
            b.append("<td>").append(esc(c)).append("</td>");
        }
        b.append("</tr>\n");
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
