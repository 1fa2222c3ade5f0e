package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The service's command lines in the docs work as written: the README's one command that starts
 * the service and its curl question, and every curl of docs/server.md's walkthrough, run with
 * real curl against the server that block's {@code ./vfio-compat serve} line starts (on a free
 * port instead of 8181).
 */
class ServeDocsTest {

    private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)");

    /** A fenced block of a doc: its serve command and its curl commands (continuation lines joined). */
    private record Walkthrough(List<String> serve, List<String> curls) {
    }

    /** The first fenced block of {@code doc} after {@code heading} (or anywhere) whose serve line has no TLS. */
    private static Walkthrough walkthrough(String doc, String heading) throws IOException {
        String text = Files.readString(CliRun.ROOT.resolve(doc), StandardCharsets.UTF_8);
        if (heading != null) {
            text = text.substring(text.indexOf(heading));
        }
        Matcher block = Pattern.compile("(?s)```\\n(.*?)```").matcher(text);
        while (block.find()) {
            String joined = block.group(1).replaceAll("\\\\\\n\\s*", " ");
            List<String> serve = null;
            List<String> curls = new ArrayList<>();
            for (String line : joined.split("\n")) {
                String l = line.strip();
                if (l.startsWith("./vfio-compat serve") && !l.contains("--tls")) {
                    serve = new ArrayList<>(List.of(l.replaceAll("\\s*&$", "").split("\\s+")).subList(1, l.replaceAll("\\s*&$", "")
                            .split("\\s+").length));
                } else if (l.startsWith("curl ")) {
                    curls.add(l);
                }
            }
            if (serve != null && !curls.isEmpty()) {
                return new Walkthrough(serve, curls);
            }
        }
        throw new AssertionError(doc + ": no block with a ./vfio-compat serve line and curl commands");
    }

    /** Starts the walkthrough's server in-process on a free port, runs {@code body} with the port, and stops it (exit 0). */
    private static void serving(Walkthrough w, PortUser body) throws Exception {
        List<String> args = new ArrayList<>();
        for (String a : w.serve()) {
            Path p = CliRun.ROOT.resolve(a);
            args.add(!a.startsWith("-") && Files.exists(p) ? p.toString() : a);
        }
        int listen = args.indexOf("--listen");
        if (listen >= 0) {
            args.set(listen + 1, "127.0.0.1:0");
        } else {
            args.addAll(List.of("--listen", "127.0.0.1:0"));
        }
        if (!args.contains("--packs")) {
            args.addAll(List.of("--packs", CliRun.PACKS.toString()));
        }
        args.addAll(List.of("--watch", "0"));
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread t = new Thread(() -> exit.complete(Main.run(args.toArray(String[]::new), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true))));
        t.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            Matcher m = LISTENING.matcher("");
            while (!(m = LISTENING.matcher(err.toString())).find()) {
                assertThat(exit.isDone() || System.nanoTime() > deadline).as("serve did not start: " + err).isFalse();
                Thread.sleep(20);
            }
            body.run(Integer.parseInt(m.group(1)));
        } finally {
            t.interrupt();
            assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
        }
    }

    @FunctionalInterface
    private interface PortUser {
        void run(int port) throws Exception;
    }

    /** Runs one curl command line with bash (pipes and all), failing on an HTTP error; returns its output. */
    private static String curl(String command, int port) throws Exception {
        String line = command.replace("localhost:8181", "127.0.0.1:" + port).replaceFirst("^curl ", "curl -f ");
        Process p;
        try {
            p = new ProcessBuilder("bash", "-o", "pipefail", "-c", line).directory(CliRun.ROOT.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("bash is not installed: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() == 127) {
            Assumptions.abort("curl is not installed");
        }
        assertThat(p.exitValue()).as(line + "\n" + out).isZero();
        assertThat(out).as(line).isNotBlank();
        return out;
    }

    @Test
    void theReadmesCommandStartsTheServiceAndItsCurlGetsTheCliAnswer() throws Exception {
        Walkthrough readme = walkthrough("README.md", null);
        assertThat(readme.serve()).contains("serve", "--inventory");
        assertThat(readme.curls()).hasSize(1);
        serving(readme, port -> {
            String answer = curl(readme.curls().get(0), port);
            Matcher device = Pattern.compile("\"device\": \"([^\"]+)\"").matcher(readme.curls().get(0));
            assertThat(device.find()).isTrue();
            int inventory = readme.serve().indexOf("--inventory");
            CliRun cli = CliRun.run("rank", "--inventory", CliRun.ROOT.resolve(readme.serve().get(inventory + 1)).toString(),
                    "--device", device.group(1), "--format", "json");
            assertThat(cli.exitCode()).as(cli.err()).isZero();
            assertThat(answer).isEqualTo(cli.out());
        });
    }

    @Test
    void everyCurlOfTheServerWalkthroughSucceeds() throws Exception {
        Walkthrough w = walkthrough("docs/server.md", "## Walkthrough");
        assertThat(w.curls()).hasSizeGreaterThanOrEqualTo(8);
        serving(w, port -> {
            for (String command : w.curls()) {
                String out = curl(command, port);
                if (command.contains("/v1/batch")) {
                    assertThat(out.lines().reduce((a, b) -> b).orElseThrow()).startsWith("{\"type\":\"summary\"");
                }
                if (command.contains("-si")) {
                    assertThat(out).contains("Vfio-Compat-Pack-Digests: sha256:");
                }
            }
        });
    }
}
