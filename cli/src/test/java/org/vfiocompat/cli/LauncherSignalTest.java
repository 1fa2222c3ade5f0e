package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * The launcher script {@code ./vfio-compat} as a real process on its first run (no class-data
 * archive yet, so it records the class list), stopped the ways a user's tools stop it: SIGTERM
 * or SIGINT to its pid (a systemd stop, a wrapper's Ctrl-C), SIGKILL, and {@code timeout}. The
 * JVM must never outlive it. Behind the script is {@link LauncherSleeper} in a jar of its own,
 * laid out as the launcher expects the build's ({@code cli/target/vfio-compat.jar}), so the
 * script runs exactly as in a checkout, without the build's jar.
 */
class LauncherSignalTest {

    @TempDir
    Path dir;

    /** A checkout with the launcher script and a jar whose main class sleeps. */
    private Path checkout() throws IOException {
        return LauncherCheckout.make(dir, LauncherSleeper.class);
    }

    private Process start(Path root, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile());
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        pb.environment().remove("VFIO_COMPAT_CDS");
        pb.environment().remove("VFIO_COMPAT_JAVA_OPTS");
        return pb.start();
    }

    /** The pid the sleeping JVM wrote, once it is running. */
    private long jvmPid() throws IOException, InterruptedException {
        Path pidFile = dir.resolve("jvm.pid");
        for (int i = 0; i < 1200 && !Files.exists(pidFile); i++) {
            Thread.sleep(50);
        }
        assertThat(pidFile).as("the JVM started (output: %s)", output()).exists();
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    private String output() throws IOException {
        Path out = dir.resolve("output.txt");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    private List<Path> cacheFiles(String glob) throws IOException {
        Path cache = dir.resolve("cache/vfio-compat");
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(cache)) {
            try (Stream<Path> s = Files.list(cache)) {
                s.filter(p -> cache.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName())).forEach(out::add);
            }
        }
        return out;
    }

    /** Waits for the archive watcher to finish (its lock gone), so no process of the test outlives it. */
    private void awaitWatcher() throws IOException, InterruptedException {
        for (int i = 0; i < 1800 && !cacheFiles("cds-*.lock").isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(cacheFiles("cds-*.lock")).as("the archive watcher finished").isEmpty();
    }

    private static void assertGone(long pid) throws InterruptedException {
        for (int i = 0; i < 200 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("JVM %d is still running", pid).isFalse();
    }

    /** Whether this JVM ignores SIGINT, and so hands that on to the processes it starts. */
    private static boolean sigintIgnoredHere() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    @Test
    void sigtermToTheLaunchersPidStopsTheJvmOfAFirstRun() throws Exception {
        stopFirstRunWith("TERM");
    }

    @Test
    void sigintToTheLaunchersPidStopsTheJvmOfAFirstRun() throws Exception {
        stopFirstRunWith("INT");
    }

    @Test
    void sigkillToTheLaunchersPidLeavesNoJvmOfAFirstRun() throws Exception {
        stopFirstRunWith("KILL");
    }

    private void stopFirstRunWith(String signal) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(signal.equals("INT") && sigintIgnoredHere(),
                "this test JVM was started with SIGINT ignored (a background job of a non-interactive shell), so every"
                        + " JVM it starts ignores it too, launcher or not");
        Path root = checkout();
        Process launcher = start(root, root.resolve("vfio-compat").toString(), dir.resolve("jvm.pid").toString(), "600");
        try {
            long jvm = jvmPid();
            assertThat(cacheFiles("cds-*.lock")).as("the first-run path (recording the class list) was taken").hasSize(1);
            new ProcessBuilder("kill", "-" + signal, Long.toString(launcher.pid())).inheritIO().start().waitFor();
            assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
            assertGone(jvm);
            assertThat(jvm).as("the JVM is the launcher's process itself").isEqualTo(launcher.pid());
            assertThat(launcher.exitValue()).isEqualTo(128 + switch (signal) {
                case "TERM" -> 15;
                case "INT" -> 2;
                default -> 9;
            });
            awaitWatcher();
        } finally {
            launcher.destroyForcibly();
            killLeftJvm();
        }
    }

    /** Ends a JVM a failed case left running (its pid file says which), so no test leaves one behind. */
    private void killLeftJvm() throws IOException {
        Path pidFile = dir.resolve("jvm.pid");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void timeoutStopsTheJvmOfAFirstRun() throws Exception {
        Path root = checkout();
        Process timeout = start(root, "timeout", "-s", "TERM", "5", root.resolve("vfio-compat").toString(),
                dir.resolve("jvm.pid").toString(), "600");
        try {
            long jvm = jvmPid();
            assertThat(timeout.waitFor(60, TimeUnit.SECONDS)).as("timeout ended").isTrue();
            assertThat(timeout.exitValue()).isEqualTo(124);
            assertGone(jvm);
            awaitWatcher();
            assertThat(cacheFiles("cds-*.classes")).as("a stopped run leaves no class list behind").isEmpty();
        } finally {
            timeout.destroyForcibly();
            killLeftJvm();
        }
    }

    @Test
    void aFirstRunThatEndsKeepsItsExitCodeAndLeavesAnArchiveForTheNext() throws Exception {
        Path root = checkout();
        Process launcher = start(root, root.resolve("vfio-compat").toString(), dir.resolve("jvm.pid").toString(), "0");
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as(output()).isEqualTo(7);
        awaitWatcher();
        assertThat(cacheFiles("cds-*.jsa")).as("the archive a later run maps").hasSize(1);
        assertThat(cacheFiles("cds-*.classes*")).isEmpty();
    }
}
