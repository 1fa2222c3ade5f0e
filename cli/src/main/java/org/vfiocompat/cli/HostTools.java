package org.vfiocompat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code inventory collect --run-tools}: runs the tools a host really has and records their output
 * in a folder named the way {@code --from} reads it ({@code uname-r.txt}, {@code nvidia-smi-q-x.xml},
 * {@code devlink-dev-info.json}, ...), so that a live host and a recorded one are read by the
 * same code.
 *
 * <p>Every tool is optional: one that is not on the tool path, that fails, that runs past the
 * timeout or prints more than {@link #MAX_OUTPUT} bytes is a warning naming it, and its file is
 * left out. A tool gets no input, runs with its stderr discarded, and is killed (with its
 * process tree) at the timeout. Tools are looked up by name in the given directories only, never
 * through a shell, so no argument is ever interpreted.
 */
final class HostTools {

    /** The most one tool may print; more is not a tool's normal output. */
    static final int MAX_OUTPUT = 32 * 1024 * 1024;
    /** The most libvirt domains whose XML is recorded. */
    static final int MAX_DOMAINS = 1024;

    /** One tool run: its command line and the file its output becomes. */
    record Run(String file, List<String> command) {
    }

    /** The tools, their arguments and their files, in the order they run. */
    static final List<Run> RUNS = List.of(
            new Run("uname-r.txt", List.of("uname", "-r")),
            new Run("virsh-version.txt", List.of("virsh", "version")),
            new Run("nvidia-smi-q-x.xml", List.of("nvidia-smi", "-q", "-x")),
            new Run("nvidia-smi-vgpu-q.txt", List.of("nvidia-smi", "vgpu", "-q")),
            new Run("devlink-dev-info.json", List.of("devlink", "-j", "dev", "info")),
            new Run("devlink-port-show.json", List.of("devlink", "-j", "port", "show")),
            new Run("devlink-dev-param-show.json", List.of("devlink", "-j", "dev", "param", "show")),
            new Run("devlink-dev-eswitch-show.json", List.of("devlink", "-j", "dev", "eswitch", "show")),
            new Run("lspci-nn-D-vmm-k.txt", List.of("lspci", "-nn", "-D", "-vmm", "-k")),
            new Run("mdevctl-types.json", List.of("mdevctl", "types", "--dumpjson")),
            new Run("mdevctl-list.json", List.of("mdevctl", "list", "--dumpjson")));

    private final List<Path> toolPath;
    private final long timeoutMillis;
    private final PrintWriter err;
    private final List<String> missing = new ArrayList<>();

    HostTools(List<Path> toolPath, long timeoutMillis, PrintWriter err) {
        this.toolPath = List.copyOf(toolPath);
        this.timeoutMillis = timeoutMillis;
        this.err = err;
    }

    /** The directories of {@code path} (a {@code PATH}-style list), empty entries left out. */
    static List<Path> parsePath(String path) {
        List<Path> dirs = new ArrayList<>();
        for (String d : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (!d.isEmpty()) {
                dirs.add(Path.of(d));
            }
        }
        return dirs;
    }

    /**
     * Records every tool's output, {@code osRelease} and a link to {@code sysfs} in {@code dir},
     * with a warning for each tool that gave nothing.
     */
    void record(Path dir, Path sysfs, Path osRelease) throws IOException {
        for (Run run : RUNS) {
            byte[] out = run(run.command());
            if (out != null) {
                Files.write(dir.resolve(run.file()), out);
            }
        }
        byte[] names = run(List.of("virsh", "list", "--name"));
        if (names != null) {
            int n = 0;
            for (String name : new String(names, StandardCharsets.UTF_8).lines().map(String::strip).toList()) {
                // A domain name becomes part of a file name: only plain names, and a bounded number of them.
                if (name.isEmpty() || !name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.'))
                        || name.startsWith(".")) {
                    continue;
                }
                if (++n > MAX_DOMAINS) {
                    warn("virsh", "more than " + MAX_DOMAINS + " domains; the rest are left out");
                    break;
                }
                byte[] xml = run(List.of("virsh", "dumpxml", name));
                if (xml != null) {
                    Files.write(dir.resolve("virsh-dumpxml-" + name + ".xml"), xml);
                }
            }
        }
        if (Files.isReadable(osRelease)) {
            Files.copy(osRelease, dir.resolve("os-release"));
        } else {
            err.print("vfio-compat: warning: " + OneLine.of(osRelease + ": cannot be read; the OS is left out") + "\n");
        }
        if (Files.isDirectory(sysfs)) {
            Files.createSymbolicLink(dir.resolve("sysfs"), sysfs.toAbsolutePath());
        }
    }

    /** The tool's output, or null (with a warning) when it is missing, fails, hangs or prints too much. */
    private byte[] run(List<String> command) {
        String tool = command.get(0);
        if (missing.contains(tool)) {
            return null;
        }
        Path exe = find(tool);
        if (exe == null) {
            missing.add(tool);
            warn(tool, "not found on the tool path; what it would tell is left out");
            return null;
        }
        List<String> argv = new ArrayList<>(command);
        argv.set(0, exe.toString());
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(devNull()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            warn(tool, "cannot be started: " + e.getMessage());
            return null;
        }
        String line = String.join(" ", command);
        BoundedSink sink = new BoundedSink(MAX_OUTPUT);
        Thread reader = new Thread(() -> sink.drain(p.getInputStream()), "tool-output-" + tool);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                warn(line, "did not finish within " + timeoutMillis + " ms; killed, its output left out");
                return null;
            }
            reader.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return null;
        }
        if (sink.overflowed()) {
            warn(line, "printed more than " + MAX_OUTPUT + " bytes; its output left out");
            return null;
        }
        if (p.exitValue() != 0) {
            warn(line, "exited with " + p.exitValue() + "; its output left out");
            return null;
        }
        return sink.bytes();
    }

    private Path find(String tool) {
        for (Path dir : toolPath) {
            Path exe = dir.resolve(tool);
            if (Files.isRegularFile(exe) && Files.isExecutable(exe)) {
                return exe;
            }
        }
        return null;
    }

    private static java.io.File devNull() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private void warn(String tool, String message) {
        err.print("vfio-compat: warning: " + OneLine.of(tool + ": " + message) + "\n");
    }

    /** Keeps at most {@code max} bytes; reading on past that only counts, so the tool never blocks on a full pipe. */
    private static final class BoundedSink {
        private final int max;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private volatile boolean overflowed;

        BoundedSink(int max) {
            this.max = max;
        }

        void drain(InputStream in) {
            byte[] buf = new byte[8192];
            try (in; OutputStream out = kept) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (kept.size() + n > max) {
                        overflowed = true;
                    } else {
                        out.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                overflowed = true;
            }
        }

        boolean overflowed() {
            return overflowed;
        }

        byte[] bytes() {
            return kept.toByteArray();
        }
    }
}
