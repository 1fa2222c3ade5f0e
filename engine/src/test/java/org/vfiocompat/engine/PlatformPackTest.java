package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.HostSoftware;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * Platform packs: a pack that judges every pair of its scope besides the owning pack, only when
 * enabled; its findings combine with the owner's (most severe wins, every decider listed), its
 * verdicts are cached on its own reduction of the pair, and without host facts the bundled
 * linux-qemu pack changes nothing.
 */
class PlatformPackTest {

    @TempDir
    static Path root;

    static CompatibilityEngine engine;

    /** A vendor pack: LIVE 90 for the same type, whatever the host. */
    static Path vendor;
    /** A platform pack that objects to QEMU older than 8.1 on either side, and reads nothing else. */
    static Path gate;

    @BeforeAll
    static void loadPacks() throws IOException {
        vendor = TestPacks.sameTypeLive(root.resolve("vendors"), "acme", "acme-", 90);
        gate = platformPack(root.resolve("platform"), "gate", "{}", "\"host.qemu\"", """
                rule "old qemu"
                when
                    $f : ProfileFact( hostQemu != "", Versions.older(hostQemu, "8.1"), $q : hostQemu )
                then
                    insert(Finding.none(Limit.PLATFORM, "QEMU " + $q + " is too old"));
                end

                rule "cannot tell"
                when
                    ProfileFact( hostQemu == "unknown" )
                then
                    insert(Finding.unknown(Limit.PLATFORM, "QEMU version unknown"));
                end

                rule "pre-copy"
                when
                    Source( hostQemu != "", hostQemu != "unknown" )
                    Target( hostQemu != "", hostQemu != "unknown" )
                then
                    insert(Finding.live(0, "pre-copy only"));
                end
                """);
        engine = CompatibilityEngine.builder().packs(root.resolve("vendors"), root.resolve("platform"))
                .enablePlatformPacks(List.of("gate")).build();
    }

    @AfterAll
    static void close() throws Exception {
        engine.close();
    }

    /** A platform pack {@code dir/id} with the given {@code platform} object, {@code reads} and rules. */
    static Path platformPack(Path dir, String id, String platform, String reads, String rules) throws IOException {
        Path pack = TestPacks.write(dir, id, List.of(), List.of(), TestPacks.drl(id, "import org.vfiocompat.rules.ProfileFact;\n" + rules));
        TargetKindTest.statesRulesApi(pack, "1.2");
        return TestPacks.withManifestFields(pack, "\"platform\": " + platform + ",\n  \"reads\": [" + reads + "]");
    }

    private static DeviceProfile acme(String qemu) {
        return TestPacks.mdev("acme-a", "1").toBuilder().host(HostSoftware.of("6.8.0", qemu, "10.0.0", null, null)).build();
    }

    @Test
    void withoutHostFactsThePlatformPackSaysNothing() {
        DeviceProfile p = TestPacks.mdev("acme-a", "1");
        Verdict v = engine.check(p, p);
        assertThat(v.level()).isEqualTo(Level.LIVE);
        assertThat(v.score()).isEqualTo(90);
        assertThat(v.reason()).isEqualTo("Acme: same type acme-a");
        assertThat(v.deciders()).isEmpty();
        assertThat(v.packId()).isEqualTo("acme");
    }

    @Test
    void aPlatformObjectionWinsAndBothDecidersAreListed() {
        Verdict v = engine.check(acme("8.2.2"), acme("8.0.5"));
        assertThat(v.level()).isEqualTo(Level.NONE);
        assertThat(v.limit()).contains(Limit.PLATFORM);
        assertThat(v.reason()).isEqualTo("Gate: QEMU 8.0.5 is too old");
        assertThat(v.packId()).isEqualTo("gate");
        assertThat(v.rules()).containsExactly("old qemu");
        assertThat(v.deciders()).singleElement().satisfies(d -> {
            assertThat(d.packId()).isEqualTo("gate");
            assertThat(d.platform()).isTrue();
            assertThat(d.level()).isEqualTo(Level.NONE);
        });
    }

    @Test
    void atTheSameLevelEveryDecidingReasonIsListedOwnerFirst() {
        Verdict v = engine.check(acme("8.2.2"), acme("9.0.0"));
        assertThat(v.level()).isEqualTo(Level.LIVE);
        assertThat(v.score()).as("the owner's score ranks").isEqualTo(90);
        assertThat(v.reason()).isEqualTo("Acme: same type acme-a; Gate: pre-copy only");
        assertThat(v.deciders()).extracting(Verdict.Decider::packId, Verdict.Decider::platform)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acme", false), org.assertj.core.groups.Tuple.tuple("gate", true));
        assertThat(v.packId()).isEqualTo("acme");
    }

    @Test
    void unknownFromThePlatformBeatsTheOwnersLiveButNotAnEvidencedNone() {
        Verdict unknown = engine.check(acme("unknown"), acme("9.0.0"));
        assertThat(unknown.level()).isEqualTo(Level.UNKNOWN);
        assertThat(unknown.reason()).isEqualTo("Gate: QEMU version unknown");
        DeviceProfile other = TestPacks.mdev("acme-b", "1").toBuilder().host(HostSoftware.of(null, "unknown", null, null, null)).build();
        Verdict none = engine.check(acme("8.2.2"), other);
        assertThat(none.level()).as("the owner's NONE (no rule accepted) beats the platform's UNKNOWN").isEqualTo(Level.NONE);
        assertThat(none.packId()).isEqualTo("acme");
        assertThat(none.deciders()).isEmpty();
    }

    @Test
    void thePlatformPacksVerdictIsCachedOnWhatItReads() {
        // The vendor pack reads no host fact, the platform pack only QEMU: kernels apart, one
        // entry each; another QEMU, a new entry for the platform pack only.
        DeviceProfile s = TestPacks.mdev("acme-cache", "1").toBuilder().host(HostSoftware.of("6.1", "8.2.2", null, null, null)).build();
        DeviceProfile t1 = s.toBuilder().host(HostSoftware.of("6.2", "8.2.2", null, null, null)).build();
        DeviceProfile t2 = s.toBuilder().host(HostSoftware.of("6.3", "8.2.2", null, null, null)).build();
        DeviceProfile t3 = s.toBuilder().host(HostSoftware.of("6.3", "8.0.0", null, null, null)).build();
        CacheStats before = engine.cacheStats();
        engine.check(s, t1);
        engine.check(s, t2);
        Verdict old = engine.check(s, t3);
        CacheStats after = engine.cacheStats();
        assertThat(old.level()).isEqualTo(Level.NONE);
        assertThat(after.misses() - before.misses()).as("vendor once, platform for 8.2.2 and for 8.0.0").isEqualTo(3);
        assertThat(after.hits() - before.hits()).isEqualTo(3);
    }

    @Test
    void theBatchGroupsByWhatOwnerAndPlatformPackRead() {
        List<FleetDevice> devices = new ArrayList<>();
        devices.add(new FleetDevice("h0", "src", acme("8.2.2"), "p", "vm1"));
        String[] qemus = {"8.2.2", "8.2.2", "9.0.0", "8.0.5"};
        for (int i = 0; i < qemus.length; i++) {
            devices.add(new FleetDevice("h" + (i + 1), "free", acme(qemus[i]), "p", ""));
        }
        List<SourceResult> results = new ArrayList<>();
        BatchSummary summary = engine.batch(Fleet.of("platform", List.of(), devices, List.of()), 10, results::add);
        assertThat(summary.distinctPairsEvaluated()).as("three QEMU versions").isEqualTo(3);
        assertThat(results.get(0).top()).extracting(t -> t.candidate().host()).containsExactly("h1", "h2", "h3");
    }

    @Test
    void aPlatformPackJudgesOnlyTheKindsItClaims(@TempDir Path dir) throws Exception {
        TestPacks.sameTypeLive(dir, "acme", "acme-", 90);
        platformPack(dir, "physonly", "{\"kinds\": [\"PHYS\"]}", "\"host\"", """
                rule "refuse"
                when
                    Source( hostKernel != "" )
                then
                    insert(Finding.none(Limit.PLATFORM, "refused"));
                end
                """);
        try (CompatibilityEngine e = CompatibilityEngine.builder().packs(dir).enablePlatformPacks(List.of("physonly")).build()) {
            DeviceProfile mdev = acme("8.2.2");
            DeviceProfile phys = DeviceProfile.builder(DeviceKind.PHYS).deviceApi("vfio-pci").migrationType("acme-p")
                    .migrationVersion("1").host(mdev.getHost()).build();
            assertThat(e.check(mdev, mdev).level()).isEqualTo(Level.LIVE);
            assertThat(e.check(phys, phys).level()).isEqualTo(Level.NONE);
            assertThat(e.packs()).filteredOn(PackInfo::platform).singleElement().satisfies(p -> {
                assertThat(p.platformScope()).contains("every PHYS pair");
                assertThat(p.platformEnabled()).isTrue();
            });
        }
    }

    @Test
    void notEnabledItIsListedAndJudgesNothing() throws Exception {
        try (CompatibilityEngine e = CompatibilityEngine.builder().packs(root.resolve("vendors"), root.resolve("platform")).build()) {
            Verdict v = e.check(acme("8.2.2"), acme("6.2.0"));
            assertThat(v.level()).isEqualTo(Level.LIVE);
            assertThat(v.deciders()).isEmpty();
            assertThat(e.packs()).filteredOn(PackInfo::platform).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("gate");
                assertThat(p.platformEnabled()).isFalse();
                assertThat(p.namespaces()).isEmpty();
            });
        }
    }

    @Test
    void enablingAnIdThatIsNoPlatformPackFails() {
        assertThatThrownBy(() -> CompatibilityEngine.builder().packs(root.resolve("vendors"))
                .enablePlatformPacks(List.of("acme")).build())
                .isInstanceOf(InvalidPackException.class)
                .satisfies(e -> assertThat(((InvalidPackException) e).problems()).singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ProblemCodes.PACK_PLATFORM_UNKNOWN);
                    assertThat(p.message()).isEqualTo("platform pack 'acme' is to be enabled, but no platform pack of that id"
                            + " is loaded (platform packs loaded: none)");
                }));
    }

    @Test
    void aPlatformManifestOwnsNothingAndIsWrittenForOneDotTwo(@TempDir Path dir) throws IOException {
        Path pack = TestPacks.write(dir, "bad", List.of("bad-"), List.of("x-y"), TestPacks.drl("bad", """
                rule "r"
                when
                    Source( )
                then
                end
                """));
        TestPacks.withManifestFields(pack, "\"platform\": {\"kinds\": [\"PHYS\", \"PHYS\"]}");
        assertThat(TestPacks.problemsLoading(pack)).extracting(p -> p.location().where() + " " + p.message()).containsExactly(
                "/namespaces a platform pack owns no namespace (it judges the pairs their owning pack is routed): use \"namespaces\": []",
                "/acceptsTargetsFrom a platform pack judges every pair in its scope; acceptsTargetsFrom has no meaning for it",
                "/rulesApi a platform pack is written for rules API 1.2 or later: state \"rulesApi\": \"1.2\"",
                "/platform/kinds/1 PHYS is listed twice");
    }

    @Test
    void aFailingPlatformPackMakesItsPairsUnknownNeverAnUncheckedLive(@TempDir Path dir) throws Exception {
        TestPacks.sameTypeLive(dir, "acme", "acme-", 90);
        platformPack(dir, "thrower", "{}", "\"host\"", """
                rule "throw"
                when
                    Source( hostKernel != "" )
                then
                    throw new IllegalStateException("broken platform pack");
                end
                """);
        try (CompatibilityEngine e = CompatibilityEngine.builder().packs(dir).enablePlatformPacks(List.of("thrower"))
                .quarantineAfter(2).build()) {
            DeviceProfile p = acme("8.2.2");
            Verdict v = e.check(p, p);
            assertThat(v.level()).isEqualTo(Level.UNKNOWN);
            assertThat(v.packId()).isEqualTo("thrower");
            assertThat(v.reason()).startsWith("Thrower: pack failed");
            DeviceProfile bare = TestPacks.mdev("acme-a", "1");
            assertThat(e.check(bare, bare).level()).as("pairs it has no rule for are the owner's").isEqualTo(Level.LIVE);
        }
    }

    @Test
    void signedPlatformPacksNeedAKeyTrustedForThePlatform(@TempDir Path dir) throws IOException {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        PackSigning.keygen(keys, "vendor", List.of("acme-"));
        PackSigning.keygen(keys, "platform", List.of("platform:"));
        Path pack = platformPack(dir.resolve("packs"), "signed", "{}", "\"host\"", """
                rule "r"
                when
                    Source( hostKernel == "x" )
                then
                    insert(Finding.none(Limit.PLATFORM, "x"));
                end
                """);
        PackSigning.sign(pack, keys.resolve("vendor.key"));
        List<Problem> problems = new ArrayList<>();
        try {
            CompatibilityEngine.builder().packs(pack).trustStore(keys.resolve("vendor.trust.json")).build().close();
        } catch (InvalidPackException e) {
            problems.addAll(e.problems());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCodes.TRUST_PLATFORM_NOT_ALLOWED);
            assertThat(p.location().where()).isEqualTo("/platform");
        });
        PackSigning.sign(pack, keys.resolve("platform.key"));
        try (CompatibilityEngine e = CompatibilityEngine.builder().packs(pack).trustStore(keys.resolve("platform.trust.json"))
                .requireSignatures(true).build()) {
            assertThat(e.packs()).singleElement().satisfies(p -> assertThat(p.signature().describe()).contains("platform"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void linuxQemuChangesNothingForInventoriesWithoutHostFacts() throws Exception {
        try (CompatibilityEngine enabled = CompatibilityEngine.builder().packs(ReferencePacks.DIR)
                .enablePlatformPacks(List.of("linux-qemu")).build()) {
            for (String example : List.of("fleet.json", "mixed-fleet.json")) {
                Fleet fleet = Fleet.load(ReferencePacks.locate("examples").resolve(example));
                List<String> plain = new ArrayList<>();
                List<String> withPlatform = new ArrayList<>();
                BatchSummary a = ReferencePacks.engine().batch(fleet, 5, r -> plain.add(describe(r)));
                BatchSummary b = enabled.batch(fleet, 5, r -> withPlatform.add(describe(r)));
                assertThat(withPlatform).as(example).isEqualTo(plain);
                assertThat(b.distinctPairsEvaluated()).as(example).isEqualTo(a.distinctPairsEvaluated());
            }
        }
    }

    @Test
    void linuxQemuTurnsLiveIntoColdWhereTheHostSoftwareCannotMigrateLiveAndLeavesTheRest() throws Exception {
        Path file = ReferencePacks.locate("examples").resolve("fleet.json");
        ObjectMapper json = new ObjectMapper();
        JsonNode inventory = json.readTree(file.toFile());
        for (JsonNode host : inventory.get("hosts")) {
            // One host on an Ubuntu 22.04 stack, the others on a current one.
            boolean old = host.get("name").asText().equals("host-b");
            ((ObjectNode) host).putObject("software").put("kernel", old ? "5.15.0-126-generic" : "6.8.0-45-generic")
                    .put("qemu", old ? "6.2.0" : "8.2.2").put("libvirt", old ? "8.0.0" : "10.0.0");
        }
        Fleet fleet = Fleet.read(new ByteArrayInputStream(json.writeValueAsBytes(inventory)), "fleet-with-software.json");
        int live = 0;
        int madeCold = 0;
        try (CompatibilityEngine enabled = CompatibilityEngine.builder().packs(ReferencePacks.DIR)
                .enablePlatformPacks(List.of("linux-qemu")).build()) {
            for (FleetDevice source : fleet.assigned()) {
                for (Candidate target : fleet.candidatesElsewhere(source.host())) {
                    Verdict plain = ReferencePacks.engine().check(source.profile(), target);
                    Verdict judged = enabled.check(source.profile(), target);
                    boolean oldSide = source.host().equals("host-b") || target.host().equals("host-b");
                    if (plain.level() == Level.LIVE && oldSide) {
                        madeCold++;
                        assertThat(judged.level()).isEqualTo(Level.COLD);
                        assertThat(judged.limit()).contains(Limit.PLATFORM);
                        assertThat(judged.reason()).contains("predates VFIO migration protocol v2");
                        assertThat(judged.deciders()).extracting(Verdict.Decider::packId).containsExactly("linux-qemu");
                    } else if (plain.level() == Level.LIVE) {
                        live++;
                        assertThat(judged.level()).isEqualTo(Level.LIVE);
                        assertThat(judged.score()).isEqualTo(plain.score());
                        assertThat(judged.reason()).isEqualTo(plain.reason()
                                + "; Linux/QEMU: VFIO devices migrate by pre-copy only: QEMU refuses postcopy while a VFIO device is attached");
                    } else {
                        assertThat(judged.level()).as("a cold, refused or unknown pair stays so").isEqualTo(plain.level());
                        assertThat(judged.limit()).isEqualTo(plain.limit());
                    }
                }
            }
        }
        assertThat(live).isPositive();
        assertThat(madeCold).isPositive();
    }

    private static String describe(SourceResult r) {
        StringBuilder s = new StringBuilder(r.source().ref()).append(" ").append(r.compatible());
        r.top().forEach(t -> s.append(" | ").append(t.candidate().ref()).append(" ").append(t.verdict()));
        return s.toString();
    }
}
