package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.Fleet;

/** The vendor's and the operator's commands: keygen, sign, verify, status, and the decision log. */
class CliTrustTest {

    @TempDir
    Path tmp;

    private Path copyOfReferencePack() throws IOException {
        Path target = tmp.resolve("intel-gvtg");
        Path source = CliRun.PACKS.resolve("intel-gvtg");
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    @Test
    void aVendorSignsAndAnOperatorVerifiesThenATamperedPackIsRefused() throws IOException {
        Path keys = tmp.resolve("keys");
        CliRun keygen = CliRun.run("pack", "keygen", "--out", keys.toString(), "--name", "intel", "--namespace", "i915-GVTg_",
                "--namespace", "vfio-pci:8086:");
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        assertThat(keygen.out()).contains("intel.key  (private: keep it secret").contains("intel.trust.json");
        Path pack = copyOfReferencePack();
        CliRun sign = CliRun.run("pack", "sign", pack.toString(), "--key", keys.resolve("intel.key").toString());
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        assertThat(sign.out()).matches("signed .* with key ed25519:[0-9a-f]{32}; 3 file\\(s\\) listed in pack.json\n");
        String trust = keys.resolve("intel.trust.json").toString();

        CliRun verify = CliRun.run("pack", "verify", pack.toString(), "--trust-store", trust, "--require-signatures");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("trust        ok  signed by intel (ed25519:");

        CliRun status = CliRun.run("status", "--packs", pack.toString(), "--trust-store", trust, "--require-signatures",
                "--format", "json", "--no-pack-cache");
        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode json = org.vfiocompat.json.JsonViews.MAPPER.readTree(status.out());
        assertThat(json.get("packs").get(0).get("signer").asText()).startsWith("intel (ed25519:");
        assertThat(json.get("signaturesRequired").asBoolean()).isTrue();
        assertThat(json.get("trustStore").asText()).isEqualTo(trust);

        Files.writeString(pack.resolve("tests/vectors.json"), Files.readString(pack.resolve("tests/vectors.json")) + " ");
        CliRun tampered = CliRun.run("pack", "verify", pack.toString(), "--trust-store", trust, "--require-signatures");
        assertThat(tampered.exitCode()).isEqualTo(2);
        assertThat(tampered.out()).contains("refused: " + pack.resolve("tests/vectors.json")
                + ": its SHA-256 differs from the one pack.json lists: changed after signing");
        CliRun check = CliRun.run("packs", "--packs", pack.toString(), "--trust-store", trust, "--require-signatures");
        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.err()).contains("changed after signing");
    }

    @Test
    void requiringSignaturesWithoutATrustStoreIsAUsageError() {
        CliRun run = CliRun.run("status", "--require-signatures");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("vfio-compat: error: --require-signatures needs --trust-store PATH\n");
    }

    @Test
    void checkWritesOneDecisionLineWithMaskedFields() throws IOException {
        Path log = tmp.resolve("decisions.ndjson");
        CliRun pick = CliRun.run("rank", "--inventory", CliRun.FLEET.toString(), "--device", gvtgSource(),
                "--format", "json", "--top", "1", "--decision-log", log.toString(), "--decision-log-mask", "reason,source");
        assertThat(pick.exitCode()).as(pick.err()).isZero();
        String[] lines = Files.readString(log).split("\n");
        assertThat(lines.length).isGreaterThan(0);
        for (String line : lines) {
            JsonNode n = org.vfiocompat.json.JsonViews.MAPPER.readTree(line);
            assertThat(n.get("reason").asText()).isEqualTo("***");
            assertThat(n.get("source").asText()).isEqualTo("***");
            assertThat(n.get("target").get("migrationType").asText()).isNotEmpty();
        }
        CliRun bad = CliRun.run("check", "--inventory", CliRun.FLEET.toString(), gvtgSource(), gvtgSource(),
                "--decision-log", log.toString(), "--decision-log-mask", "host");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("vfio-compat: error: --decision-log-mask: cannot mask host");
    }

    private static String gvtgSource() {
        return Fleet.load(CliRun.FLEET).assigned().stream()
                .filter(d -> d.profile().getMigrationType().startsWith("i915-GVTg_V5")).findFirst().orElseThrow().ref();
    }
}
