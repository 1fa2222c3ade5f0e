package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest-visible PCI identity QEMU compares, from collected facts to the linux-qemu verdict:
 * {@code inventory collect --from} records the class code and subsystem lspci prints, and the
 * platform pack turns a difference into a COLD/PLATFORM finding. Three copies of the shared
 * ConnectX-7 host: the source (its VMs hold the VFs), an identical target, and targets whose
 * lspci output differs in the VFs' subsystem device or class code.
 */
class CliPciIdentityTest {

    static final String VF = "0000:17:00.2";

    @TempDir
    static Path tmp;

    static Path merged;

    @BeforeAll
    static void collectFourHosts() throws IOException {
        Path shared = CliCollectFromTest.HOSTS.resolve("host-2");
        Assumptions.assumeTrue(Files.isDirectory(shared), "shared fixture hosts not found");
        copy(shared, tmp.resolve("cx-src"));
        for (String target : new String[] {"cx-same", "cx-subsys", "cx-class"}) {
            Path dir = copy(shared, tmp.resolve(target));
            // Free the VFs on the targets: no VM holds them there.
            try (Stream<Path> xml = Files.list(dir)) {
                for (Path p : xml.filter(p -> p.getFileName().toString().startsWith("virsh-dumpxml-")).toList()) {
                    Files.delete(p);
                }
            }
        }
        edit(tmp.resolve("cx-subsys"), "ConnectX Family mlx5Gen Virtual Function [0041]", "ConnectX Family mlx5Gen Virtual Function [0042]");
        edit(tmp.resolve("cx-class"), "Class:\tEthernet controller [0200]\nVendor:\tMellanox Technologies [15b3]\nDevice:\tConnectX Family mlx5Gen Virtual Function",
                "Class:\tInfiniband controller [0207]\nVendor:\tMellanox Technologies [15b3]\nDevice:\tConnectX Family mlx5Gen Virtual Function");
        java.util.List<String> merge = new java.util.ArrayList<>(java.util.List.of("inventory", "merge", "--out", tmp.resolve("merged.json").toString()));
        for (String host : new String[] {"cx-class", "cx-same", "cx-src", "cx-subsys"}) {
            Path out = tmp.resolve(host + ".json");
            CliRun run = CliRun.run("inventory", "collect", "--from", tmp.resolve(host).toString(), "--host", host, "--out", out.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            merge.add(out.toString());
        }
        CliRun run = CliRun.run(merge.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        merged = tmp.resolve("merged.json");
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(dest, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        return to;
    }

    private static void edit(Path host, String from, String to) {
        try {
            Path lspci = host.resolve("lspci-nn-D-vmm-k.txt");
            String text = Files.readString(lspci);
            assertThat(text).as("fixture text to change").contains(from);
            Files.writeString(lspci, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode verdict(String target) throws IOException {
        CliRun run = CliRun.run("check", "--format", "json", "--inventory", merged.toString(), "--enable-platform", "linux-qemu",
                "cx-src/" + VF, target + "/" + VF);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out()).get("verdict");
    }

    @Test
    void collectRecordsTheIdentityQemuCompares() throws IOException {
        JsonNode inventory = new ObjectMapper().readTree(Files.readString(tmp.resolve("cx-src.json")));
        JsonNode vf = null;
        for (JsonNode d : inventory.get("hosts").get(0).get("devices")) {
            if (d.get("id").asText().equals(VF)) {
                vf = d;
            }
        }
        assertThat(vf).as("the VF in the collected inventory").isNotNull();
        JsonNode attributes = vf.get("attributes");
        assertThat(attributes.get("lspci.class").asText()).isEqualTo("020000");
        assertThat(attributes.get("lspci.svendor").asText()).isEqualTo("15b3");
        assertThat(attributes.get("lspci.sdevice").asText()).isEqualTo("0041");
        assertThat(attributes.get("lspci.rev").asText()).as("lspci leaves out a zero revision").isEqualTo("00");
    }

    @Test
    void anIdenticalTargetGainsNoIdentityFinding() throws IOException {
        JsonNode same = verdict("cx-same");
        assertThat(same.toString()).doesNotContain("subsystem").doesNotContain("class 0");
    }

    @Test
    void aDifferentSubsystemIsColdForThePlatformLayer() throws IOException {
        JsonNode v = verdict("cx-subsys");
        assertThat(v.get("level").asText()).isEqualTo("COLD");
        assertThat(v.get("limit").asText()).isEqualTo("PLATFORM");
        assertThat(v.toString()).contains("the guest would see subsystem 15b3:0041 become 15b3:0042")
                .contains("guest-visible subsystem differs");
    }

    @Test
    void aDifferentClassCodeIsColdForThePlatformLayer() throws IOException {
        JsonNode v = verdict("cx-class");
        assertThat(v.get("level").asText()).isEqualTo("COLD");
        assertThat(v.get("limit").asText()).isEqualTo("PLATFORM");
        assertThat(v.toString()).contains("class 020000 on the source, 020700 on the target")
                .contains("guest-visible class differs");
    }
}
