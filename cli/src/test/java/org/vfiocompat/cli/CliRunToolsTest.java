package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inventory collect --run-tools} with fake tools: small shell scripts on the tool path that
 * print host-2's recorded outputs. What the tools print must give the inventory that
 * {@code --from} gives for the recorded folder; a missing, failing or hanging tool is a warning
 * naming it.
 */
class CliRunToolsTest {

    @TempDir
    Path bin;

    Path host2;

    @BeforeEach
    void fakeTools() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(CliCollectFromTest.HOSTS), "shared fixture hosts not found");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        host2 = CliCollectFromTest.HOSTS.resolve("host-2");
        tool("uname", "cat '" + host2.resolve("uname-r.txt") + "'");
        tool("lspci", "[ \"$*\" = '-nn -D -vmm -k' ] || exit 64\ncat '" + host2.resolve("lspci-nn-D-vmm-k.txt") + "'");
        tool("devlink", "case \"$*\" in\n"
                + "  '-j dev info') cat '" + host2.resolve("devlink-dev-info.json") + "';;\n"
                + "  '-j port show') cat '" + host2.resolve("devlink-port-show.json") + "';;\n"
                + "  '-j dev param show') cat '" + host2.resolve("devlink-dev-param-show.json") + "';;\n"
                + "  '-j dev eswitch show') cat '" + host2.resolve("devlink-dev-eswitch-show.json") + "';;\n"
                + "  *) exit 64;;\nesac");
        tool("virsh", "case \"$1\" in\n"
                + "  version) cat '" + host2.resolve("virsh-version.txt") + "';;\n"
                + "  list) echo ai-inference-07; echo '../evil';;\n"
                + "  dumpxml) [ \"$2\" = ai-inference-07 ] && cat '" + host2.resolve("virsh-dumpxml-ai-inference-07.xml") + "';;\n"
                + "  *) exit 64;;\nesac");
    }

    private void tool(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private CliRun runTools(String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("inventory", "collect", "--run-tools",
                "--tool-path", bin.toString(), "--sysfs", host2.resolve("sysfs").toString(),
                "--os-release", host2.resolve("os-release").toString(), "--host", "host-2"));
        args.addAll(java.util.List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void theToolsGiveTheInventoryTheirRecordedOutputGives() {
        CliRun live = runTools();
        CliRun recorded = CliRun.run("inventory", "collect", "--from", host2.toString(), "--host", "host-2");

        assertThat(live.exitCode()).as(live.err()).isZero();
        assertThat(live.out()).isEqualTo(recorded.out()).contains("\"assignedTo\": \"ai-inference-07\"")
                .contains("psid=MT_0000000838, migratable=enable, fw=28.42.1000");
        assertThat(live.err()).contains("vfio-compat: warning: nvidia-smi: not found on the tool path")
                .contains("vfio-compat: warning: mdevctl: not found on the tool path")
                // the device warning names the real sysfs, not the temporary folder
                .contains("warning: " + host2.resolve("sysfs") + "/devices/")
                .doesNotContain("vfio-compat-tools");
        // nvidia-smi is named once, although two of its commands would have run
        assertThat(live.err().lines().filter(l -> l.contains("nvidia-smi: not found"))).hasSize(1);
    }

    @Test
    void aHangingToolIsKilledAtTheTimeoutAndNamed() throws IOException {
        tool("nvidia-smi", "exec sleep 60");
        long start = System.nanoTime();
        CliRun run = runTools("--tool-timeout", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("vfio-compat: warning: nvidia-smi -q -x: did not finish within 1000 ms; killed, its output left out");
        assertThat((System.nanoTime() - start) / 1_000_000).as("two hanging runs of 1 s, not 60 s").isLessThan(30_000);
    }

    @Test
    void aFailingToolIsAWarningWithItsExitCode() throws IOException {
        tool("mdevctl", "echo 'garbage' ; exit 3");
        CliRun run = runTools();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("vfio-compat: warning: mdevctl types --dumpjson: exited with 3; its output left out");
    }

    @Test
    void runToolsAndFromDoNotGoTogether() {
        CliRun run = CliRun.run("inventory", "collect", "--run-tools", "--from", host2.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--from and --run-tools do not go together");
    }
}
