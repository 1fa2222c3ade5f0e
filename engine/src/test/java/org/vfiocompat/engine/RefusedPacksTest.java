package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.Level;

/**
 * Issue 13, class 7: "A pack that fails to load is refused with its reason; the others load; a
 * reload keeps the last good set." Each test puts a benign pack beside broken ones in one engine
 * and checks that the benign pack answers exactly as it does alone, that each broken pack is
 * listed with its problem code, and that its devices are UNKNOWN naming the refusal, never LIVE.
 */
class RefusedPacksTest {

    /** Compiled packs shared by the tests: intel-gvtg is built once, not once per engine. */
    @TempDir
    static Path packCache;

    @Test
    void theEngineStartsWithTheBenignPackBesidePacksThatThrowOrOverflowTheStackWhileLoading(@TempDir Path root) throws Exception {
        Path alone = root.resolve("alone");
        copy(ReferencePacks.DIR.resolve("intel-gvtg"), alone.resolve("intel-gvtg"));
        List<String> benign;
        try (CompatibilityEngine engine = builder().packs(alone).build()) {
            benign = vectors(engine);
        }
        Path mixed = root.resolve("mixed");
        copy(ReferencePacks.DIR.resolve("intel-gvtg"), mixed.resolve("intel-gvtg"));
        // A constant salience that would throw while the KieBase is built (was: no engine, exit 3;
        // now refused by the DRL check before the build, a salience being an integer literal) ...
        copy(hostile("load-time/throws-in-salience"), mixed.resolve("throws"));
        // ... one nested so deep that parsing it overflows the stack (was: uncaught StackOverflowError, exit 1) ...
        copy(hostile("load-time/stack-overflow-nesting"), mixed.resolve("overflows"));
        // ... and one whose manifest does not even read.
        Files.createDirectories(mixed.resolve("no-manifest"));
        Files.writeString(mixed.resolve("no-manifest/pack.json"), "{\"id\": ");

        try (CompatibilityEngine engine = builder().packs(mixed).build()) {
            // The engine starts: the broken packs are refused one by one, each with its reason.
            assertThat(engine.packs()).extracting(PackInfo::id).containsExactly("intel-gvtg");
            assertThat(engine.refusedPacks()).extracting(RefusedPack::id, RefusedPack::code).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("no-manifest", ProblemCodes.JSON_SYNTAX),
                    org.assertj.core.groups.Tuple.tuple("hx-stack-overflow-nesting", ProblemCodes.PACK_DRL_SYNTAX),
                    org.assertj.core.groups.Tuple.tuple("hx-throws-in-salience", ProblemCodes.PACK_DRL_REFUSED));
            RefusedPack throwing = engine.refusedPacks().get(2);
            assertThat(throwing.reason()).contains("hx-throws-in-salience/rules/main.drl").contains("salience must be an integer literal");
            assertThat(throwing.namespaces()).containsExactly("hx-throws-in-salience-");
            assertThat(engine.refusedPacks().get(0).namespaces()).as("nothing is taken from a manifest that does not read").isEmpty();

            assertThat(vectors(engine)).as("intel-gvtg's vectors beside the broken packs").isEqualTo(benign);
            Verdict v = engine.check(TestPacks.mdev("hx-throws-in-salience-a", "1"), TestPacks.mdev("hx-throws-in-salience-a", "1"));
            assertThat(v.level()).isEqualTo(Level.UNKNOWN);
            assertThat(v.reason()).startsWith("vfio-compat: pack hx-throws-in-salience, which claims namespace hx-throws-in-salience-,"
                    + " was refused at load (pack.drl.refused): ").contains("salience must be an integer literal");
            assertThat(engine.check(TestPacks.mdev("nobody-x", "1"), TestPacks.mdev("nobody-x", "1")).reason())
                    .isEqualTo("vfio-compat: no pack owns migration type nobody-x");

            EngineStatus status = engine.status();
            assertThat(status.refusedPacks()).isEqualTo(engine.refusedPacks());
            assertThat(status.lastReload().ok()).isTrue();
            assertThat(status.lastReload().refused()).isEqualTo(engine.refusedPacks());
        }
    }

    @Test
    void anErrorThatEscapesWhileAPackIsReadRefusesThatPackOnly(@TempDir Path root) throws Exception {
        copy(ReferencePacks.DIR.resolve("intel-gvtg"), root.resolve("intel-gvtg"));
        List<String> benign;
        try (CompatibilityEngine engine = builder().packs(root).build()) {
            benign = vectors(engine);
        }
        // Under layer 2 no pack content can make the engine allocate by its own sizes, so these
        // errors come from a class loader the test gives: the engine's handling is the same code.
        ClassLoader failing = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public InputStream getResourceAsStream(String name) {
                if (name.startsWith("oom/")) {
                    return failingStream(new OutOfMemoryError("Java heap space (thrown by the test)"));
                }
                if (name.startsWith("soe/")) {
                    return failingStream(new StackOverflowError("thrown by the test"));
                }
                if (name.startsWith("ise/")) {
                    return failingStream(new IllegalStateException("thrown by the test"));
                }
                return super.getResourceAsStream(name);
            }
        };
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(failing);
        CompatibilityEngine engine;
        try {
            engine = builder().packLocations(List.of("classpath:oom", root.toString(), "classpath:soe", "classpath:ise")).build();
        } finally {
            thread.setContextClassLoader(before);
        }
        try (engine) {
            assertThat(engine.packs()).extracting(PackInfo::id).containsExactly("intel-gvtg");
            assertThat(engine.refusedPacks()).extracting(RefusedPack::id, RefusedPack::location, RefusedPack::code).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("oom", "classpath:oom", ProblemCodes.PACK_LOAD_FAILED),
                    org.assertj.core.groups.Tuple.tuple("soe", "classpath:soe", ProblemCodes.PACK_LOAD_FAILED),
                    org.assertj.core.groups.Tuple.tuple("ise", "classpath:ise", ProblemCodes.PACK_LOAD_FAILED));
            assertThat(engine.refusedPacks().get(0).reason()).contains("OutOfMemoryError");
            assertThat(engine.refusedPacks().get(1).reason()).contains("StackOverflowError");
            assertThat(engine.refusedPacks().get(2).reason()).contains("IllegalStateException");
            assertThat(vectors(engine)).isEqualTo(benign);
        }
    }

    @Test
    void aReloadKeepsTheLastGoodVersionOfAPackThatBreaksAndLoadsTheOthers(@TempDir Path root) throws IOException {
        Path acme = TestPacks.sameTypeLive(root, "acme", "acme-", 50);
        TestPacks.sameTypeLive(root, "beta", "beta-", 60);
        try (CompatibilityEngine engine = builder().packs(root).build()) {
            String acmeDigest = engine.packs().get(0).digest();
            assertThat(engine.check(TestPacks.mdev("acme-1", "1"), TestPacks.mdev("acme-1", "1")).score()).isEqualTo(50);

            // acme's update does not parse; beta's update is good: beta's is taken, acme keeps its last good version.
            Files.writeString(acme.resolve("rules/main.drl"), "package packs.acme;\nrule \"broken\" when then");
            TestPacks.sameTypeLive(root, "beta", "beta-", 61);
            ReloadResult reload = engine.reload();
            assertThat(reload.ok()).isTrue();
            assertThat(reload.generation()).isEqualTo(2);
            assertThat(reload.refused()).extracting(RefusedPack::id, RefusedPack::code)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("acme", ProblemCodes.PACK_DRL_SYNTAX));
            assertThat(engine.packs()).extracting(PackInfo::id).containsExactly("acme", "beta");
            assertThat(engine.packs().get(0).digest()).as("acme's last good version").isEqualTo(acmeDigest);
            assertThat(engine.check(TestPacks.mdev("acme-1", "1"), TestPacks.mdev("acme-1", "1")).score()).isEqualTo(50);
            assertThat(engine.check(TestPacks.mdev("beta-1", "1"), TestPacks.mdev("beta-1", "1")).score()).isEqualTo(61);

            // A pack new to the engine that does not load has no good version: its types are UNKNOWN naming it.
            Path gamma = TestPacks.sameTypeLive(root, "gamma", "gamma-", 70);
            Files.writeString(gamma.resolve("rules/main.drl"), "package packs.gamma;\nrule \"broken\" when then");
            reload = engine.reload();
            assertThat(reload.refused()).extracting(RefusedPack::id).containsExactly("acme", "gamma");
            Verdict v = engine.check(TestPacks.mdev("gamma-1", "1"), TestPacks.mdev("gamma-1", "1"));
            assertThat(v.level()).isEqualTo(Level.UNKNOWN);
            assertThat(v.reason()).startsWith("vfio-compat: pack gamma, which claims namespace gamma-, was refused at load (pack.drl.syntax): ");

            // Removed from disk, a pack is gone, not kept.
            delete(acme);
            reload = engine.reload();
            assertThat(engine.packs()).extracting(PackInfo::id).containsExactly("beta");
            assertThat(reload.refused()).extracting(RefusedPack::id).containsExactly("gamma");
            assertThat(engine.check(TestPacks.mdev("acme-1", "1"), TestPacks.mdev("acme-1", "1")).reason())
                    .isEqualTo("vfio-compat: no pack owns migration type acme-1");
        }
    }

    @Test
    void overlappingNewPacksAreBothRefusedAndANewcomerNeverPushesOutAHeldPack(@TempDir Path root) throws IOException {
        TestPacks.sameTypeLive(root, "acme", "acme-", 50);
        Path squat = TestPacks.sameTypeLive(root, "squat", "acme-x", 99);
        TestPacks.sameTypeLive(root, "beta", "beta-", 60);
        try (CompatibilityEngine engine = builder().packs(root).build()) {
            // At start neither is held: no load order decides who owns acme-x, so both are refused.
            assertThat(engine.packs()).extracting(PackInfo::id).containsExactly("beta");
            assertThat(engine.refusedPacks()).extracting(RefusedPack::id, RefusedPack::code).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("acme", ProblemCodes.PACK_NAMESPACE_OVERLAP),
                    org.assertj.core.groups.Tuple.tuple("squat", ProblemCodes.PACK_NAMESPACE_OVERLAP));
            assertThat(engine.refusedPacks().get(1).reason()).contains("squat/pack.json")
                    .contains("namespace 'acme-x' of pack squat overlaps namespace 'acme-' of pack acme");
            Verdict v = engine.check(TestPacks.mdev("acme-x1", "1"), TestPacks.mdev("acme-x1", "1"));
            assertThat(v.level()).isEqualTo(Level.UNKNOWN);
            assertThat(v.reason()).contains("pack squat, which claims namespace acme-x, was refused at load (pack.namespace-overlap)");

            delete(squat);
            assertThat(engine.reload().refused()).isEmpty();
            assertThat(engine.packs()).extracting(PackInfo::id).containsExactly("acme", "beta");

            // Now acme is held: the squatter coming back is refused alone, and acme answers as before.
            TestPacks.sameTypeLive(root, "squat", "acme-x", 99);
            ReloadResult reload = engine.reload();
            assertThat(reload.refused()).extracting(RefusedPack::id).containsExactly("squat");
            assertThat(engine.packs()).extracting(PackInfo::id).containsExactly("acme", "beta");
            Verdict after = engine.check(TestPacks.mdev("acme-x1", "1"), TestPacks.mdev("acme-x1", "1"));
            assertThat(after.packId()).isEqualTo("acme");
            assertThat(after.score()).isEqualTo(50);
        }
    }

    @Test
    void aLocationHoldingNoPackStillStopsTheEngine(@TempDir Path root) {
        TestPacks.sameTypeLive(root, "acme", "acme-", 50);
        List<String> locations = List.of(root.toString(), root.resolve("no-such-folder").toString());
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> builder().packLocations(locations).build());
        assertThat(thrown).isInstanceOf(InvalidPackException.class);
        assertThat(((InvalidPackException) thrown).problems()).extracting(Problem::code).containsExactly(ProblemCodes.PACK_NOT_FOUND);
    }

    private static CompatibilityEngine.Builder builder() {
        return CompatibilityEngine.builder().compiledPackCache(packCache).cacheSize(0);
    }

    /** Every vector's name, outcome and answer, as the engine gives them. */
    private static List<String> vectors(CompatibilityEngine engine) {
        List<String> out = PackTools.test(engine).vectors().stream()
                .map(v -> (v.passed() ? "passed " : "FAILED ") + v.packId() + " " + v.name() + " -> " + v.actual()).toList();
        assertThat(out).isNotEmpty().allSatisfy(v -> assertThat(v).startsWith("passed "));
        return out;
    }

    private static InputStream failingStream(RuntimeException exception) {
        return new InputStream() {
            @Override
            public int read() {
                throw exception;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw exception;
            }
        };
    }

    private static InputStream failingStream(Error error) {
        return new InputStream() {
            @Override
            public int read() {
                throw error;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw error;
            }
        };
    }

    private static Path hostile(String name) throws URISyntaxException {
        return Path.of(RefusedPacksTest.class.getResource("/hostile/" + name).toURI());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
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
