package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * Signed packs when signatures are required: the untouched pack loads; every tampering (a file
 * changed, added or removed, the manifest edited, the signature stripped, a key used outside its
 * namespaces) is refused with the file named.
 */
class PackTrustTest {

    @TempDir
    Path root;

    private Path keys;
    private Path pack;
    private Path trust;

    private static final DeviceProfile A = TestPacks.mdev("acme-1", "1");

    @BeforeEach
    void signedPack() throws IOException {
        keys = root.resolve("keys");
        PackSigning.keygen(keys, "acme", List.of("acme-"));
        trust = keys.resolve("acme.trust.json");
        pack = TestPacks.sameTypeLive(root.resolve("packs"), "acme", "acme-", 10);
        Files.createDirectories(pack.resolve("docs"));
        Files.writeString(pack.resolve("docs/README.md"), "What the pack covers.\n");
        PackSigning.Signed signed = PackSigning.sign(pack, keys.resolve("acme.key"));
        assertThat(signed.files()).containsExactly("docs/README.md", "rules/main.drl");
        assertThat(signed.keyId()).matches("ed25519:[0-9a-f]{32}");
    }

    private CompatibilityEngine.Builder strict() {
        return CompatibilityEngine.builder().packs(pack).trustStore(trust).requireSignatures(true);
    }

    private List<Problem> refused(CompatibilityEngine.Builder builder) {
        try {
            builder.build();
        } catch (InvalidPackException e) {
            return e.problems();
        }
        throw new AssertionError("the pack loaded, but should have been refused");
    }

    @Test
    void anUntouchedSignedPackLoadsAndNamesItsSigner() {
        CompatibilityEngine engine = strict().build();
        PackInfo info = engine.packs().get(0);
        assertThat(info.signature().status()).isEqualTo(Signature.Status.VERIFIED);
        assertThat(info.signature().signer()).hasValueSatisfying(s -> assertThat(s).startsWith("acme (ed25519:"));
        assertThat(engine.check(A, A).level()).isEqualTo(Level.LIVE);
        assertThat(PackTools.verify(pack, trust, true).passed())
                .anySatisfy(check -> assertThat(check.layer()).isEqualTo(Layer.TRUST))
                .anySatisfy(check -> assertThat(check.checked()).startsWith("signed by acme (ed25519:")
                        .contains("trusted for acme-").contains("2 listed file(s) match their SHA-256, no other file present"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rules/main.drl", "docs/README.md"})
    void aFileChangedAfterSigningIsRefusedByName(String rel) throws IOException {
        Files.writeString(pack.resolve(rel), "\n// one more line\n", StandardOpenOption.APPEND);
        List<Problem> problems = refused(strict());
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(pack.resolve(rel).toString());
            assertThat(p.message()).contains("changed after signing");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"rules/main.drl", "docs/README.md"})
    void aFileRemovedAfterSigningIsRefusedByName(String rel) throws IOException {
        Files.delete(pack.resolve(rel));
        assertThat(refused(strict())).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(pack.resolve(rel).toString());
            assertThat(p.message()).contains("removed after signing");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"rules/extra.drl", "notes.txt", "docs/.hidden", "deep/er/file.json"})
    void aFileAddedAfterSigningIsRefusedByName(String rel) throws IOException {
        Files.createDirectories(pack.resolve(rel).getParent());
        Files.writeString(pack.resolve(rel), "added\n");
        assertThat(refused(strict())).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(pack.resolve(rel).toString());
            assertThat(p.message()).contains("added after signing");
        });
    }

    @Test
    void anEditedManifestIsRefused() throws IOException {
        String manifest = Files.readString(pack.resolve("pack.json"));
        Files.writeString(pack.resolve("pack.json"), manifest.replace("\"1.0.0\"", "\"1.0.1\""));
        assertThat(refused(strict())).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(pack.resolve("pack.json").toString());
            assertThat(p.message()).contains("does not match the manifest").contains("changed after signing");
        });
    }

    @Test
    void anEditedManifestThatAlsoListsTheNewHashIsStillRefused() throws IOException {
        // The attacker changes a rule and fixes up its hash in pack.json: the signature catches it.
        Files.writeString(pack.resolve("rules/main.drl"), TestPacks.drl("acme", ""));
        String newHash = CompiledPackCacheTestSupport.sha256(Files.readAllBytes(pack.resolve("rules/main.drl")));
        String manifest = Files.readString(pack.resolve("pack.json"));
        Files.writeString(pack.resolve("pack.json"),
                manifest.replaceAll("(\"rules/main.drl\": \")[0-9a-f]{64}", "$1" + newHash));
        assertThat(refused(strict())).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("does not match the manifest"));
    }

    @Test
    void aStrippedSignatureIsRefusedWhateverTheManifestSays() throws IOException {
        Files.delete(pack.resolve("pack.sig"));
        assertThat(refused(strict())).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(pack.resolve("pack.sig").toString());
            assertThat(p.message()).contains("no signature").contains("requires signed packs");
        });
    }

    @Test
    void anUnsignedPackIsRefusedWhenSignaturesAreRequired() {
        Path unsigned = TestPacks.sameTypeLive(root.resolve("other"), "bolt", "bolt-", 1);
        assertThat(refused(CompatibilityEngine.builder().packs(unsigned).trustStore(trust).requireSignatures(true)))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("no signature"));
    }

    @Test
    void aKeyTrustedForAnotherNamespaceCannotVouchForThePack() throws IOException {
        Path wrong = root.resolve("wrong-trust.json");
        Files.writeString(wrong, Files.readString(trust).replace("\"acme-\"", "\"i915-\""));
        List<Problem> problems = refused(CompatibilityEngine.builder().packs(pack).trustStore(wrong).requireSignatures(true));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(pack.resolve("pack.json").toString());
            assertThat(p.location().where()).isEqualTo("/namespaces/0");
            assertThat(p.message()).contains("is trusted to sign for i915- only, not for namespace 'acme-'");
        });
    }

    @Test
    void aKeyTrustedForAWiderPrefixThanThePackNeedsIsNotEnoughTheOtherWayRound() throws IOException {
        // A key for "acme-gpu-" does not cover a pack claiming all of "acme-".
        Path narrow = root.resolve("narrow-trust.json");
        Files.writeString(narrow, Files.readString(trust).replace("\"acme-\"", "\"acme-gpu-\""));
        assertThat(refused(CompatibilityEngine.builder().packs(pack).trustStore(narrow).requireSignatures(true)))
                .singleElement().satisfies(p -> assertThat(p.location().where()).isEqualTo("/namespaces/0"));
    }

    @Test
    void aPackSignedByAnUntrustedKeyIsRefused() {
        PackSigning.keygen(keys, "mallory", List.of());
        PackSigning.sign(pack, keys.resolve("mallory.key"));
        assertThat(refused(strict())).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(pack.resolve("pack.sig").toString());
            assertThat(p.location().where()).isEqualTo("/keyId");
            assertThat(p.message()).contains("does not hold");
        });
    }

    @Test
    void withoutRequiredSignaturesAPresentButBrokenSignatureIsStillRefused() throws IOException {
        Files.writeString(pack.resolve("rules/main.drl"), "\n", StandardOpenOption.APPEND);
        assertThat(refused(CompatibilityEngine.builder().packs(pack).trustStore(trust)))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("changed after signing"));
    }

    @Test
    void withoutATrustStoreSignedAndUnsignedPacksLoadAndSaySo() throws IOException {
        Path unsigned = TestPacks.sameTypeLive(root.resolve("other"), "bolt", "bolt-", 1);
        List<PackInfo> packs = CompatibilityEngine.builder().packs(pack, unsigned).build().packs();
        assertThat(packs).extracting(p -> p.signature().describe()).containsExactly("not verified (no trust store)", "unsigned");
    }

    @Test
    void anUnsignedPackWithAFileListIsStillHeldToIt() throws IOException {
        Files.delete(pack.resolve("pack.sig"));
        Files.writeString(pack.resolve("docs/README.md"), "changed\n");
        assertThat(refused(CompatibilityEngine.builder().packs(pack))).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(pack.resolve("docs/README.md").toString());
            assertThat(p.message()).contains("changed after the manifest listed it");
        });
    }

    @Test
    void requiringSignaturesWithoutATrustStoreIsAConfigurationError() {
        assertThat(refused(CompatibilityEngine.builder().packs(pack).requireSignatures(true))).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("signatures are required but no trust store is configured"));
    }

    @Test
    void aTrustStoreFolderHoldsOneFilePerKey() throws IOException {
        Path folder = root.resolve("trusted");
        Files.createDirectories(folder);
        Files.copy(trust, folder.resolve("acme.json"));
        assertThat(CompatibilityEngine.builder().packs(pack).trustStore(folder).requireSignatures(true).build()
                .packs().get(0).signature().describe()).startsWith("acme (");
    }

    @Test
    void aBrokenTrustStoreIsNamedWithItsPointer() throws IOException {
        Path bad = root.resolve("bad-trust.json");
        Files.writeString(bad, """
                {"keys": [{"name": "x", "publicKey": "bm90IGEga2V5", "namespaces": ["acme-"]},
                          {"name": "y", "publicKey": "bm90IGEga2V5", "namespaces": []}]}
                """);
        List<Problem> problems = refused(CompatibilityEngine.builder().packs(pack).trustStore(bad));
        assertThat(problems).extracting(p -> p.location().where())
                .containsExactly("/keys/0/publicKey", "/keys/1/namespaces", "/keys/1/publicKey");
        assertThat(problems.get(0).file()).isEqualTo(bad.toString());
        assertThat(problems.get(0).message()).contains("not an Ed25519 public key");
    }

    @Test
    void keygenNeverOverwritesAKey() {
        assertThatThrownBy(() -> PackSigning.keygen(keys, "acme", List.of()))
                .isInstanceOf(InvalidPackException.class).hasMessageContaining("exists already");
    }
}
