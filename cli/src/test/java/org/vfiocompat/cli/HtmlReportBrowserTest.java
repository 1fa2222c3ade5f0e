package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drain and upgrade HTML reports as a real headless Chromium renders them: the DOM it builds
 * (tables, flow bands, timeline) with JavaScript on and off, and a screenshot of the right size
 * in which the LIVE bands show. Skipped, saying why, only when Chromium cannot be installed at all.
 */
class HtmlReportBrowserTest {

    @TempDir
    Path dir;

    private Path chromium() {
        var c = Chromium.find();
        Assumptions.assumeTrue(c.isPresent(), () -> "headless Chromium is not available: " + Chromium.why());
        return c.get();
    }

    private Path report(String name, String... args) throws Exception {
        Path file = dir.resolve(name);
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-o";
        all[args.length + 1] = file.toString();
        CliRun run = CliRun.run(all);
        assertThat(run.exitCode()).as(run.err()).isZero();
        String html = Files.readString(file);
        // Nothing to fetch at view time: no scripts, sources, links or CSS urls.
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("url(");
        return file;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String element(String dom, String id) {
        int start = dom.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element #%s in the DOM %s", id, dom.length() > 3000 ? dom.substring(0, 3000) : dom).isPositive();
        String tag = dom.substring(dom.lastIndexOf('<', start) + 1, start).trim().split("\\s")[0];
        int end = dom.indexOf("</" + tag + ">", start);
        return dom.substring(start, end);
    }

    @Test
    void theDrainReportShowsTheFlowTheMovesAndTheStuckVmsAndRendersWithoutJavaScript() throws Exception {
        Path chromium = chromium();
        Path page = report("drain.html", "drain", "--inventory", PlanGoldenTest.PLANNING, "--host", "gpu-1", "--host", "gvt-1",
                "--format", "html");
        // With JavaScript off (checked on a probe page that writes with a script): the report has none to need.
        Path probe = dir.resolve("probe.html");
        Files.writeString(probe, "<html><body><script>document.body.insertAdjacentHTML('beforeend','<p>js'+' ran</p>')</script></body></html>");
        assertThat(Chromium.run(chromium, probe, dir.resolve("probe-on"), "--dump-dom")).contains("<p>js ran</p>");
        assertThat(Chromium.runWithoutJavaScript(chromium, probe, dir.resolve("probe-off"), "--dump-dom")).contains("<body>").doesNotContain("<p>js ran</p>");
        for (boolean javaScript : new boolean[] {true, false}) {
            Path profile = dir.resolve("profile-" + javaScript);
            String dom = javaScript ? Chromium.run(chromium, page, Files.createDirectories(profile), "--dump-dom")
                    : Chromium.runWithoutJavaScript(chromium, page, profile, "--dump-dom");
            assertThat(dom).contains("<h1>Drain plan: gpu-1, gvt-1</h1>");
            // 5 VMs move with 7 devices: one table row per device; one stuck VM.
            assertThat(count(element(dom, "moves"), "<tr class=\"(LIVE|COLD)\">")).isEqualTo(7);
            assertThat(count(element(dom, "stuck"), "<tr class=\"stuck\">")).isEqualTo(1);
            String flow = element(dom, "flow");
            // Bands: gpu-1 to gpu-2 LIVE, gpu-1 to gpu-3 COLD, gvt-1 to gvt-2 LIVE, gvt-1 to gvt-3 LIVE.
            assertThat(count(flow, "<path class=\"flow LIVE\"")).isEqualTo(3);
            assertThat(count(flow, "<path class=\"flow COLD\"")).isEqualTo(1);
            assertThat(count(flow, "<g class=\"host source\"")).isEqualTo(2);
            assertThat(count(flow, "<g class=\"host target\"")).isEqualTo(4);
        }
        Path shot = dir.resolve("drain.png");
        Chromium.runWithoutJavaScript(chromium, page, dir.resolve("shot"), "--window-size=1000,800", "--screenshot=" + shot);
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(800);
        assertThat(hasColourNear(image, 0x2d, 0xa4, 0x4e)).as("a LIVE band is drawn").isTrue();
    }

    @Test
    void theUpgradeReportHasATimelineAndOneSectionPerWave() throws Exception {
        Path chromium = chromium();
        Path page = report("upgrade.html", "upgrade", "--inventory", PlanGoldenTest.PLANNING, "--set", "nvidia-driver=570.124.03",
                "--waves", PlanGoldenTest.WAVES, "--format", "html");
        String dom = Chromium.runWithoutJavaScript(chromium, page, dir.resolve("p"), "--dump-dom");
        String timeline = element(dom, "timeline");
        assertThat(count(timeline, "<g class=\"wave\"")).isEqualTo(2);
        assertThat(count(timeline, "<g class=\"before\"")).isEqualTo(1);
        assertThat(count(dom, "<section class=\"wave\" id=\"wave-\\d\"")).isEqualTo(2);
        assertThat(element(dom, "wave-2")).contains("gpu-1/vm-ml-2").contains("<td>no</td>");
    }

    private static boolean hasColourNear(BufferedImage image, int r, int g, int b) {
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                int dr = ((rgb >> 16) & 0xff) - r;
                int dg = ((rgb >> 8) & 0xff) - g;
                int db = (rgb & 0xff) - b;
                if (dr * dr + dg * dg + db * db < 40 * 40) {
                    return true;
                }
            }
        }
        return false;
    }
}
