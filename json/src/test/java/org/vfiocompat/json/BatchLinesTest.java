package org.vfiocompat.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.RankedTarget;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.HostSoftware;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * A source line, assembled from fragments, is the compact JSON of the source's tree (what
 * {@code --format json} lists, with {@code "type": "source"} first), byte for byte; the
 * candidate's kind and the profile's kind are two fields.
 */
class BatchLinesTest {

    /** Tests run in the module's folder; the repository root is its parent. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static DeviceProfile mdev(HostSoftware host) {
        return DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType("nvidia-558")
                .migrationVersion("2.1").parentModel("10de:1eb8").host(host).build();
    }

    /** The tree's compact form with "type" first: what the line must be. */
    private static String fromTree(BatchLines lines, SourceResult r) {
        ObjectNode n = JsonViews.object().put("type", "source");
        n.setAll(lines.sourceNode(r));
        return JsonViews.compact(n);
    }

    private static String line(BatchLines lines, SourceResult r) {
        StringWriter w = new StringWriter();
        lines.writeSourceLine(w, r);
        return w.toString();
    }

    @Test
    void aCandidatesKindAndItsProfilesKindAreTwoFields() {
        Candidate c = Candidate.creatable("h2", "0000:3b:00.0", mdev(HostSoftware.NONE), 3);

        ObjectNode n = JsonViews.candidate(c);

        assertThat(n.get("candidateKind").asText()).isEqualTo("create");
        assertThat(n.get("kind").asText()).isEqualTo("MDEV");
        assertThat(JsonViews.candidate(Candidate.existing("h2", "x", mdev(HostSoftware.NONE))).get("candidateKind").asText())
                .isEqualTo("existing");
    }

    @Test
    void aLineWithSoftwareAndDecidersIsTheTreesCompactForm() throws Exception {
        HostSoftware software = HostSoftware.of("6.8.0", "8.2.2", "", "ubuntu", "24.04");
        FleetDevice source = new FleetDevice("h1", "uuid-1", mdev(software), "0000:3b:00.0", "vm-7");
        Verdict.Decider platform = new Verdict.Decider("linux-qemu", "1.0", true, Level.COLD, Optional.of(Limit.PLATFORM), 40,
                "Linux/QEMU: \"quoted\" and \u00e9", List.of("qemu too old"));
        Verdict decided = new Verdict(Level.COLD, Optional.of(Limit.PLATFORM), 40, "two said", "nvidia", "2.0", List.of("r1"),
                List.of("r1", "r2"), "sha256:0", List.of(platform));
        Verdict live = new Verdict(Level.LIVE, Optional.empty(), 90, "same type", "nvidia", "2.0", List.of(), List.of(), "sha256:0");
        SourceResult r = new SourceResult(source, List.of(
                new RankedTarget(Candidate.creatable("h2", "0000:3b:00.0", mdev(HostSoftware.NONE), 3), live),
                new RankedTarget(Candidate.existing("h3", "uuid-3", mdev(software)), decided)), 2, 5);
        BatchLines lines = new BatchLines();

        String line = line(lines, r);

        assertThat(line).endsWith("\n").isEqualTo(fromTree(lines, r) + "\n");
        JsonNode parsed = JsonViews.MAPPER.readTree(line);
        assertThat(parsed.at("/targets/1/verdict/deciders/0/platform").asBoolean()).isTrue();
        assertThat(parsed.at("/source/software/osId").asText()).isEqualTo("ubuntu");
        assertThat(parsed.at("/targets/0/candidateKind").asText()).isEqualTo("create");
        assertThat(parsed.at("/targets/0/kind").asText()).isEqualTo("MDEV");
    }

    @Test
    void everyLineOfARealBatchIsTheTreesCompactForm() {
        List<String> mismatches = new ArrayList<>();
        int[] count = {0};
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(ROOT.resolve("vendor-packs")).build()) {
            BatchLines lines = new BatchLines();
            engine.batch(Fleet.load(ROOT.resolve("examples/mixed-fleet.json")), 3, r -> {
                count[0]++;
                String expected = fromTree(lines, r) + "\n";
                String actual = line(lines, r);
                if (!actual.equals(expected)) {
                    mismatches.add(actual + " != " + expected);
                }
            });
        }
        assertThat(count[0]).isGreaterThan(5);
        assertThat(mismatches).isEmpty();
    }

    /** Strings a JSON writer must escape or encode: quotes, backslashes, controls, DEL, accents, an emoji, a lone surrogate. */
    private static final List<String> AWKWARD = List.of("plain-0", "q\"uote", "back\\slash", "tab\tnew\nline", "nul\u0000bell\u0007",
            "del\u007f", "caf\u00e9", "\ud83d\ude80 rocket", "lone \ud800 high", "/slash/", "", "what?", "\u0141\u00f3d\u017a",
            "\u0122\u015c\u0100");

    @Test
    void theBytesOfALineAreItsCharactersInUtf8ForAwkwardStrings() {
        BatchLines lines = new BatchLines();
        for (String s : AWKWARD) {
            HostSoftware software = HostSoftware.of(s, "8.2.2", "", "ubuntu", s);
            DeviceProfile profile = DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType("t-" + s)
                    .migrationVersion(s).parentModel(s).host(software).build();
            FleetDevice source = new FleetDevice("h-" + s, "id-" + s, profile, "p", "vm-" + s);
            Verdict v = new Verdict(Level.LIVE, Optional.empty(), 90, "why " + s, "pack", "2.0", List.of(s), List.of(), "sha256:0");
            SourceResult r = new SourceResult(source, List.of(new RankedTarget(Candidate.existing("t-" + s, "x-" + s, profile), v)), 1, 1);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            lines.writeSourceLine(bytes, r);

            // As an OutputStreamWriter would have encoded the tree's characters (a lone surrogate becomes '?').
            byte[] expected = (fromTree(lines, r) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(bytes.toByteArray()).as(s).isEqualTo(expected);
            assertThat(line(lines, r)).as(s).isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void theFragmentCacheStaysBounded() {
        BatchLines lines = new BatchLines();
        DeviceProfile profile = mdev(HostSoftware.NONE);
        FleetDevice source = new FleetDevice("h1", "s", profile, "p", "vm");
        String longReason = "r".repeat(4096);
        java.io.OutputStream sink = java.io.OutputStream.nullOutputStream();
        long most = 0;
        for (int i = 0; i < 2 * BatchLines.MAX_CACHED_BYTES / 4096; i++) {
            Verdict v = new Verdict(Level.LIVE, Optional.empty(), 90, longReason, "pack", "2.0", List.of(), List.of(), "sha256:0");
            lines.writeSourceLine(sink, new SourceResult(source, List.of(new RankedTarget(Candidate.existing("h2", "d" + i, profile), v)), 1, 1));
            most = Math.max(most, lines.cachedBytes());
        }
        assertThat(most).isGreaterThan(BatchLines.MAX_CACHED_BYTES / 2).isLessThanOrEqualTo(BatchLines.MAX_CACHED_BYTES);
    }

    /** A top list the batch hands to many sources: its bytes cached at the second line, the same bytes every time. */
    @Test
    void aTopListSharedBySourcesIsCachedAtItsSecondLineAndWritesTheSameBytes() {
        BatchLines lines = new BatchLines();
        DeviceProfile profile = mdev(HostSoftware.NONE);
        Verdict live = new Verdict(Level.LIVE, Optional.empty(), 90, "same type", "nvidia", "2.0", List.of(), List.of(), "sha256:0");
        List<RankedTarget> shared = List.of(new RankedTarget(Candidate.existing("h8", "t1", profile), live),
                new RankedTarget(Candidate.existing("h9", "t2", profile), live));
        List<RankedTarget> other = List.of(new RankedTarget(Candidate.existing("h7", "t3", profile), live));
        java.io.OutputStream sink = java.io.OutputStream.nullOutputStream();
        long[] cached = new long[6];
        for (int i = 0; i < cached.length; i++) {
            // Alternating, so that a list is never mistaken for the one written just before.
            List<RankedTarget> top = i % 2 == 0 ? shared : other;
            SourceResult r = new SourceResult(new FleetDevice("h" + i, "s" + i, profile, "p", "vm-" + i), top, top.size(), 10 * i);
            assertThat(r.top()).isSameAs(top);
            assertThat(line(lines, r)).as("line %d", i).isEqualTo(fromTree(lines, r) + "\n");
            lines.writeSourceLine(sink, r);
            cached[i] = lines.cachedBytes();
        }
        // Line 0 caches its targets and profile; line 2, where the shared list is seen again
        // (line(...) and writeSourceLine both wrote each), caches the list; nothing new after.
        assertThat(cached[5]).isEqualTo(cached[3]);
        assertThat(cached[1]).isGreaterThan(cached[0]);
    }

    /** Counts and ranks are written as Integer.toString writes them, from 0 to the largest int. */
    @Test
    void countsAreWrittenAsTheTreeWritesThem() {
        BatchLines lines = new BatchLines();
        DeviceProfile profile = mdev(HostSoftware.NONE);
        Verdict live = new Verdict(Level.LIVE, Optional.empty(), 90, "same type", "nvidia", "2.0", List.of(), List.of(), "sha256:0");
        List<RankedTarget> twelve = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            twelve.add(new RankedTarget(Candidate.existing("h" + i, "t" + i, profile), live));
        }
        for (int n : new int[] {0, 1, 9, 10, 99, 100, 12345, 1_000_000_000, Integer.MAX_VALUE}) {
            SourceResult r = new SourceResult(new FleetDevice("h", "s", profile, "p", "vm"), twelve, n, n);
            assertThat(line(lines, r)).as("%d", n).isEqualTo(fromTree(lines, r) + "\n");
        }
    }

    /** The line made from fragments (the Spark job's) is the tree's head, the targets and the end in UTF-8, for awkward strings and any count. */
    @Test
    void theLineFromFragmentsIsTheTreesHeadThenTheTargets() {
        BatchLines lines = new BatchLines();
        for (String s : AWKWARD) {
            HostSoftware software = HostSoftware.of(s, "8.2.2", "", "ubuntu", s);
            DeviceProfile profile = DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType("t-" + s)
                    .migrationVersion(s).parentModel(s).host(software).build();
            FleetDevice source = new FleetDevice("h-" + s, "id-" + s, profile, "p", "vm-" + s);
            String targets = "{\"rank\":1,\"x\":\"" + s + "\"}";
            for (long n : new long[] {0, 1, 10, 407_324_439_801L, Long.MAX_VALUE}) {
                // As UTF-8, which is what a Spark string holds and writes: a lone surrogate is '?' in both.
                assertThat(lines.sourceLine(source, n, n / 2, targets.getBytes(java.nio.charset.StandardCharsets.UTF_8))).as("%s, %d", s, n)
                        .isEqualTo((BatchLines.sourceHead(source, n, n / 2) + targets + BatchLines.SOURCE_END)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }
}
