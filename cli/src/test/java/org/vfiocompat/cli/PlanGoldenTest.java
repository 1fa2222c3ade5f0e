package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * place, drain, drain --each-host and upgrade on the bundled planning fleet
 * ({@code examples/planning-fleet.json}) and the mixed fleet, with every reference pack, pinned
 * byte for byte; and their bad input, each one located line with exit 2.
 */
class PlanGoldenTest {

    static final String PLANNING = CliRun.ROOT.resolve("examples/planning-fleet.json").toString();
    static final String MIXED = CliRun.ROOT.resolve("examples/mixed-fleet.json").toString();
    static final String WAVES = CliRun.ROOT.resolve("examples/planning-waves.txt").toString();

    private static String ok(CliRun run) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        return run.out();
    }

    @Test
    void placeTable() {
        Golden.assertMatches("place-all.txt", ok(CliRun.run("place", "--inventory", PLANNING, "--vm", "gpu-1/vm-ml-1", "--all")));
    }

    @Test
    void placeJson() {
        Golden.assertMatches("place.json", ok(CliRun.run("place", "--inventory", PLANNING, "--vm", "gpu-1/vm-db-1", "--all", "--format", "json")));
    }

    @Test
    void placeCsv() {
        Golden.assertMatches("place.csv", ok(CliRun.run("place", "--inventory", MIXED, "--vm", "gpu-a/vm-ml-01", "--format", "csv")));
    }

    @Test
    void drainTableJsonCsv() {
        Golden.assertMatches("drain-gpu-1.txt", ok(CliRun.run("drain", "--inventory", PLANNING, "--host", "gpu-1")));
        Golden.assertMatches("drain-gvt-1.json", ok(CliRun.run("drain", "--inventory", PLANNING, "--host", "gvt-1", "--format", "json")));
        Golden.assertMatches("drain-two-hosts.csv", ok(CliRun.run("drain", "--inventory", PLANNING, "--host", "gvt-1", "--host", "old-1",
                "--format", "csv")));
        Golden.assertMatches("drain-mixed.txt", ok(CliRun.run("drain", "--inventory", MIXED, "--host", "gpu-a", "--host", "net-a")));
    }

    /**
     * The planning commands take the platform option of rank, check and batch: with linux-qemu
     * enabled, the hosts whose kernel, QEMU or libvirt cannot migrate live (host-3, host-5) or
     * are not known to (host-4, RHEL) receive the VM COLD only, and the plan says why; without
     * it every host takes it LIVE.
     */
    @Test
    void aPlatformPackChangesTheVmVerdictsAndThePlan() {
        String software = CliPlatformTest.SOFTWARE.toString();
        String with = ok(CliRun.run("place", "--inventory", software, "--vm", "host-1/vm-train-01", "--all", "--enable-platform", "linux-qemu"));
        Golden.assertMatches("place-platform.txt", with);
        String without = ok(CliRun.run("place", "--inventory", software, "--vm", "host-1/vm-train-01", "--all"));
        assertThat(without.lines().filter(l -> l.contains("host-3"))).singleElement().asString().contains("LIVE").doesNotContain("COLD");
        assertThat(with.lines().filter(l -> l.contains("host-3"))).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain("LIVE"));
        Golden.assertMatches("drain-platform.txt", ok(CliRun.run("drain", "--inventory", software, "--host", "host-1", "--host", "host-2",
                "--enable-platform", "linux-qemu")));
    }

    @Test
    void drainEachHost() {
        Golden.assertMatches("drain-each-host.txt", ok(CliRun.run("drain", "--inventory", PLANNING, "--each-host")));
        Golden.assertMatches("drain-each-host-mixed.json", ok(CliRun.run("drain", "--inventory", MIXED, "--each-host", "--format", "json")));
        Golden.assertMatches("drain-each-host.csv", ok(CliRun.run("drain", "--inventory", PLANNING, "--each-host", "--format", "csv")));
    }

    @Test
    void upgrade() {
        Golden.assertMatches("upgrade.txt", ok(CliRun.run("upgrade", "--inventory", PLANNING, "--set", "nvidia-driver=570.124.03",
                "--waves", WAVES)));
        Golden.assertMatches("upgrade.json", ok(CliRun.run("upgrade", "--inventory", PLANNING, "--set", "nvidia-driver=570.124.03",
                "--waves", WAVES, "--format", "json")));
        Golden.assertMatches("upgrade.csv", ok(CliRun.run("upgrade", "--inventory", PLANNING, "--set", "gpu-3.nvidia-driver=570.124.03",
                "--waves", WAVES, "--format", "csv")));
    }

    @Test
    void stuckVmsAreAPlanNotAnErrorAndFailOnlyWhenAsked() {
        CliRun plain = CliRun.run("drain", "--inventory", PLANNING, "--host", "gvt-1", "--format", "json");
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.out()).contains("\"why\": \"HOSTS_FULL\"");
        assertThat(CliRun.run("drain", "--inventory", PLANNING, "--host", "gvt-1", "--fail-on-stuck").exitCode()).isEqualTo(1);
        assertThat(CliRun.run("drain", "--inventory", PLANNING, "--host", "gpu-1", "--fail-on-stuck").exitCode()).isZero();
        assertThat(CliRun.run("drain", "--inventory", PLANNING, "--each-host", "--fail-on-stuck").exitCode()).isEqualTo(1);
    }

    @Test
    void theSameBytesOnEveryRun() {
        String[] args = {"drain", "--inventory", MIXED, "--each-host", "--format", "json"};
        assertThat(ok(CliRun.run(args))).isEqualTo(ok(CliRun.run(args)));
        String[] html = {"drain", "--inventory", PLANNING, "--host", "gpu-1", "--format", "html"};
        assertThat(ok(CliRun.run(html))).isEqualTo(ok(CliRun.run(html)));
    }

    @Test
    void badInputIsOneLocatedLineWithExit2(@TempDir Path dir) throws Exception {
        assertBad(CliRun.run("place", "--inventory", PLANNING, "--vm", "gpu-1/vm-nope"),
                "vfio-compat: error: " + PLANNING + ": no VM 'gpu-1/vm-nope' (VMs there include gpu-1/vm-db-1, gpu-1/vm-ml-1, gpu-1/vm-ml-2)");
        assertBad(CliRun.run("drain", "--inventory", PLANNING, "--host", "gpu-9"), "vfio-compat: error: " + PLANNING + ": --host gpu-9: no such host");
        assertBad(CliRun.run("drain", "--inventory", PLANNING), "vfio-compat: error: name a host to drain with --host, or use --each-host");
        Path twice = dir.resolve("waves.txt");
        Files.writeString(twice, "gpu-3\ngpu-2 gpu-3\n");
        assertBad(CliRun.run("upgrade", "--inventory", PLANNING, "--set", "nvidia-driver=570.124.03", "--waves", twice.toString()),
                "vfio-compat: error: " + twice + " at line 2: host gpu-3 is already in wave 1 (line 1); a host is upgraded once");
        Path unknown = dir.resolve("unknown.txt");
        Files.writeString(unknown, "# first\ngpu-3\n\ngpu-7\n");
        assertBad(CliRun.run("upgrade", "--inventory", PLANNING, "--set", "nvidia-driver=570.124.03", "--waves", unknown.toString()),
                "vfio-compat: error: " + unknown + " at line 4: host gpu-7 is not in " + PLANNING);
        assertBad(CliRun.run("upgrade", "--inventory", PLANNING, "--set", "gpu-3.nvidia-driver", "--waves", WAVES),
                "vfio-compat: error: --set gpu-3.nvidia-driver: write HOST.FACT=VALUE or FACT=VALUE (a fact is lower-case letters, digits and dashes)");
        // A fact no pack reads is a warning, not an error.
        CliRun warned = CliRun.run("upgrade", "--inventory", PLANNING, "--set", "gpu-3.bios=2.0", "--waves", WAVES, "--format", "json");
        assertThat(warned.exitCode()).isZero();
        assertThat(warned.err()).contains("vfio-compat: warning: plan.unknown-fact: --set gpu-3.bios=2.0: no loaded pack reads host fact 'bios'");
    }

    private static void assertBad(CliRun run, String line) {
        assertThat(run.exitCode()).as("stderr: %s", run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(line + "\n");
    }
}
