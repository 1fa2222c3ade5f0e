package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.Level;

/**
 * Issue 13, class 9: a pack may judge another pack's targets only with that pack's consent (or
 * the operator's grant), by whole namespaces; and it may claim in {@code derive} only the PCI
 * hardware its key or its vendor name is bound to.
 */
class OwnershipTest {

    @TempDir
    Path root;

    /** A pack that answers LIVE 1000 for every pair it is routed: what an attacker wants to reach other vendors' targets with. */
    private Path greedy(String id, String namespace, List<String> accepts) {
        return TestPacks.write(root.resolve("packs"), id, List.of(namespace), accepts, TestPacks.drl(id, """
                rule "everything moves"
                when
                    Source( )
                    Target( )
                then
                    insert(Finding.live(1000, "anything goes"));
                end
                """));
    }

    private CompatibilityEngine engine() {
        return CompatibilityEngine.builder().packs(root.resolve("packs")).cacheSize(0).build();
    }

    @Test
    void aThreeCharacterPrefixReachesNoOtherPacksTargets() {
        greedy("evil", "evil-", List.of("acm", "vfi"));
        TestPacks.sameTypeLive(root.resolve("packs"), "acme", "acme-", 50);
        try (CompatibilityEngine engine = engine()) {
            Verdict v = engine.check(TestPacks.mdev("evil-1", "1"), TestPacks.mdev("acme-1", "1"));
            assertThat(v.level()).isEqualTo(Level.NONE);
            assertThat(v.reason()).contains("owned by pack acme, which does not consent to evil judging its targets");
            assertThat(engine.mayBeCompatible("evil-1", "acme-1")).isFalse();
            // A type no pack owns is nobody's to protect: the prefix reaches it, as before.
            assertThat(engine.check(TestPacks.mdev("evil-1", "1"), TestPacks.mdev("vfio-x", "1")).level()).isEqualTo(Level.LIVE);
        }
    }

    @Test
    void theOwnersConsentOpensItsTargetsToAWholeNamespaceOnly() throws IOException {
        greedy("evil", "evil-", List.of("acm"));
        greedy("good", "good-", List.of("acme-"));
        TestPacks.withManifestFields(TestPacks.sameTypeLive(root.resolve("packs"), "acme", "acme-", 50),
                "\"targetsJudgedBy\": [\"evil\", \"good\"]");
        try (CompatibilityEngine engine = engine()) {
            assertThat(engine.check(TestPacks.mdev("good-1", "1"), TestPacks.mdev("acme-1", "1")).level()).isEqualTo(Level.LIVE);
            // Consent given, but "acm" is no namespace of acme's: a prefix spanning namespaces counts for none.
            assertThat(engine.check(TestPacks.mdev("evil-1", "1"), TestPacks.mdev("acme-1", "1")).level()).isEqualTo(Level.NONE);
        }
    }

    @Test
    void aTrustStoreGrantOpensTargetsWithoutTheOwnersConsent() throws IOException {
        Path keys = Files.createDirectories(root.resolve("keys"));
        PackSigning.keygen(keys, "good", List.of("good-"));
        Path good = greedy("good", "good-", List.of("acme-"));
        TestPacks.sameTypeLive(root.resolve("packs"), "acme", "acme-", 50);
        PackSigning.sign(good, keys.resolve("good.key"));
        Path trust = keys.resolve("good.trust.json");
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("packs")).trustStore(trust).build()) {
            assertThat(engine.check(TestPacks.mdev("good-1", "1"), TestPacks.mdev("acme-1", "1")).level()).isEqualTo(Level.NONE);
        }
        grant(trust, "acceptsTargetsFrom", "acme-");
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("packs")).trustStore(trust).build()) {
            assertThat(engine.check(TestPacks.mdev("good-1", "1"), TestPacks.mdev("acme-1", "1")).level()).isEqualTo(Level.LIVE);
        }
    }

    @Test
    void aPhysDeriveEntryMustNameItsHardware() throws IOException {
        // The attack: no IDs, its own type template, so every PCI function would be retyped into evil-.
        Path evil = greedy("evil", "evil-", List.of());
        TestPacks.withManifestFields(evil, "\"derive\": [{\"kind\": \"PHYS\", \"migrationType\": \"evil-{vendor}-{device}\"},"
                + " {\"kind\": \"PHYS\", \"drivers\": [\"vfio-pci\"], \"migrationType\": \"evil-{device}\"}]");
        assertThat(TestPacks.problemsLoading(evil)).extracting(Problem::code, p -> p.location().where()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ProblemCodes.PACK_DERIVE_UNBOUND, "/derive/0"),
                org.assertj.core.groups.Tuple.tuple(ProblemCodes.PACK_DERIVE_UNBOUND, "/derive/1"));
    }

    @Test
    void aPackClaimsOnlyThePciVendorsOfItsVendorName() throws IOException {
        Path evil = greedy("evil", "evil-", List.of());
        TestPacks.withManifestFields(evil, "\"derive\": [{\"kind\": \"PHYS\", \"ids\": [\"15b3:101e\"], \"migrationType\": \"evil-{device}\"}]");
        assertThat(TestPacks.problemsLoading(evil)).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCodes.TRUST_HARDWARE_NOT_ALLOWED);
            assertThat(p.message()).isEqualTo("PCI vendor 15b3 is not this pack's to claim: its vendor name 'Evil' allows no PCI vendor");
        });
        // Calling itself Intel gets it Intel's vendor ID, not Mellanox's.
        Files.writeString(evil.resolve("pack.json"), Files.readString(evil.resolve("pack.json")).replace("\"Evil\"", "\"Intel\""));
        assertThat(TestPacks.problemsLoading(evil)).singleElement().satisfies(p ->
                assertThat(p.message()).endsWith("its vendor name 'Intel' allows only 8086"));
        Files.writeString(evil.resolve("pack.json"), Files.readString(evil.resolve("pack.json")).replace("\"Intel\"", "\"NVIDIA Networking\""));
        try (CompatibilityEngine engine = engine()) {
            assertThat(engine.refusedPacks()).isEmpty();
        }
    }

    @Test
    void aKeysHardwareListReplacesWhatTheVendorNameAllows() throws IOException {
        Path keys = Files.createDirectories(root.resolve("keys"));
        PackSigning.keygen(keys, "acme", List.of("acme-"));
        Path acme = TestPacks.sameTypeLive(root.resolve("packs"), "acme", "acme-", 50);
        TestPacks.withManifestFields(acme, "\"derive\": [{\"kind\": \"PHYS\", \"ids\": [\"1234:0001\"], \"migrationType\": \"acme-{device}\"}]");
        TestPacks.sameTypeLive(root.resolve("packs"), "bolt", "bolt-", 50);
        PackSigning.sign(acme, keys.resolve("acme.key"));
        Path trust = keys.resolve("acme.trust.json");
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("packs")).trustStore(trust).build()) {
            assertThat(engine.refusedPacks()).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo(ProblemCodes.TRUST_HARDWARE_NOT_ALLOWED));
        }
        grant(trust, "hardware", "pci:1234");
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(root.resolve("packs")).trustStore(trust).build()) {
            assertThat(engine.refusedPacks()).isEmpty();
            assertThat(engine.packs()).extracting(PackInfo::id).containsExactly("acme", "bolt");
        }
    }

    /** Adds {@code value} to the list {@code field} of the (one) key in trust-store file {@code trust}. */
    static void grant(Path trust, String field, String value) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode store = (ObjectNode) json.readTree(trust.toFile());
        ObjectNode key = (ObjectNode) store.get("keys").get(0);
        ArrayNode list = key.has(field) ? (ArrayNode) key.get(field) : key.putArray(field);
        list.add(value);
        json.writeValue(trust.toFile(), store);
    }
}
