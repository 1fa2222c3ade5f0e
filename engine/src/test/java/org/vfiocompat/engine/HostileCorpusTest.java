package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.engine.json.ProfileJson;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;

/**
 * Attacks the pack sandbox with the hostile packs of {@code src/test/resources/hostile/} (see the
 * README there): one dynamic test per pack, which either must be refused at load time by the
 * named layer, or must load and be contained at run time. A pack whose {@code expect.json} has
 * a {@code knownGap} is an attack the sandbox does not stop yet: its test is skipped with the
 * explanation, and its expectation is the outcome the engine should have.
 */
class HostileCorpusTest {

    /** The groups every corpus must cover with at least one case. */
    static final List<String> REQUIRED_GROUPS = List.of(
            "process", "reflection", "classloading", "threads", "io", "drools-runtime", "loops", "recursion",
            "reactivation", "inserts", "memory", "regex", "literals", "namespaces", "drl-features",
            "api-tampering", "manifest", "tables", "load-time", "state");

    static final int MIN_CASES = 45;

    /** Quarantine threshold the contained cases run with; {@code quarantinedAfter} counts against it. */
    static final int QUARANTINE_AFTER = 3;

    /** Evaluations of a contained case's pair when its expectation names no quarantine. */
    static final int EVALUATIONS_WITHOUT_QUARANTINE = 3;

    /** A pair intel-gvtg judges LIVE: the other pack's verdicts must not change while a hostile pack runs. */
    static final DeviceProfile GVTG_V5_4 = DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci")
            .migrationType("i915-GVTg_V5_4").migrationVersion("8086-3e92-i915-GVTg_V5_4-2.1.0")
            .attributes(Map.of("low_gm_size", "128MB", "high_gm_size", "512MB", "fence", "4",
                    "resolution", "1920x1200", "weight", "4"))
            .parentModel("Intel UHD Graphics 630 (8086:3e92)").build();

    /** The contents of one {@code expect.json}; the README defines every field. */
    record Expect(
            @JsonProperty(value = "description", required = true) String description,
            @JsonProperty(value = "outcome", required = true) String outcome,
            @JsonProperty("layer") String layer,
            @JsonProperty("messageContains") String messageContains,
            @JsonProperty("file") String file,
            @JsonProperty("location") String location,
            @JsonProperty("loadWith") List<String> loadWith,
            @JsonProperty("canaryFile") String canaryFile,
            @JsonProperty("source") ProfileJson source,
            @JsonProperty("target") ProfileJson target,
            @JsonProperty("level") Level level,
            @JsonProperty("reasonContains") String reasonContains,
            @JsonProperty("quarantinedAfter") Integer quarantinedAfter,
            @JsonProperty("knownGap") String knownGap) {

        Expect {
            loadWith = loadWith == null ? List.of() : List.copyOf(loadWith);
        }
    }

    /** One pack folder of the corpus and what it expects. */
    record Case(String group, String name, Path dir, Expect expect) {

        @Override
        public String toString() {
            return group + "/" + name;
        }
    }

    /** {@code -Dhostile.only=REGEX}: run only the cases whose {@code group/name} matches. */
    static final String ONLY_PROPERTY = "hostile.only";
    /** {@code -Dhostile.runGaps=true}: run the known gaps too, each abandoned after {@link #GAP_TIMEOUT_MILLIS}. */
    static final String RUN_GAPS_PROPERTY = "hostile.runGaps";
    static final long GAP_TIMEOUT_MILLIS = 60_000;

    private static final String[] LAYERS = {"manifest", "namespaces", "drl", "compile", "bytecode", "termination", "tables",
        "kiebase"};

    // ------------------------------------------------------------------ the corpus

    static Path corpusRoot() {
        URL url = HostileCorpusTest.class.getResource("/hostile");
        if (url == null) {
            throw new IllegalStateException("the hostile corpus is not on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> corpus() {
        Path root = corpusRoot();
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> groups = Files.list(root)) {
            for (Path group : groups.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> dirs = Files.list(group)) {
                    for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                        Path file = dir.resolve("expect.json");
                        Expect expect = JsonInput.read(file, root.relativize(file).toString(), Expect.class,
                                problems -> new IllegalStateException("bad expect.json: " + problems));
                        cases.add(new Case(group.getFileName().toString(), dir.getFileName().toString(), dir, expect));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    @Test
    void theCorpusCoversEveryGroupWithEnoughWellFormedCases() throws IOException {
        List<Case> cases = corpus();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(MIN_CASES);
        Map<String, Long> perGroup = cases.stream().collect(Collectors.groupingBy(Case::group, TreeMap::new,
                Collectors.counting()));
        assertThat(perGroup.keySet()).containsAll(REQUIRED_GROUPS);

        ObjectMapper lenient = new ObjectMapper();
        Map<String, String> idOwners = new HashMap<>();
        for (Case c : cases) {
            assertThat(c.dir().resolve("pack.json")).as("%s has a manifest", c).isRegularFile();
            try (Stream<Path> drl = Files.list(c.dir().resolve("rules"))) {
                assertThat(drl.filter(p -> p.toString().endsWith(".drl"))).as("%s has rules/*.drl", c).isNotEmpty();
            }
            // Read leniently: some manifests are broken on purpose, but each still names an id.
            JsonNode manifest = lenient.readTree(c.dir().resolve("pack.json").toFile());
            String id = manifest.path("id").asText("");
            assertThat(id).as("%s names a pack id", c).isNotEmpty();
            assertThat(idOwners.put(id, c.toString())).as("pack id %s of %s is used twice", id, c).isNull();
            checkWellFormed(c);
        }
    }

    private static void checkWellFormed(Case c) {
        Expect e = c.expect();
        assertThat(e.description()).as("%s describes its attack", c).isNotBlank();
        assertThat(e.knownGap() == null || !e.knownGap().isBlank()).as("%s: knownGap explains the gap", c).isTrue();
        switch (e.outcome()) {
            case "refused" -> {
                assertThat(e.layer()).as("%s: layer", c).isIn((Object[]) LAYERS);
                assertThat(e.messageContains()).as("%s: messageContains", c).isNotBlank();
                assertThat(e.source()).as("%s: a refused case has no pair", c).isNull();
                // Every case runs beside intel-gvtg (see Shared); loadWith only documents that a case needs it.
                assertThat(e.loadWith()).as("%s: loadWith names intel-gvtg only", c).allSatisfy(p -> assertThat(p).isEqualTo("intel-gvtg"));
            }
            case "contained" -> {
                assertThat(e.source()).as("%s: source", c).isNotNull();
                assertThat(e.target()).as("%s: target", c).isNotNull();
                assertThat(e.source().check("expect.json", "/source")).as("%s: source profile", c).isEmpty();
                assertThat(e.target().check("expect.json", "/target")).as("%s: target profile", c).isEmpty();
                assertThat(e.level()).as("%s: level", c).isNotNull();
                assertThat(e.reasonContains()).as("%s: reasonContains", c).isNotBlank();
                assertThat(e.layer()).as("%s: a contained case names no layer", c).isNull();
                assertThat(e.quarantinedAfter() == null || e.quarantinedAfter() >= 1).as("%s: quarantinedAfter", c).isTrue();
            }
            default -> throw new AssertionError(c + ": outcome must be 'refused' or 'contained', not " + e.outcome());
        }
    }

    // ------------------------------------------------------------------ one test per case

    @TestFactory
    Stream<DynamicNode> everyHostilePackIsRefusedOrContained() {
        Map<String, List<Case>> byGroup = corpus().stream().collect(Collectors.groupingBy(Case::group, TreeMap::new,
                Collectors.toList()));
        return byGroup.entrySet().stream().map(g -> DynamicContainer.dynamicContainer(g.getKey(),
                g.getValue().stream().map(c -> DynamicTest.dynamicTest(c.name() + " (" + c.expect().outcome() + ")",
                        c.dir().toUri(), () -> run(c)))));
    }

    private static void run(Case c) throws Exception {
        Expect e = c.expect();
        String only = System.getProperty(ONLY_PROPERTY, "");
        Assumptions.assumeTrue(only.isEmpty() || c.toString().matches(only), () -> "not selected by " + ONLY_PROPERTY);
        if (e.knownGap() == null) {
            check(c);
            return;
        }
        // A known gap is an attack that loads and runs (or crashes or hangs the JVM): skipped,
        // unless asked for, and then run on a daemon thread that may be abandoned.
        Assumptions.assumeTrue(Boolean.getBoolean(RUN_GAPS_PROPERTY), () -> "known gap in the sandbox: " + e.knownGap());
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                check(c);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "hostile-" + c.name());
        worker.setDaemon(true);
        worker.start();
        worker.join(GAP_TIMEOUT_MILLIS);
        if (worker.isAlive()) {
            throw new AssertionError(c + " is still running after " + GAP_TIMEOUT_MILLIS + " ms (known gap: "
                    + e.knownGap() + ")");
        }
        Throwable f = failure[0];
        if (f instanceof AssertionError a) {
            throw a;
        }
        if (f instanceof Error err) {
            throw new AssertionError(c + " threw " + err + " (known gap: " + e.knownGap() + ")", err);
        }
        if (f instanceof Exception ex) {
            throw ex;
        }
    }

    private static void check(Case c) throws IOException {
        if (c.expect().outcome().equals("refused")) {
            refused(c);
        } else {
            contained(c);
        }
    }

    // ------------------------------------------------------------------ one engine for the whole corpus

    /**
     * The engine every case runs in, one for the whole corpus and built once: its pack folder
     * holds {@code intel-gvtg}, and each case is copied in beside it and the engine reloaded. A
     * hostile pack that left anything behind (static state, a timer thread, a poisoned session,
     * a dead watchdog) would show in the cases after it, and in intel-gvtg's vectors, which are
     * evaluated before and after every case in this same engine.
     */
    private static final class Shared {
        final Path folder;
        final CompatibilityEngine engine;
        final List<String> benignVectors;

        Shared() throws IOException {
            folder = Files.createTempDirectory("hostile-corpus-");
            copy(ReferencePacks.DIR.resolve("intel-gvtg"), folder.resolve("intel-gvtg"));
            // No verdict cache: every check below really runs intel-gvtg's rules again.
            engine = CompatibilityEngine.builder().packs(folder).quarantineAfter(QUARANTINE_AFTER).cacheSize(0).build();
            benignVectors = benignVectors(engine);
            assertThat(benignVectors).as("intel-gvtg has vectors and all pass").isNotEmpty()
                    .allSatisfy(v -> assertThat(v).startsWith("passed "));
        }

        /** Every intel-gvtg vector's name, outcome and answer, as the engine gives them now. */
        static List<String> benignVectors(CompatibilityEngine engine) {
            return PackTools.test(engine).vectors().stream().filter(v -> v.packId().equals("intel-gvtg"))
                    .map(v -> (v.passed() ? "passed " : "FAILED ") + v.name() + " -> " + v.actual()).toList();
        }

        /** Runs {@code body} with case {@code c} copied into the engine's folder, and removes it again. */
        void with(Case c, java.util.function.Function<ReloadResult, Void> body) throws IOException {
            assertThat(benignVectors(engine)).as("intel-gvtg's vectors before %s", c).isEqualTo(benignVectors);
            Path dir = folder.resolve("case-" + c.name());
            copy(c.dir(), dir);
            try {
                body.apply(engine.reload());
            } finally {
                delete(dir);
                ReloadResult back = engine.reload();
                assertThat(back.ok()).as("reload without %s: %s", c, back.problems()).isTrue();
            }
            assertThat(engine.packs()).as("after %s", c).extracting(PackInfo::id).containsExactly("intel-gvtg");
            assertThat(engine.packs().get(0).quarantined()).as("intel-gvtg after %s", c).isFalse();
            assertThat(benignVectors(engine)).as("intel-gvtg's vectors after %s", c).isEqualTo(benignVectors);
        }

        private static void copy(Path from, Path to) throws IOException {
            try (Stream<Path> all = Files.walk(from)) {
                for (Path p : all.sorted().toList()) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        }

        private static void delete(Path dir) throws IOException {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Shared shared;

    private static synchronized Shared shared() throws IOException {
        if (shared == null) {
            shared = new Shared();
        }
        return shared;
    }

    private static void refused(Case c) throws IOException {
        Expect e = c.expect();
        Path canary = e.canaryFile() == null ? null : Path.of(e.canaryFile());
        if (canary != null) {
            Files.writeString(canary, "the hostile corpus checks that this file survives\n");
        }
        try {
            Shared engine = shared();
            List<String> digests = engine.engine.lastReload().packDigests();
            engine.with(c, reload -> {
                // The case is refused alone: the reload takes the others (intel-gvtg, unchanged) and lists the case.
                assertThat(reload.ok()).as("%s: the reload goes on without it: %s", c, reload.problems()).isTrue();
                assertThat(reload.refused()).as("%s must be refused at load time", c).isNotEmpty();
                assertThat(reload.packDigests()).as("%s: only intel-gvtg, as before", c).isEqualTo(digests);
                // Files named as in the corpus (group/case/...), not as copied into the engine's folder.
                String copied = engine.folder.resolve("case-" + c.name()).toString();
                List<Problem> problems = reload.refused().stream().flatMap(r -> r.problems().stream()).map(p -> new Problem(p.code(),
                        p.location().file().equals(copied) || p.location().file().startsWith(copied + "/")
                                ? relocated(p.location(), c + p.location().file().substring(copied.length())) : p.location(),
                        p.message())).toList();
                assertThat(problems.stream().anyMatch(p -> matches(p, e)))
                        .as("%s: expected a %s problem containing '%s'%s%s; got:%n%s", c, e.layer(), e.messageContains(),
                                e.file() == null ? "" : " in a file ending " + e.file(),
                                e.location() == null ? "" : " at " + e.location(),
                                problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")))
                        .isTrue();
                return null;
            });
            if (canary != null) {
                assertThat(canary).as("%s must not have touched %s", c, canary).exists();
            }
        } finally {
            if (canary != null) {
                Files.deleteIfExists(canary);
            }
        }
    }

    /** {@code at}, in file {@code file}. */
    private static Location relocated(Location at, String file) {
        return new Location(file, at.part(), at.pointer(), at.line(), at.column());
    }

    static boolean matches(Problem p, Expect e) {
        return inLayer(p, e.layer())
                && p.message().contains(e.messageContains())
                && (e.file() == null || p.file().endsWith(e.file()))
                && (e.location() == null || locationMatches(p.location().where(), e.location()));
    }

    /** Exact, or a prefix that ends where the problem's location goes on with ':' or ' ' ("line 11" of "line 11:8"). */
    static boolean locationMatches(String actual, String expected) {
        return actual.equals(expected) || (actual.startsWith(expected) && !expected.isEmpty()
                && (actual.charAt(expected.length()) == ':' || actual.charAt(expected.length()) == ' '));
    }

    /** Which loading layer produced a problem, read from what the code really reports. */
    static boolean inLayer(Problem p, String layer) {
        String m = p.message();
        boolean compile = m.startsWith("DRL does not compile");
        boolean bytecode = m.startsWith("bytecode check:");
        boolean termination = m.startsWith("termination check:");
        boolean overlap = m.matches("(?s)namespace '.*' of pack \\S+ overlaps namespace '.*' of pack .*");
        boolean loadFailed = p.code().equals(ProblemCodes.PACK_LOAD_FAILED);
        boolean manifestFile = p.file().endsWith("pack.json") && !loadFailed;
        return switch (layer) {
            case "kiebase" -> loadFailed;
            case "manifest" -> manifestFile && !overlap;
            case "namespaces" -> manifestFile && overlap;
            case "drl" -> p.file().endsWith(".drl") && !compile && !bytecode && !termination;
            case "compile" -> compile;
            case "bytecode" -> bytecode;
            case "termination" -> termination;
            case "tables" -> p.file().endsWith(".csv") || p.file().endsWith(".json") && !manifestFile;
            default -> throw new AssertionError("unknown layer " + layer);
        };
    }

    private static void contained(Case c) throws IOException {
        Expect e = c.expect();
        Shared shared = shared();
        CompatibilityEngine engine = shared.engine;
        Verdict before = engine.check(GVTG_V5_4, GVTG_V5_4);
        assertThat(before.level()).as("intel-gvtg's verdict before %s runs", c).isEqualTo(Level.LIVE);
        shared.with(c, reload -> {
            assertThat(reload.ok()).as("%s loads: %s", c, reload.problems()).isTrue();
            String packId = engine.packs().stream().filter(info -> !info.id().equals("intel-gvtg"))
                    .map(PackInfo::id).findFirst().orElseThrow();
            DeviceProfile source = e.source().toProfile();
            DeviceProfile target = e.target().toProfile();
            int evaluations = e.quarantinedAfter() == null ? EVALUATIONS_WITHOUT_QUARANTINE : e.quarantinedAfter() + 1;
            for (int i = 1; i <= evaluations; i++) {
                Verdict v = engine.check(source, target);
                assertThat(v.level()).as("%s evaluation %d: %s", c, i, v).isEqualTo(e.level());
                assertThat(v.packId()).as("%s evaluation %d", c, i).isEqualTo(packId);
                assertThat(v.reason()).as("%s evaluation %d", c, i).contains(e.reasonContains());
                boolean quarantined = engine.packs().stream().filter(info -> info.id().equals(packId))
                        .findFirst().orElseThrow().quarantined();
                boolean expected = e.quarantinedAfter() != null && i >= e.quarantinedAfter();
                assertThat(quarantined).as("%s quarantined after %d evaluations", c, i).isEqualTo(expected);
                assertThat(engine.check(GVTG_V5_4, GVTG_V5_4)).as("intel-gvtg's verdict while %s runs", c).isEqualTo(before);
            }
            assertThat(Shared.benignVectors(engine)).as("intel-gvtg's vectors beside %s", c).isEqualTo(shared.benignVectors);
            return null;
        });
        assertThat(engine.check(GVTG_V5_4, GVTG_V5_4)).as("intel-gvtg's verdict after %s ran", c).isEqualTo(before);
    }
}
