package org.vfiocompat.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.KieModule;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.compile.CompiledPack;
import org.vfiocompat.engine.compile.PackCompiler;
import org.vfiocompat.engine.compile.PackIdentity;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.engine.sandbox.BytecodeVerifier;
import org.vfiocompat.engine.sandbox.VerificationReport;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Finding;
import org.vfiocompat.rules.Source;
import org.vfiocompat.rules.Target;

/**
 * What the sandbox costs per pair and per pack load, with the intel-gvtg reference pack.
 *
 * <ul>
 *   <li>{@code engineCheck}: {@link CompatibilityEngine#check} — routing, input bounds, pooled
 *       session, watchdog ticket, recording listeners, firing bound, combining, clearing;</li>
 *   <li>{@code rawSession}: the same pair through a bare Drools session, no sandbox: a reused
 *       session of a KieBase that plain Drools builds (executable model) from the pack's DRL
 *       files, with no engine code at all — no listener, no watchdog, no bound, no pack class
 *       loader: insert, fire, delete the two facts and the Findings;</li>
 *   <li>{@code rawSessionWithClear}: rawSession, but emptied the way the engine empties its
 *       sessions (delete every handle, fire with a filter that accepts nothing, clear the agenda);</li>
 *   <li>{@code rawSessionWithClearAndListener}: rawSessionWithClear plus one listener of the
 *       benchmark's own that collects the inserted Findings: still a bare Drools session, no
 *       sandbox. It is not the engine's recorder (no rule attribution, no insert or firing
 *       bound), so engineCheck - rawSessionWithClearAndListener is the whole sandbox less
 *       clearing and collecting the findings;</li>
 *   <li>{@code verifyBytecode}: {@link BytecodeVerifier} over the classes the engine's build of
 *       the pack generated (a one-time cost per pack load);</li>
 *   <li>{@code loadPack}: {@link PackLoader#loadAllOrThrow} of the pack folder, for scale: parse and
 *       check the DRL, executable-model build, class checks, bytecode verification, KieBase.</li>
 * </ul>
 * Single-threaded by design; see bench/README.md for how to run it and the figures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// On 2 cores C2 needs about 8 s to settle on Drools' code: 3 warm-up seconds are not enough.
// Forks differ by up to 40 % (JIT outcomes or outside load): one or two can mislead; five are used.
@Fork(5)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class SandboxCostBenchmark {

    /** The engine built from the reference pack, and one fixed pair. */
    @State(Scope.Benchmark)
    public static class PairState {

        @Param({"LIVE", "NONE"})
        public String pair;

        Path packDir;
        CompatibilityEngine engine;
        KieBase bareKieBase;
        DeviceProfile source;
        DeviceProfile target;

        @Setup(Level.Trial)
        public void setUp() {
            packDir = Fixtures.packDir();
            // No verdict cache: every call must evaluate the pair, or engineCheck times a cache hit.
            engine = CompatibilityEngine.builder().packs(packDir).cacheSize(0).build();
            // The same rules for the raw sessions, built by plain Drools without the engine.
            bareKieBase = bareKieBase(packDir);
            Fixtures.Pair p = Fixtures.Pair.valueOf(pair);
            DeviceProfile[] profiles = Fixtures.profiles(packDir, p);
            source = profiles[0];
            target = profiles[1];
            Verdict v = engine.check(source, target);
            String expected = Fixtures.expectedLevel(packDir, p);
            if (!v.level().name().equals(expected)) {
                throw new IllegalStateException(pair + " pair: engine says " + v + ", the test vector expects " + expected);
            }
        }
    }

    /** A plain session of the pack's KieBase: no listener, no watchdog. One per thread. */
    @State(Scope.Thread)
    public static class RawState {

        KieSession session;

        @Setup(Level.Trial)
        public void setUp(PairState p) {
            session = p.bareKieBase.newKieSession();
            // Same findings as the engine, or the comparison is void.
            Verdict v = p.engine.check(p.source, p.target);
            List<Finding> findings = new ArrayList<>();
            FactHandle s = session.insert(new Source(p.source));
            FactHandle t = session.insert(new Target(p.target));
            int fired = session.fireAllRules();
            for (Object o : session.getObjects(new ClassObjectFilter(Finding.class))) {
                findings.add((Finding) o);
            }
            clear(session);
            if (fired != v.firedRules().size() || findings.size() != v.firedRules().size()
                    || findings.stream().noneMatch(f -> f.getLevel() == v.level())) {
                throw new IllegalStateException("raw session fired " + fired + " rules with findings " + findings
                        + " but the engine's verdict is " + v);
            }
            if (s == null || t == null) {
                throw new IllegalStateException("insert returned no handle");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            session.dispose();
        }
    }

    /** A bare session with one listener of its own that collects the inserted Findings. One per thread. */
    @State(Scope.Thread)
    public static class ListenedState {

        KieSession session;
        final List<Finding> findings = new ArrayList<>();

        @Setup(Level.Trial)
        public void setUp(PairState p) {
            session = p.bareKieBase.newKieSession();
            session.addEventListener(new DefaultRuleRuntimeEventListener() {
                @Override
                public void objectInserted(ObjectInsertedEvent event) {
                    if (event.getObject() instanceof Finding f) {
                        findings.add(f);
                    }
                }
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            session.dispose();
        }
    }

    /**
     * The pack's DRL files built into a KieBase by plain Drools (executable model, like the
     * engine), with none of the engine's checks, class loader or release id: the baseline's rules.
     */
    static KieBase bareKieBase(Path packDir) {
        KieServices ks = KieServices.Factory.get();
        ReleaseId id = ks.newReleaseId("org.vfiocompat.bench", "bare-" + packDir.getFileName(), "1.0.0");
        KieFileSystem files = ks.newKieFileSystem();
        files.generateAndWritePomXML(id);
        for (var rel : Fixtures.read(packDir.resolve("pack.json")).get("rules")) {
            try {
                files.write("src/main/resources/" + rel.asText(),
                        Files.readString(packDir.resolve(rel.asText()), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        KieBuilder builder = ks.newKieBuilder(files).buildAll(ExecutableModelProject.class);
        if (builder.getResults().hasMessages(Message.Level.ERROR)) {
            throw new IllegalStateException("plain Drools cannot build " + packDir + ": " + builder.getResults());
        }
        return ks.newKieContainer(id).getKieBase();
    }

    /** The pack's generated classes as the engine's own build produced them, for the verifier. */
    @State(Scope.Benchmark)
    public static class ClassesState {

        Path packDir;
        BytecodeVerifier verifier;
        String packId;
        String ownPackage;
        Map<String, byte[]> classes;
        Map<String, String> drl;

        @Setup(Level.Trial)
        public void setUp() {
            packDir = Fixtures.packDir();
            LoadedPack pack = PackLoader.loadAllOrThrow(List.of(packDir)).get(0);
            packId = pack.id();
            ownPackage = "packs/" + pack.id().replace('-', '_');
            drl = new LinkedHashMap<>();
            for (var rel : Fixtures.read(packDir.resolve("pack.json")).get("rules")) {
                try {
                    drl.put(rel.asText(), Files.readString(packDir.resolve(rel.asText()), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            // The engine takes its builds out of Drools' repository once loaded, so the classes
            // to verify come from a build of the same content here.
            CompiledPack compiled = PackCompiler.compile(new PackIdentity(pack.id(), pack.version(),
                    ownPackage.replace('/', '.')), drl, pack.digest());
            PackCompiler.release(compiled);
            classes = new TreeMap<>(compiled.classes());
            verifier = BytecodeVerifier.standard();
            VerificationReport report = verifier.verify(packId, ownPackage, classes, drl);
            if (!report.problems().isEmpty() || report.classes() == 0) {
                throw new IllegalStateException("verification of " + pack + " is not clean: " + report);
            }
            System.out.printf("%n%s: %d generated classes, %d bytes; verifier saw %d classes, %d methods, %d references%n",
                    pack, classes.size(), classes.values().stream().mapToInt(b -> b.length).sum(),
                    report.classes(), report.methods(), report.references());
        }
    }

    @Benchmark
    public Verdict engineCheck(PairState p) {
        return p.engine.check(p.source, p.target);
    }

    @Benchmark
    public int rawSession(PairState p, RawState r, Blackhole bh) {
        KieSession session = r.session;
        FactHandle s = session.insert(new Source(p.source));
        FactHandle t = session.insert(new Target(p.target));
        int fired = session.fireAllRules();
        for (FactHandle f : List.<FactHandle>copyOf(session.getFactHandles(new ClassObjectFilter(Finding.class)))) {
            bh.consume(session.getObject(f));
            session.delete(f);
        }
        session.delete(s);
        session.delete(t);
        return fired;
    }

    @Benchmark
    public int rawSessionWithClear(PairState p, RawState r, Blackhole bh) {
        KieSession session = r.session;
        session.insert(new Source(p.source));
        session.insert(new Target(p.target));
        int fired = session.fireAllRules();
        for (Object f : session.getObjects(new ClassObjectFilter(Finding.class))) {
            bh.consume(f);
        }
        clear(session);
        return fired;
    }

    @Benchmark
    public int rawSessionWithClearAndListener(PairState p, ListenedState r, Blackhole bh) {
        KieSession session = r.session;
        r.findings.clear();
        session.insert(new Source(p.source));
        session.insert(new Target(p.target));
        int fired = session.fireAllRules();
        if (r.findings.size() != fired) {
            throw new IllegalStateException("unexpected: " + r.findings.size() + " findings from " + fired + " firings");
        }
        bh.consume(r.findings);
        clear(session);
        return fired;
    }

    @Benchmark
    public VerificationReport verifyBytecode(ClassesState c) {
        return c.verifier.verify(c.packId, c.ownPackage, c.classes, c.drl);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<LoadedPack> loadPack(ClassesState c) {
        return PackLoader.loadAllOrThrow(List.of(c.packDir));
    }

    /** Empties a session the way the engine does (docs/architecture.md): every handle, a filtered fire, the agenda. */
    static void clear(KieSession session) {
        for (FactHandle handle : List.<FactHandle>copyOf(session.getFactHandles())) {
            session.delete(handle);
        }
        session.fireAllRules(match -> false);
        session.getAgenda().clear();
    }
}
