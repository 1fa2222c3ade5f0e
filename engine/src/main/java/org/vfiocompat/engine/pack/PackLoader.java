package org.vfiocompat.engine.pack;

import org.vfiocompat.engine.compile.GeneratedClassesCheck;
import org.vfiocompat.engine.compile.GeneratedModelCheck;
import org.vfiocompat.engine.compile.CompiledPackCheck;
import org.vfiocompat.engine.compile.CompiledPackCache;
import org.vfiocompat.engine.compile.CompiledPack;
import org.vfiocompat.engine.compile.PackCompiler;
import org.vfiocompat.engine.compile.PackIdentity;
import org.vfiocompat.engine.compile.VerifiedBuild;
import org.vfiocompat.engine.drl.PackRule;
import org.vfiocompat.engine.drl.DrlSourceCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Layer;
import org.vfiocompat.engine.LayerCheck;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.RefusedPack;
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.engine.sandbox.BytecodeVerifier;
import org.vfiocompat.engine.sandbox.VerificationReport;
import org.vfiocompat.rules.TableRow;
import org.vfiocompat.engine.trust.PackTrustCheck;
import org.vfiocompat.engine.trust.TrustGrants;
import org.vfiocompat.engine.trust.TrustPolicy;
import org.vfiocompat.engine.derive.PciVendors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads packs from folders, one step after another, each step able to refuse the pack:
 * <ol>
 *   <li>read and check the manifest ({@code pack.json});</li>
 *   <li>parse and check every DRL file before anything is compiled ({@link DrlSourceCheck});</li>
 *   <li>build with the executable model ({@link PackCompiler});</li>
 *   <li>check the generated classes before any is loaded ({@link CompiledPackCheck});</li>
 *   <li>create the pack's KieBase, unless the pack is evaluated in a worker JVM, which creates it
 *       there ({@link KieBases}).</li>
 * </ol>
 * Problems of every pack are gathered, so one run reports all broken packs.
 */
public final class PackLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PackLoader.class);

    /** The largest DRL file accepted; larger ones are refused before parsing. */
    static final int MAX_DRL_BYTES = 512 * 1024;

    /** The most problems one load reports; the rest are counted in one more. */
    static final int MAX_PROBLEMS = 200;

    /** The most rules one pack may hold, over all its DRL files. */
    static final int MAX_RULES_PER_PACK = 500;

    /**
     * The most build units ({@link DrlSourceCheck#buildUnits}) one pack may cost, over all its
     * rules: rules times patterns times constraints, checked before the build. About the cost of
     * 500 one-pattern rules, whose build took about a minute on an idle 2-core machine.
     */
    static final int MAX_BUILD_UNITS = 1000;

    /** The signature next to the manifest, never listed in it. */
    static final String SIGNATURE_FILE = "pack.sig";

    private static final List<CompiledPackCheck> COMPILED_CHECKS = List.of(new GeneratedClassesCheck());
    private static final BytecodeVerifier VERIFIER = BytecodeVerifier.standard();

    private PackLoader() {
    }

    /**
     * Loads every pack under {@code roots}: a folder holding {@code pack.json} is one pack; any
     * other folder is searched one level deep for pack folders.
     *
     * @throws InvalidPackException with every problem of every pack that failed
     */
    public static List<LoadedPack> loadAllOrThrow(List<Path> roots) {
        return loadAll(roots.stream().map(Path::toString).toList(), null).packsOrThrow();
    }

    /**
     * What loading every pack under some roots gave, pack by pack in load order: each pack found
     * either loaded or was refused with its problems (a pack whose id another pack already has
     * is refused too); and the problems that belong to no pack (a location that holds none).
     *
     * @param entries every pack found, loaded or refused, in load order
     * @param located problems of the locations themselves: nothing to load was found there
     */
    public record Outcome(List<Entry> entries, List<Problem> located) {
        public Outcome {
            entries = List.copyOf(entries);
            located = List.copyOf(located);
        }

        /** The packs that loaded, in load order. */
        public List<LoadedPack> packs() {
            return entries.stream().filter(e -> e.pack() != null).map(Entry::pack).toList();
        }

        /** The packs that were refused, in load order. */
        public List<RefusedPack> refused() {
            return entries.stream().filter(e -> e.refused() != null).map(Entry::refused).toList();
        }

        /** Every problem: the locations' and every refused pack's, capped (one more counts the rest). */
        public List<Problem> problems() {
            List<Problem> all = new ArrayList<>(located);
            refused().forEach(r -> all.addAll(r.problems()));
            return ProblemList.capped(all, MAX_PROBLEMS);
        }

        /**
         * The packs, when every one loaded.
         *
         * @throws InvalidPackException with every problem of every pack that failed
         */
        public List<LoadedPack> packsOrThrow() {
            List<Problem> problems = problems();
            if (!problems.isEmpty()) {
                throw new InvalidPackException(problems);
            }
            return packs();
        }
    }

    /** One pack found: loaded ({@code pack}) or refused ({@code refused}), never both. */
    public record Entry(LoadedPack pack, RefusedPack refused) {
        public Entry {
            if ((pack == null) == (refused == null)) {
                throw new IllegalArgumentException("an entry is a loaded or a refused pack");
            }
        }
    }

    /** As {@link #loadAll(List, Path, TrustPolicy, Map)} without signature checks or reuse. */
    public static Outcome loadAll(List<String> locations, Path packCache) {
        return loadAll(locations, packCache, TrustPolicy.OFF, Map.of());
    }

    /** As {@link #loadAll(List, Path, TrustPolicy, Map, KieBases)}, creating every pack's KieBase. */
    public static Outcome loadAll(List<String> locations, Path packCache, TrustPolicy trust,
                                  Map<String, LoadedPack> loaded) {
        return loadAll(locations, packCache, trust, loaded, KieBases.EVERY_PACK);
    }

    /**
     * Loads every pack at {@code locations} as users type them (a folder, a folder of packs, a
     * {@code .zip} or {@code .jar} file, {@code classpath:path}), returning the problems instead
     * of throwing them; reusing and filling the compiled-pack cache in {@code packCache} (null: no
     * cache), checking signatures as {@code trust} says, and taking a pack whose digest is a key
     * of {@code loaded} from there instead of building it again (a reload of unchanged packs).
     * Trust is checked either way: a pack's signer can change without its digest changing.
     * {@code kieBases} says which packs get their KieBase here: every other pack passes every
     * check before it, and is loaded without one (its worker JVM creates it).
     */
    public static Outcome loadAll(List<String> locations, Path packCache, TrustPolicy trust,
                                  Map<String, LoadedPack> loaded, KieBases kieBases) {
        CompiledPackCache cache = packCache == null ? null : new CompiledPackCache(packCache);
        List<Problem> problems = new ArrayList<>();
        List<PackSource> sources = new ArrayList<>();
        for (String location : locations) {
            sources.addAll(findPacks(location, problems));
        }
        // Each pack is loaded on its own (one pack never takes the others down), so packs load
        // side by side, up to one a core: on a 2-core machine a CLI run's eleven packs are most
        // of its start. The ids are then taken in location order, as a sequential load took them.
        List<Attempt> attempts = attemptAll(sources, source -> attempt(source, cache, trust, loaded, kieBases));
        List<Entry> entries = new ArrayList<>();
        Map<String, PackSource> seen = new TreeMap<>();
        for (Attempt a : attempts) {
            List<Problem> refusal = a.refusal();
            if (a.pack() != null) {
                PackSource other = seen.putIfAbsent(a.pack().id(), a.source());
                if (other == null) {
                    entries.add(new Entry(a.pack(), null));
                    continue;
                }
                refusal = List.of(new Problem(ProblemCodes.PACK_DUPLICATE_ID, Location.pointer(a.source().origin() + "/" + PackManifest.FILE_NAME, "/id"),
                        "pack id '" + a.pack().id() + "' is used by two packs: " + other.origin() + "/" + PackManifest.FILE_NAME
                                + " and " + a.source().origin() + "/" + PackManifest.FILE_NAME));
            }
            entries.add(new Entry(null, refused(a.source(), a.manifest(), refusal)));
        }
        return new Outcome(entries, problems);
    }

    /** What loading one pack gave: the pack, or its refusal with the manifest as far as it read. */
    private record Attempt(PackSource source, LoadedPack pack, PackManifest manifest, List<Problem> refusal) {
    }

    /** Loads the one pack {@code source} holds; whatever goes wrong refuses this pack only. */
    private static Attempt attempt(PackSource source, CompiledPackCache cache, TrustPolicy trust,
                                   Map<String, LoadedPack> loaded, KieBases kieBases) {
        PackManifest[] manifest = new PackManifest[1];
        List<Problem> refusal;
        try {
            return new Attempt(source, load(source, cache, trust, loaded, kieBases, (layer, checked) -> { }, manifest), manifest[0], null);
        } catch (PackProblems e) {
            refusal = ProblemList.capped(e.problems(), MAX_PROBLEMS);
        } catch (RuntimeException | StackOverflowError | LinkageError | OutOfMemoryError | AssertionError e) {
            // One pack never takes the others down: whatever escaped its layers (a bug in
            // Drools or in ours, reached through this pack's content) refuses this pack only.
            LOG.warn("loading the pack at {} failed", source.origin(), e);
            refusal = List.of(new Problem(ProblemCodes.PACK_LOAD_FAILED, Location.file(source.origin() + "/" + PackManifest.FILE_NAME),
                    "the pack could not be loaded: " + FailureReason.of(e).substring("pack failed: ".length())));
        }
        return new Attempt(source, null, manifest[0], refusal);
    }

    /**
     * {@code load} of every source, in their order, run on up to one thread a core. The threads
     * are daemons with the caller's context class loader, and each load keeps its own deadline.
     */
    private static List<Attempt> attemptAll(List<PackSource> sources, java.util.function.Function<PackSource, Attempt> load) {
        int threads = Math.min(sources.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            return sources.stream().map(load).toList();
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vfio-compat-pack-load");
            t.setDaemon(true);
            t.setContextClassLoader(context);
            return t;
        });
        try {
            List<java.util.concurrent.Future<Attempt>> futures = new ArrayList<>();
            for (PackSource source : sources) {
                futures.add(pool.submit(() -> load.apply(source)));
            }
            List<Attempt> attempts = new ArrayList<>();
            for (java.util.concurrent.Future<Attempt> f : futures) {
                attempts.add(f.get());
            }
            return attempts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading packs", e);
        } catch (java.util.concurrent.ExecutionException e) {
            // attempt() catches what a pack can cause; what is left is an Error of the JVM's own.
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The refused pack {@code source} holds, named by its manifest's id when the manifest read
     * (else by its file name), with the namespaces it claims as far as they are namespaces at
     * all: routing answers their types UNKNOWN naming the refusal.
     */
    private static RefusedPack refused(PackSource source, PackManifest manifest, List<Problem> problems) {
        String name = source.origin();
        String trimmed = name.replaceAll("/+$", "");
        String base = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1)
                .replaceAll("\\.(zip|jar)$", "");
        String id = manifest != null && manifest.id() != null && PackManifest.validId(manifest.id()) ? manifest.id() : base;
        List<String> namespaces = manifest == null || manifest.namespaces() == null ? List.of()
                : manifest.namespaces().stream().limit(PackManifest.MAX_NAMESPACES)
                        .filter(ns -> ns != null && PackManifest.validNamespace(ns)).toList();
        return new RefusedPack(id, name, namespaces, problems);
    }

    /** Loads the one pack in {@code dir}, or throws {@link PackProblems}. */
    static LoadedPack load(Path dir) {
        return load(PackSource.of(dir.toString()), null, TrustPolicy.OFF, Map.of(), KieBases.EVERY_PACK, (layer, checked) -> { },
                new PackManifest[1]);
    }

    /**
     * Checks the one pack in {@code dir} through every layer, as loading does, and says what
     * each layer checked: the {@code vfio-compat pack verify} report.
     */
    public static PackCheckReport verify(Path dir, TrustPolicy trust) {
        List<LayerCheck> steps = new ArrayList<>();
        try {
            load(PackSource.of(dir.toString()), null, trust, Map.of(), KieBases.EVERY_PACK,
                    (layer, checked) -> steps.add(new LayerCheck(layer, checked)), new PackManifest[1]);
            return new PackCheckReport(steps, List.of());
        } catch (PackProblems e) {
            return new PackCheckReport(steps, e.problems());
        } catch (InvalidPackException e) {
            return new PackCheckReport(steps, e.problems());
        }
    }

    /**
     * Loads the pack {@code source} holds, telling {@code step} what each layer checked as it
     * passes, and leaving its manifest in {@code manifest[0]} as soon as it reads (for a refusal
     * to name the pack and its namespaces).
     */
    private static LoadedPack load(PackSource source, CompiledPackCache cache, TrustPolicy trust,
                                   Map<String, LoadedPack> loaded, KieBases kieBases, BiConsumer<Layer, String> step,
                                   PackManifest[] manifest) {
        String manifestName = source.origin() + "/" + PackManifest.FILE_NAME;
        List<Problem> problems = new ArrayList<>();
        PackFiles files = source.read(bytes -> {
            manifest[0] = JsonInput.read(bytes, manifestName, PackManifest.class, PackProblems::new);
            List<String> toRead = new ArrayList<>(manifest[0].files());
            toRead.add(SIGNATURE_FILE);
            return toRead;
        }, problems);
        if (!problems.isEmpty()) {
            throw new PackProblems(problems);
        }
        return load(manifest[0], files, cache, trust, loaded, kieBases, step);
    }

    /**
     * Checks, builds and verifies one pack from the snapshot of its files, wherever they were
     * read from. Nothing below touches the file system (the compiled-pack cache aside).
     */
    static LoadedPack load(PackManifest manifest, PackFiles files, CompiledPackCache cache, TrustPolicy trust,
                           Map<String, LoadedPack> loaded, KieBases kieBases, BiConsumer<Layer, String> step) {
        long start = System.nanoTime();
        String manifestName = files.display(PackManifest.FILE_NAME);
        // First of all: a pack that is not what its signer signed is not looked at further, and
        // a file missing since signing is named as such rather than as a broken manifest entry.
        PackTrustCheck.Result trusted = trustCheck(manifest, files, trust);
        if (!trusted.problems().isEmpty()) {
            throw new PackProblems(trusted.problems());
        }
        List<Problem> problems = manifest.check(manifestName, files);
        RulesApiCheck.check(manifestName, manifest.id(), manifest.rulesApi()).ifPresent(problems::add);
        if (problems.isEmpty()) {
            problems.addAll(hardwareBinding(manifest, manifestName, trusted.grants()));
        }
        if (!problems.isEmpty()) {
            throw new PackProblems(problems);
        }
        step.accept(Layer.MANIFEST, manifest.id() + " " + manifest.version() + " by " + manifest.vendor() + "; "
                + (manifest.platform() != null ? "platform pack judging " + manifest.platform(manifestName, new ArrayList<>()).describe()
                        + " besides the owning pack (judges only when enabled)"
                        : "namespaces " + String.join(" ", manifest.namespaces())) + "; " + manifest.rules().size() + " DRL file(s), "
                + manifest.tests().size() + " test file(s), all inside the pack folder; rules API "
                + (manifest.rulesApi() == null ? "not stated (taken as " + RulesApiCheck.ASSUMED_WHEN_ABSENT + ")" : manifest.rulesApi())
                + ", engine provides " + org.vfiocompat.rules.RulesApi.VERSION);
        step.accept(Layer.TRUST, trusted.summary());
        List<TableRow> tableRows = TableReader.read(manifest, files);
        if (!manifest.tables().isEmpty()) {
            step.accept(Layer.TABLES, manifest.tables().size() + " table(s), " + tableRows.size()
                    + " row(s), every cell checked against its declared column type");
        }
        Map<String, String> drl = new LinkedHashMap<>();
        List<PackRule> rules = new ArrayList<>();
        int buildUnits = 0;
        for (String rel : manifest.rules()) {
            String display = manifest.id() + "/" + rel;
            String text = readDrl(files, rel, display, problems);
            if (text != null) {
                drl.put(rel, text);
                DrlSourceCheck.Result checked = DrlSourceCheck.check(display, text, manifest.drlPackage(),
                        !manifest.tables().isEmpty());
                problems.addAll(checked.problems());
                rules.addAll(checked.rules());
                buildUnits += checked.buildUnits();
            }
        }
        if (rules.size() > MAX_RULES_PER_PACK) {
            // Before the build, which is what costs: 20,000 rules took 282 s and 6.5 GB to be refused.
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.file(manifestName), "drl check: " + rules.size()
                    + " rules in the pack; at most " + MAX_RULES_PER_PACK + " are allowed"));
        }
        if (buildUnits > MAX_BUILD_UNITS) {
            // The build's cost grows with the classes it generates, not only with the rules:
            // 500 rules of four patterns and many constraints each would take many minutes.
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.file(manifestName), "drl check: the pack's rules cost "
                    + buildUnits + " build units (one per rule, per pattern and per constraint or binding); at most "
                    + MAX_BUILD_UNITS + " are allowed, so that its build stays within the load deadline"));
        }
        if (!problems.isEmpty()) {
            throw new PackProblems(problems);
        }
        step.accept(Layer.DRL, rules.size() + " rule(s) parsed; package " + manifest.drlPackage()
                + "; java dialect only; no globals, queries, entry points, windows, timers or declared types; files under "
                + MAX_DRL_BYTES / 1024 + " KiB");
        String digest = digest(files, manifest);
        LoadedPack same = loaded.get(digest);
        boolean createKieBase = kieBases.createsFor(trusted.signer());
        // A pack built before without its KieBase is built again when it now needs one here (its
        // signer became trusted, so the engine evaluates it itself).
        if (same != null && same.id().equals(manifest.id()) && same.location().equals(files.origin())
                && (same.hasKieBase() || !createKieBase)) {
            step.accept(Layer.COMPILE, "built before with the same content (" + digest.substring(0, 19) + "), reused: it passed every check then");
            return same.signer().equals(trusted.signer()) && same.grants().equals(trusted.grants()) ? same
                    : new LoadedPack(same.id(), same.version(), same.vendor(),
                    same.description(), same.namespaces(), same.acceptsTargetsFrom(), same.digest(), same.files(), same.tests(),
                    same.kieBase(), same.tableRows(), same.view(), same.types(), same.rules(), trusted.signer(), same.platform(),
                    same.targetsJudgedBy(), trusted.grants(), same.build());
        }
        PackIdentity identity = new PackIdentity(manifest.id(), manifest.version(), manifest.drlPackage());
        Optional<CompiledPack> cached = cache == null ? Optional.empty()
                : cache.load(identity, digest, PackCompiler.releaseId(identity, digest));
        // The build and the KieBase creation are what a pack's content can make slow: both run
        // under one deadline, so a build that never ends refuses the pack instead of holding the
        // caller (and a reload's lock) for ever.
        LoadDeadline deadline = LoadDeadline.start(manifest.id(), manifestName);
        CompiledPack compiled;
        try {
            // A build refused at the deadline leaves nothing in Drools' repository once it has
            // ended: released when it finishes late, its release id forgotten when it was stopped
            // (perhaps just after it registered itself).
            compiled = cached.orElseGet(() -> deadline.run("build", () -> PackCompiler.compile(identity, drl, digest),
                    late -> {
                        if (late != null) {
                            PackCompiler.release(late);
                        } else {
                            PackCompiler.forget(PackCompiler.releaseId(identity, digest));
                        }
                    }));
        } catch (InvalidPackException e) {
            throw new PackProblems(e.problems());
        }
        // Whatever happens from here on, the build is the engine's alone: Drools' global
        // repository (which the build and the cache put it in, and the KieBase creation reads it
        // from) would otherwise keep it, and up to 10 replaced builds of every pack id with their
        // classes, for the life of the process.
        try {
            if (cache != null && cached.isEmpty()) {
                cache.store(compiled, digest);
            }
            // The bytes every check below reads, and a worker JVM later defines its classes from.
            VerifiedBuild build = compiled.verifiedBuild();
            step.accept(Layer.COMPILE, "executable model: " + compiled.classFiles().size() + " classes generated, none loaded yet");
            for (CompiledPackCheck check : COMPILED_CHECKS) {
                problems.addAll(check.check(compiled, manifest.id()));
            }
            if (!problems.isEmpty()) {
                throw new PackProblems(problems);
            }
            step.accept(Layer.CLASSES, "every generated class lies in " + manifest.drlPackage() + " (or is the build's project model)");
            // The last gate before any generated class is loaded: creating the KieBase runs pack code.
            VerificationReport report = VERIFIER.verify(manifest.id(), manifest.drlPackage().replace('.', '/'),
                    build.classes(), drl);
            problems.addAll(report.problems());
            if (!problems.isEmpty()) {
                throw new PackProblems(problems);
            }
            step.accept(Layer.BYTECODE, report.classes() + " classes, " + report.methods() + " methods, " + report.references()
                    + " references checked against the allow-list; arrays and string growth bounded");
            step.accept(Layer.TERMINATION, "no backward branch and no call cycle in " + report.methods() + " methods");
            KieBase kieBase = null;
            if (createKieBase) {
                kieBase = deadline.run("KieBase creation", () -> kieBase(compiled, manifestName));
                problems.addAll(GeneratedModelCheck.check(kieBase, rules, manifestName));
                if (!problems.isEmpty()) {
                    throw new PackProblems(problems);
                }
                step.accept(Layer.KIEBASE, "created: the pack's classes are loaded only now, after every check");
            }
            LOG.debug("loaded pack {}@{} from {} in {} ms ({} generated classes)", manifest.id(), manifest.version(),
                    files.origin(), (System.nanoTime() - start) / 1_000_000, compiled.classFiles().size());
            return new LoadedPack(manifest.id(), manifest.version(), manifest.vendor(), manifest.description(),
                    manifest.namespaces(), manifest.acceptsTargetsFrom(), digest, files, manifest.tests(), kieBase, tableRows,
                    manifest.view(manifestName, problems), manifest.types(manifestName, problems), rules, trusted.signer(),
                    manifest.platform(manifestName, problems), manifest.targetsJudgedBy(), trusted.grants(), build);
        } finally {
            PackCompiler.release(compiled);
        }
    }

    /**
     * Creates the pack's KieBase, the first moment its code runs (constant salience expressions,
     * a {@code from} without a preceding pattern): whatever that code throws, a stack overflow
     * or an exhausted heap included, refuses this pack with the reason and leaves the others be.
     */
    static KieBase kieBase(CompiledPack compiled, String manifestName) {
        try {
            return PackCompiler.kieBase(compiled);
        } catch (RuntimeException | StackOverflowError | LinkageError | OutOfMemoryError | AssertionError e) {
            throw new PackProblems(List.of(new Problem(ProblemCodes.PACK_LOAD_FAILED, Location.file(manifestName),
                    "pack code failed while its KieBase was built: " + FailureReason.of(e).substring("pack failed: ".length()))));
        }
    }

    /** Whether the pack is what its signer signed, as {@code trust} asks (see {@link PackTrustCheck}). */
    static PackTrustCheck.Result trustCheck(PackManifest manifest, PackFiles files, TrustPolicy trust) {
        return PackTrustCheck.check(new PackTrustCheck.Input(files::display,
                files.bytesShared(PackManifest.FILE_NAME), files.bytesShared(SIGNATURE_FILE), manifest.fileHashes(),
                named(manifest), manifest.namespaces() == null ? List.of() : manifest.namespaces(),
                manifest.platform() != null, files::bytesShared, files.entries()), trust);
    }

    /**
     * Every PCI vendor a {@code derive} entry names must be the pack's to claim: its signer's
     * {@code hardware} grant, or its vendor name's IDs ({@link PciVendors}).
     */
    static List<Problem> hardwareBinding(PackManifest manifest, String manifestName, TrustGrants grants) {
        return PciVendors.check(manifestName, manifest.derive(), allowedVendors(manifest, grants), grants.hardwareListed()
                ? "the trust-store entry of its signing key" : "its vendor name '" + manifest.vendor() + "'");
    }

    /** The PCI vendor IDs the pack of {@code manifest} may claim. */
    static List<String> allowedVendors(PackManifest manifest, TrustGrants grants) {
        return PciVendors.allowed(manifest.vendor(), grants.hardwareListed(), grants.pciVendors());
    }

    /** The files the manifest names outside {@code files}: each must have a hash there when it has any. */
    private static List<String> named(PackManifest manifest) {
        List<String> named = new ArrayList<>(manifest.rules() == null ? List.of() : manifest.rules());
        named.addAll(manifest.tests());
        manifest.tables().stream().filter(t -> t != null && t.file() != null).forEach(t -> named.add(t.file()));
        return named;
    }

    /** The manifest's bytes, or a problem naming it: missing, unreadable or absurdly large. */
    static byte[] readManifest(Path manifestFile, String manifestName) {
        try {
            long size = Files.size(manifestFile);
            if (size > PackFiles.MAX_FILE_BYTES) {
                throw new PackProblems(List.of(new Problem(ProblemCodes.FILE_TOO_LARGE, Location.file(manifestName), "manifest of " + size
                        + " bytes exceeds the limit of " + PackFiles.MAX_FILE_BYTES + " bytes")));
            }
            return Files.readAllBytes(manifestFile);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PackProblems(List.of(new Problem(ProblemCodes.FILE_NOT_FOUND, Location.file(manifestName), "no such file")));
        } catch (IOException e) {
            throw new PackProblems(List.of(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(manifestName), "cannot be read: " + e.getMessage())));
        }
    }

    /**
     * The packs a location names: a class-path location or an archive is one pack, a folder
     * holding {@code pack.json} is one pack, and any other folder is searched one level deep for
     * pack folders and pack archives.
     */
    static List<PackSource> findPacks(String location, List<Problem> problems) {
        if (location.startsWith(PackSource.CLASSPATH)) {
            return List.of(PackSource.of(location));
        }
        Path root = Path.of(location);
        if (PackSource.isArchive(root) || Files.isRegularFile(root.resolve(PackManifest.FILE_NAME))) {
            return List.of(PackSource.of(location));
        }
        if (!Files.isDirectory(root)) {
            problems.add(new Problem(ProblemCodes.PACK_NOT_FOUND, Location.file(root.toString()), "no such pack folder or archive"));
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            List<PackSource> found = children
                    .filter(p -> Files.isRegularFile(p.resolve(PackManifest.FILE_NAME)) || PackSource.isArchive(p))
                    .sorted().map(p -> PackSource.of(p.toString())).toList();
            if (found.isEmpty()) {
                problems.add(new Problem(ProblemCodes.PACK_NOT_FOUND, Location.file(root.toString()), "holds no pack: no pack.json in it or its sub-folders"));
            }
            return found;
        } catch (IOException e) {
            problems.add(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(root.toString()), "cannot be listed: " + e.getMessage()));
            return List.of();
        }
    }

    private static String readDrl(PackFiles files, String rel, String display, List<Problem> problems) {
        byte[] bytes = files.bytesShared(rel);
        if (bytes != null && bytes.length > MAX_DRL_BYTES) {
            problems.add(new Problem(ProblemCodes.FILE_TOO_LARGE, Location.file(display), "DRL file of " + bytes.length + " bytes exceeds the limit of " + MAX_DRL_BYTES));
            return null;
        }
        return files.text(rel, display, "DRL file", problems);
    }

    /**
     * SHA-256 over the manifest and every file it names, in a fixed order, each preceded by its
     * path and length: the same content gives the same digest wherever the pack was read from.
     */
    static String digest(PackFiles files, PackManifest manifest) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String rel : manifest.files().stream().sorted().distinct().toList()) {
                byte[] bytes = files.bytesShared(rel);
                if (bytes == null) {
                    throw new PackProblems(List.of(new Problem(ProblemCodes.FILE_NOT_FOUND, Location.file(files.display(rel)), "does not exist in the pack")));
                }
                sha.update(rel.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(bytes);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
