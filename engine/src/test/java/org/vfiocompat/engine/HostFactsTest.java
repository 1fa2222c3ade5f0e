package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.HostSoftware;
import org.vfiocompat.rules.Level;

/**
 * Rules API 1.2: host software facts reach a pack only when its manifest reads them, and only
 * what a pack reads makes two profiles different for it — in the cache, in ranking and in the
 * batch — so a pack that reads no host fact costs exactly what it cost before host facts existed.
 */
class HostFactsTest {

    @TempDir
    static Path root;

    static CompatibilityEngine engine;

    @BeforeAll
    static void loadPacks() throws IOException {
        // Reads the kernel only: QEMU and the OS never reach it.
        Path kernel = TestPacks.write(root, "kernelpack", List.of("kern-"), List.of(), TestPacks.drl("kernelpack", """
                rule "same kernel"
                when
                    Source( $k : hostKernel, hostKernel != "", hostQemu == "" )
                    Target( hostKernel == $k )
                then
                    insert(Finding.live(100, "same kernel " + $k));
                end

                rule "other kernel"
                when
                    Source( $k : hostKernel )
                    Target( hostKernel != $k, $t : hostKernel )
                then
                    insert(Finding.cold(Limit.PLATFORM, 10, "kernel " + $k + " to " + $t));
                end

                rule "no kernel known"
                when
                    Source( hostKernel == "" )
                then
                    insert(Finding.unknown(Limit.PLATFORM, "no kernel known"));
                end
                """));
        TargetKindTest.statesRulesApi(kernel, "1.2");
        TestPacks.withManifestFields(kernel, "\"reads\": [\"host.kernel\"]");
        // Reads nothing beyond the always-seen parts, and sees host facts as "".
        Path blind = TestPacks.write(root, "blindpack", List.of("blind-"), List.of(), TestPacks.drl("blindpack", """
                rule "same type, host unseen"
                when
                    Source( $t : migrationType, hostKernel == "", hostQemu == "", hostLibvirt == "", hostOsId == "", hostOsVersion == "" )
                    Target( migrationType == $t, hostKernel == "", existing )
                then
                    insert(Finding.live(50, "same type " + $t));
                end
                """));
        TargetKindTest.statesRulesApi(blind, "1.2");
        TestPacks.withManifestFields(blind, "\"reads\": []");
        engine = CompatibilityEngine.builder().packs(root).build();
    }

    @AfterAll
    static void close() throws Exception {
        engine.close();
    }

    private static DeviceProfile on(String type, HostSoftware host) {
        return TestPacks.mdev(type, "1").toBuilder().host(host).build();
    }

    private static HostSoftware kernel(String k) {
        return HostSoftware.of(k, null, null, null, null);
    }

    @Test
    void aPackReadingTheKernelJudgesByIt() {
        HostSoftware a = HostSoftware.of("6.8.0-45-generic", "8.2.2", "10.0.0", "ubuntu", "24.04");
        HostSoftware b = HostSoftware.of("6.8.0-45-generic", "9.0.0", "10.5.0", "rhel", "9.4");
        HostSoftware c = HostSoftware.of("5.15.0-1-generic", "8.2.2", "10.0.0", "ubuntu", "24.04");

        Verdict same = engine.check(on("kern-a", a), on("kern-a", b));
        Verdict other = engine.check(on("kern-a", a), on("kern-a", c));
        Verdict unknown = engine.check(on("kern-a", HostSoftware.NONE), on("kern-a", c));

        // QEMU differs between a and b, but the pack does not read it: it saw "" (the rule's
        // hostQemu == "" holds) and the kernels alone decided.
        assertThat(same.level()).isEqualTo(Level.LIVE);
        assertThat(same.reason()).isEqualTo("Kernelpack: same kernel 6.8.0-45-generic");
        assertThat(other.level()).isEqualTo(Level.COLD);
        assertThat(other.limit()).contains(org.vfiocompat.rules.Limit.PLATFORM);
        assertThat(unknown.level()).as("UNKNOWN from a finding, less severe than nothing else here").isEqualTo(Level.UNKNOWN);
        assertThat(unknown.rules()).containsExactly("no kernel known");
    }

    @Test
    void onlyTheFactsAPackReadsSplitItsCacheEntries() {
        DeviceProfile s = on("kern-cache", kernel("6.1.0"));
        CacheStats before = engine.cacheStats();
        engine.check(s, on("kern-cache", HostSoftware.of("6.1.0", "8.1.0", null, null, null)));
        engine.check(s, on("kern-cache", HostSoftware.of("6.1.0", "9.2.0", "10.0.0", "debian", "12")));
        engine.check(s, on("kern-cache", kernel("6.2.0")));
        CacheStats after = engine.cacheStats();
        assertThat(after.misses() - before.misses()).as("one entry per kernel, whatever the rest").isEqualTo(2);
        assertThat(after.hits() - before.hits()).isEqualTo(1);
    }

    @Test
    void aPackReadingNoHostFactGetsOneEntryForEveryHost() {
        CacheStats before = engine.cacheStats();
        Verdict none = engine.check(on("blind-x", HostSoftware.NONE), on("blind-x", HostSoftware.NONE));
        Verdict some = engine.check(on("blind-x", kernel("6.8.0")), on("blind-x", HostSoftware.of("5.4", "7.0", "6.0", "centos", "7")));
        CacheStats after = engine.cacheStats();
        assertThat(some).isEqualTo(none);
        assertThat(none.level()).isEqualTo(Level.LIVE);
        assertThat(after.misses() - before.misses()).isEqualTo(1);
        assertThat(after.hits() - before.hits()).isEqualTo(1);
    }

    @Test
    void aPackThatDoesNotReadTheKindSeesEveryTargetAsExistingAndJudgesBothOnce() {
        DeviceProfile p = on("blind-kind", HostSoftware.NONE);
        CacheStats before = engine.cacheStats();
        Verdict existing = engine.check(p, p, CandidateKind.EXISTING);
        Verdict creatable = engine.check(p, p, CandidateKind.CREATABLE);
        CacheStats after = engine.cacheStats();
        assertThat(creatable).isEqualTo(existing);
        assertThat(existing.level()).as("the rule asks for an existing target").isEqualTo(Level.LIVE);
        assertThat(after.misses() - before.misses()).isEqualTo(1);
    }

    @Test
    void theBatchGroupsByWhatThePacksReadOfTheHost() {
        // Four free targets on hosts whose software differs; the kernel pack tells two kernels
        // apart, the blind pack none: 2 + 1 distinct pairs, whatever the number of hosts.
        List<FleetDevice> devices = new ArrayList<>();
        devices.add(new FleetDevice("h0", "k-src", on("kern-b", kernel("6.8.0")), "p", "vm1"));
        devices.add(new FleetDevice("h0", "b-src", on("blind-b", kernel("6.8.0")), "p", "vm2"));
        String[][] hosts = {{"h1", "6.8.0", "8.2"}, {"h2", "6.8.0", "9.0"}, {"h3", "5.15.0", "8.2"}, {"h4", "5.15.0", "9.0"}};
        for (String[] h : hosts) {
            HostSoftware sw = HostSoftware.of(h[1], h[2], null, null, null);
            devices.add(new FleetDevice(h[0], "k-free", on("kern-b", sw), "p", ""));
            devices.add(new FleetDevice(h[0], "b-free", on("blind-b", sw), "p", ""));
        }
        List<SourceResult> results = new ArrayList<>();
        BatchSummary summary = engine.batch(Fleet.of("hosts", List.of(), devices, List.of()), 10, results::add);

        assertThat(summary.distinctPairsEvaluated()).isEqualTo(3);
        SourceResult k = results.stream().filter(r -> r.source().id().equals("k-src")).findFirst().orElseThrow();
        assertThat(k.top()).extracting(t -> t.candidate().host() + " " + t.verdict().level())
                .containsExactly("h1 LIVE", "h2 LIVE", "h3 COLD", "h4 COLD");
        SourceResult b = results.stream().filter(r -> r.source().id().equals("b-src")).findFirst().orElseThrow();
        assertThat(b.top()).extracting(t -> t.verdict().level()).containsOnly(Level.LIVE).hasSize(4);
    }

    @Test
    void hostFactsInTheExampleFleetChangeNothingForPacksThatDoNotReadThem() throws IOException {
        Path file = ReferencePacks.locate("examples").resolve("fleet.json");
        ObjectMapper json = new ObjectMapper();
        JsonNode inventory = json.readTree(file.toFile());
        int i = 0;
        for (JsonNode host : inventory.get("hosts")) {
            // Every host different, so that any pack seeing the facts would split every group.
            ((ObjectNode) host).putObject("software").put("kernel", "6." + i + ".0").put("qemu", "8." + i + ".0")
                    .put("libvirt", "10." + i + ".0").put("osId", "ubuntu").put("osVersion", "24." + i++);
        }
        Fleet plain = Fleet.load(file);
        Fleet withFacts = Fleet.read(new ByteArrayInputStream(json.writeValueAsBytes(inventory)), "fleet-with-software.json");
        CompatibilityEngine reference = ReferencePacks.engine();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        BatchSummary sa = reference.batch(plain, 3, r -> a.add(describe(r)));
        BatchSummary sb = reference.batch(withFacts, 3, r -> b.add(describe(r)));
        assertThat(b).isEqualTo(a);
        assertThat(sb.distinctPairsEvaluated()).isEqualTo(sa.distinctPairsEvaluated());
        assertThat(Files.readString(file)).doesNotContain("\"software\"");
    }

    @Test
    void hostFactsAndTheKindAreReadSinceRulesApiOneDotTwoOnly(@TempDir Path dir) throws IOException {
        Path pack = TestPacks.sameTypeLive(dir, "oldpack", "old-", 1);
        TargetKindTest.statesRulesApi(pack, "1.1");
        TestPacks.withManifestFields(pack, "\"reads\": [\"attributes\", \"host.qemu\", \"creatable\", \"host.uptime\"]");
        List<Problem> problems = TestPacks.problemsLoading(pack);
        assertThat(problems).extracting(p -> p.location().where() + " " + p.message()).containsExactly(
                "/reads/1 'host.qemu' is part of rules API 1.2; state \"rulesApi\": \"1.2\" to read it",
                "/reads/2 'creatable' is part of rules API 1.2; state \"rulesApi\": \"1.2\" to read it",
                "/reads/3 'host.uptime' is not a profile part: use parentModel, attributes, attributes.KEY (a key of at"
                        + " most 64 characters), host, host.FACT (FACT one of kernel, qemu, libvirt, osId, osVersion) or creatable");
    }

    @Test
    void aPackReadsTheKindWhenItSaysSoOrWasWrittenForOneDotOne(@TempDir Path dir) throws Exception {
        String rules = """
                rule "existing"
                when
                    Target( existing )
                then
                    insert(Finding.live(100, "existing"));
                end

                rule "creatable"
                when
                    Target( creatable )
                then
                    insert(Finding.live(60, "creatable"));
                end
                """;
        Path reads = TestPacks.write(dir, "readskind", List.of("rk-"), List.of(), TestPacks.drl("readskind", rules));
        TargetKindTest.statesRulesApi(reads, "1.2");
        TestPacks.withManifestFields(reads, "\"reads\": [\"creatable\"]");
        Path older = TestPacks.write(dir, "olderkind", List.of("ok-"), List.of(), TestPacks.drl("olderkind", rules));
        TargetKindTest.statesRulesApi(older, "1.1");
        TestPacks.withManifestFields(older, "\"reads\": []");
        Path unread = TestPacks.write(dir, "unreadkind", List.of("uk-"), List.of(), TestPacks.drl("unreadkind", rules));
        TargetKindTest.statesRulesApi(unread, "1.2");
        TestPacks.withManifestFields(unread, "\"reads\": []");
        try (CompatibilityEngine e = CompatibilityEngine.builder().packs(dir).build()) {
            for (String type : List.of("rk-a", "ok-a")) {
                DeviceProfile p = TestPacks.mdev(type, "1");
                assertThat(e.check(p, p, CandidateKind.CREATABLE).score()).as(type).isEqualTo(60);
                assertThat(e.check(p, p, CandidateKind.EXISTING).score()).as(type).isEqualTo(100);
            }
            DeviceProfile p = TestPacks.mdev("uk-a", "1");
            assertThat(e.check(p, p, CandidateKind.CREATABLE).score()).as("unread: existing").isEqualTo(100);
        }
    }

    private static String describe(SourceResult r) {
        StringBuilder s = new StringBuilder(r.source().ref()).append(" ").append(r.compatible());
        r.top().forEach(t -> s.append(" | ").append(t.candidate().ref()).append(" ").append(t.verdict()));
        return s.toString();
    }
}
