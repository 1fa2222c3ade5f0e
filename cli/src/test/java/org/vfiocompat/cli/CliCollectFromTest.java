package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    void host1NvidiaVgpu() throws IOException {
        sharedHost("host-1");
    }

    @Test
    void host2ConnectX7() throws IOException {
        sharedHost("host-2");
    }

    @Test
    void host3Kunpeng() throws IOException {
        sharedHost("host-3");
    }

    @Test
    void host3QatHost() throws IOException {
        sharedHost("host-3/qat-host");
    }

    /** The vendor-specific VFIO layout of NVIDIA vGPU 17+ (no mdevs), a host in examples/hosts/. */
    @Test
    void host4NvidiaWithoutMdevs() throws IOException {
        Path dir = CliRun.ROOT.resolve("examples/hosts/host-4");
        JsonNode host = collected(dir, "inventory-collect-from-host-4", CliRun.ROOT.resolve("examples/hosts") + "/");
        JsonNode vf = host.get("devices").get(0);
        assertThat(vf.get("kind").asText()).isEqualTo("PHYS");
        assertThat(vf.get("migrationType").asText()).isEqualTo("nvidia-1160");
        assertThat(vf.get("assignedTo").asText()).isEqualTo("vdi-cad-031");
        assertThat(vf.get("migrationVersion").asText()).startsWith("vgpu=NVIDIA L40S-4Q, ").endsWith(", manager=550.144.03");
        JsonNode free = host.get("mdevParents").get(0);
        assertThat(free.get("id").asText()).isEqualTo("0000:41:00.5");
        assertThat(free.get("types")).extracting(t -> t.get("name").asText())
                .containsExactly("NVIDIA L40S-1B", "NVIDIA L40S-4Q", "NVIDIA L40S-8Q");
    }

    /** Intel Xe SR-IOV VFs on xe-vfio-pci, a host in examples/hosts/. */
    @Test
    void host5XeVfs() throws IOException {
        Path dir = CliRun.ROOT.resolve("examples/hosts/host-5");
        JsonNode host = collected(dir, "inventory-collect-from-host-5", CliRun.ROOT.resolve("examples/hosts") + "/");
        assertThat(host.get("devices")).extracting(d -> d.get("migrationVersion").asText())
                .containsOnly("dev=e20b, rev=01, packet=1, guc=unobserved");
    }

    private static void sharedHost(String name) throws IOException {
        Path dir = host(name);
        JsonNode host = collected(dir, "inventory-collect-from-" + name.replace('/', '-'), HOSTS + "/");
        for (JsonNode d : host.get("devices")) {
            // host-2's NVMe drive on plain vfio-pci is no family any pack speaks for: a warning names it.
            if (!d.get("migrationType").asText().equals("vfio-pci:144d:a824")) {
                assertThat(d.get("owner").asText()).as("owner of %s", d.get("id")).isNotEmpty();
                assertThat(d.get("migrationVersion").asText()).as("version of %s", d.get("id")).isNotEmpty();
            }
        }
    }

    /**
     * Collects {@code dir}, pins the inventory and the warnings in golden files, and returns its
     * one host; every device a pack owns has a version.
     */
    private static JsonNode collected(Path dir, String golden, String prefix) throws IOException {
        CliRun run = CliRun.run("inventory", "collect", "--from", dir.toString());

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        Golden.assertMatches(golden + ".json", run.out());
        Golden.assertMatches(golden + ".warnings.txt", run.err().replace(prefix, ""));
        assertThat(run.err().lines()).allMatch(l -> l.startsWith("vfio-compat: warning: " + dir));
        JsonNode host = new ObjectMapper().readTree(run.out()).get("hosts").get(0);
        for (JsonNode d : host.get("devices")) {
            if (!d.get("owner").asText().isEmpty()) {
                assertThat(d.get("migrationVersion").asText()).as("version of %s", d.get("id")).isNotEmpty();
                assertThat(d.get("versionFrom").asText()).isEqualTo("PACK");
            }
        }
        return host;
    }

    @Test
    void warningsNameTheDevice() {
        CliRun run = CliRun.run("inventory", "collect", "--from", host("host-2").toString(), "--host", "cx-1");

        assertThat(run.out()).contains("\"name\": \"cx-1\"");
        assertThat(run.err()).contains("device 0000:c4:00.0 (driver vfio-pci): no loaded pack owns type vfio-pci:144d:a824");
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
