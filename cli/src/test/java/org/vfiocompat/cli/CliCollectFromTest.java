package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vfio-compat inventory collect --from DIR} on the shared fixture hosts (recorded outputs
 * of real host tools, read where they are next to the repository, never copied): the inventory
 * and the warnings, pinned in golden files.
 */
class CliCollectFromTest {

    static final Path HOSTS = System.getProperty("vfio.shared.hosts") != null ? Path.of(System.getProperty("vfio.shared.hosts"))
            : CliRun.ROOT.getParent().resolve("shared/formats/hosts");

    @TempDir
    Path tmp;

    private static Path host(String name) {
        Assumptions.assumeTrue(Files.isDirectory(HOSTS), "shared fixture hosts not found at " + HOSTS);
        return HOSTS.resolve(name);
    }

    @Test
    void host1NvidiaVgpu() {
        sharedHost("host-1");
    }

    @Test
    void host2ConnectX7() {
        sharedHost("host-2");
    }

    @Test
    void host3Kunpeng() {
        sharedHost("host-3");
    }

    @Test
    void host3QatHost() {
        sharedHost("host-3/qat-host");
    }

    private static void sharedHost(String name) {
        Path dir = host(name);
        CliRun run = CliRun.run("inventory", "collect", "--from", dir.toString());

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        String golden = "inventory-collect-from-" + name.replace('/', '-');
        Golden.assertMatches(golden + ".json", run.out());
        Golden.assertMatches(golden + ".warnings.txt", run.err().replace(HOSTS + "/", ""));
        assertThat(run.err().lines()).allMatch(l -> l.startsWith("vfio-compat: warning: " + dir));
    }

    @Test
    void warningsNameTheDevice() {
        CliRun run = CliRun.run("inventory", "collect", "--from", host("host-3").toString(), "--host", "kp-1");

        assertThat(run.out()).contains("\"name\": \"kp-1\"");
        assertThat(run.err()).contains("device 0000:75:00.1 (driver hisi_acc_vfio_pci): no loaded pack owns type hisi_acc_vfio_pci:19e5:a251");
    }

    @Test
    void everySourceIsOptional() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bare"));
        Files.writeString(dir.resolve("uname-r.txt"), "6.19.3-061903-generic\n");
        CliRun run = CliRun.run("inventory", "collect", "--from", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"name\": \"bare\"").contains("\"kernel\": \"6.19.3-061903-generic\"")
                .doesNotContain("qemu");
    }

    @Test
    void aMalformedSourceIsOneLocatedLineAndExit2() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(dir.resolve("os-release"), "ID=ubuntu\nVERSION_ID=\"24.04\n");
        CliRun run = CliRun.run("inventory", "collect", "--from", dir.toString(), "--host", "h");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().filter(l -> !l.isBlank()).toList())
                .containsExactly("vfio-compat: error: " + dir.resolve("os-release") + " at line 2: expected KEY=value (os-release)");

        Files.delete(dir.resolve("os-release"));
        Files.writeString(dir.resolve("devlink-dev-info.json"), "{\"info\": {\"pci/0000:17:00.0\": {\"versions\": 3}}}");
        run = CliRun.run("inventory", "collect", "--from", dir.toString(), "--host", "h");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().filter(l -> !l.isBlank()).toList()).containsExactly("vfio-compat: error: "
                + dir.resolve("devlink-dev-info.json") + " at /info/pci~10000:17:00.0/versions: expected an object");
    }

    @Test
    void fromAndSysfsDoNotGoTogether() {
        CliRun run = CliRun.run("inventory", "collect", "--from", tmp.toString(), "--sysfs", tmp.toString(), "--host", "h");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--from and --sysfs do not go together");
    }
}
