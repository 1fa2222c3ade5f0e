package org.vfiocompat.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for tests that look at what we render: Debian's {@code chromium}, installed
 * with apt-get when it is missing and the test runs as root. {@link #find()} is empty only when it
 * cannot be had at all, and says why in {@link #why()}.
 */
final class Chromium {

    private static String why = "";
    private static Optional<Path> found;

    private Chromium() {
    }

    static synchronized Optional<Path> find() {
        if (found == null) {
            found = locate();
            if (found.isEmpty()) {
                install();
                found = locate();
            }
        }
        return found;
    }

    static String why() {
        return why;
    }

    private static Optional<Path> locate() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static void install() {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            why = "chromium is not installed and there is no apt-get to install it";
            return;
        }
        try {
            run(List.of("apt-get", "update", "-qq"), 300);
            int rc = run(List.of("apt-get", "install", "-y", "-qq", "chromium"), 600);
            why = rc == 0 ? "" : "apt-get install -y chromium failed with exit " + rc + " (not root, or no package mirror)";
        } catch (IOException e) {
            why = "apt-get could not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted while installing chromium";
        }
    }

    private static int run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /**
     * The same with JavaScript off for the page, through the profile's content settings
     * ({@code --blink-settings=scriptEnabled=false} also stops headless Chromium's own
     * {@code --dump-dom} and {@code --screenshot} from producing anything).
     */
    static String runWithoutJavaScript(Path chromium, Path page, Path profile, String... extra) throws IOException, InterruptedException {
        Files.createDirectories(profile.resolve("Default"));
        Files.writeString(profile.resolve("Default/Preferences"), "{\"profile\":{\"default_content_setting_values\":{\"javascript\":2}}}");
        return run(chromium, page, profile, extra);
    }

    /**
     * Runs headless Chromium on {@code page} with {@code extra} arguments and its own new profile,
     * returning its standard output (the DOM for {@code --dump-dom}).
     */
    static String run(Path chromium, Path page, Path profile, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        command.addAll(List.of(extra));
        command.add(page.toUri().toString());
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("chromium did not finish within 120 s");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
