package org.vfiocompat.engine.pack;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
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
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.engine.sandbox.BytecodeVerifier;
import org.vfiocompat.engine.sandbox.VerificationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads packs from folders, one step after another, each step able to refuse the pack:
 * <ol>
 *   <li>read and check the manifest ({@code pack.json});</li>
 *   <li>parse and check every DRL file before anything is compiled ({@link DrlSourceCheck});</li>
 *   <li>build with the executable model ({@link PackCompiler});</li>
 *   <li>check the generated classes before any is loaded ({@link CompiledPackCheck});</li>
 *   <li>create the pack's KieBase.</li>
 * </ol>
 * Problems of every pack are gathered, so one run reports all broken packs.
 */
public final class PackLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PackLoader.class);

    /** The largest DRL file accepted; larger ones are refused before parsing. */
    static final int MAX_DRL_BYTES = 512 * 1024;

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
    public static List<LoadedPack> loadAll(List<Path> roots) {
        return loadAll(roots, null);
    }

    /**
     * As {@link #loadAll(List)}, reusing and filling the compiled-pack cache in {@code packCache}
     * (null: no cache).
     */
    public static List<LoadedPack> loadAll(List<Path> roots, Path packCache) {
        CompiledPackCache cache = packCache == null ? null : new CompiledPackCache(packCache);
        List<Problem> problems = new ArrayList<>();
        List<Path> packDirs = new ArrayList<>();
        for (Path root : roots) {
            packDirs.addAll(findPacks(root, problems));
        }
        List<LoadedPack> packs = new ArrayList<>();
        Map<String, Path> seen = new TreeMap<>();
        for (Path dir : packDirs) {
            try {
                LoadedPack pack = load(dir, cache, step -> { });
                Path other = seen.putIfAbsent(pack.id(), dir);
                if (other != null) {
                    problems.add(new Problem(dir.resolve(PackManifest.FILE_NAME).toString(), "/id",
                            "pack id '" + pack.id() + "' is used by two packs: " + other.resolve(PackManifest.FILE_NAME)
                                    + " and " + dir.resolve(PackManifest.FILE_NAME)));
                } else {
                    packs.add(pack);
                }
            } catch (PackProblems e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPackException(problems);
        }
        return List.copyOf(packs);
    }

    /** Loads the one pack in {@code dir}, or throws {@link PackProblems}. */
    static LoadedPack load(Path dir) {
        return load(dir, null, step -> { });
    }

    /**
     * Checks the one pack in {@code dir} through every layer, as loading does, and says what
     * each layer checked: the {@code vfio-compat pack verify} report.
     */
    public static PackCheckReport verify(Path dir) {
        List<String> steps = new ArrayList<>();
        try {
            load(dir, null, steps::add);
            return new PackCheckReport(steps, List.of());
        } catch (PackProblems e) {
            return new PackCheckReport(steps, e.problems());
        } catch (InvalidPackException e) {
            return new PackCheckReport(steps, e.problems());
        }
    }

    /** Loads the pack in {@code dir}, telling {@code step} what each layer checked as it passes. */
    private static LoadedPack load(Path dir, CompiledPackCache cache, Consumer<String> step) {
        long start = System.nanoTime();
        Path manifestFile = dir.resolve(PackManifest.FILE_NAME);
        String manifestName = manifestFile.toString();
        PackManifest manifest = JsonInput.read(manifestFile, manifestName, PackManifest.class,
                PackProblems::new);
        List<Problem> problems = manifest.check(manifestName, dir);
        if (!problems.isEmpty()) {
            throw new PackProblems(problems);
        }
        step.accept("manifest     ok  " + manifest.id() + " " + manifest.version() + " by " + manifest.vendor() + "; namespaces "
                + String.join(" ", manifest.namespaces()) + "; " + manifest.rules().size() + " DRL file(s), "
                + manifest.tests().size() + " test file(s), all inside the pack folder");
        Map<String, String> drl = new LinkedHashMap<>();
        int rules = 0;
        for (String rel : manifest.rules()) {
            String display = manifest.id() + "/" + rel;
            String text = readDrl(dir.resolve(rel), display, problems);
            if (text != null) {
                drl.put(rel, text);
                DrlSourceCheck.Result checked = DrlSourceCheck.check(display, text, manifest.drlPackage());
                problems.addAll(checked.problems());
                rules += checked.rules();
            }
        }
        if (!problems.isEmpty()) {
            throw new PackProblems(problems);
        }
        step.accept("drl          ok  " + rules + " rule(s) parsed; package " + manifest.drlPackage()
                + "; java dialect only; no globals, queries, entry points, windows, timers or declared types; files under "
                + MAX_DRL_BYTES / 1024 + " KiB");
        String digest = digest(dir, manifest);
        Optional<CompiledPack> cached = cache == null ? Optional.empty()
                : cache.load(manifest, digest, PackCompiler.releaseId(manifest, digest));
        CompiledPack compiled = cached.orElseGet(() -> PackCompiler.compile(manifest, drl, digest));
        if (cache != null && cached.isEmpty()) {
            cache.store(compiled, digest);
        }
        step.accept("compile      ok  executable model: " + compiled.classFiles().size() + " classes generated, none loaded yet");
        for (CompiledPackCheck check : COMPILED_CHECKS) {
            problems.addAll(check.check(compiled, manifest.id()));
        }
        if (!problems.isEmpty()) {
            throw new PackProblems(problems);
        }
        step.accept("classes      ok  every generated class lies in " + manifest.drlPackage() + " (or is the build's project model)");
        // The last gate before any generated class is loaded: creating the KieBase runs pack code.
        VerificationReport report = VERIFIER.verify(manifest.id(), manifest.drlPackage().replace('.', '/'),
                compiled.classes(), drl);
        problems.addAll(report.problems());
        if (!problems.isEmpty()) {
            throw new PackProblems(problems);
        }
        step.accept("bytecode     ok  " + report.classes() + " classes, " + report.methods() + " methods, " + report.references()
                + " references checked against the allow-list; arrays and string growth bounded");
        step.accept("termination  ok  no backward branch and no call cycle in " + report.methods() + " methods");
        KieBase kieBase = PackCompiler.kieBase(compiled);
        step.accept("kiebase      ok  created: the pack's classes are loaded only now, after every check");
        List<Path> tests = manifest.tests().stream().map(t -> dir.resolve(t).normalize()).toList();
        LOG.debug("loaded pack {}@{} from {} in {} ms ({} generated classes)", manifest.id(), manifest.version(),
                dir, (System.nanoTime() - start) / 1_000_000, compiled.classFiles().size());
        return new LoadedPack(manifest.id(), manifest.version(), manifest.vendor(), manifest.description(),
                manifest.namespaces(), manifest.acceptsTargetsFrom(), digest, dir, tests, kieBase);
    }

    static List<Path> findPacks(Path root, List<Problem> problems) {
        if (Files.isRegularFile(root.resolve(PackManifest.FILE_NAME))) {
            return List.of(root);
        }
        if (!Files.isDirectory(root)) {
            problems.add(new Problem(root.toString(), "", "no such pack folder"));
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            List<Path> found = children.filter(p -> Files.isRegularFile(p.resolve(PackManifest.FILE_NAME)))
                    .sorted().toList();
            if (found.isEmpty()) {
                problems.add(new Problem(root.toString(), "", "holds no pack: no pack.json in it or its sub-folders"));
            }
            return found;
        } catch (IOException e) {
            problems.add(new Problem(root.toString(), "", "cannot be listed: " + e.getMessage()));
            return List.of();
        }
    }

    private static String readDrl(Path file, String display, List<Problem> problems) {
        try {
            long size = Files.size(file);
            if (size > MAX_DRL_BYTES) {
                problems.add(new Problem(display, "", "DRL file of " + size + " bytes exceeds the limit of " + MAX_DRL_BYTES));
                return null;
            }
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            problems.add(new Problem(display, "", "DRL file is not valid UTF-8"));
        } catch (IOException e) {
            problems.add(new Problem(display, "", "cannot be read: " + e.getMessage()));
        }
        return null;
    }

    /** SHA-256 over the manifest and every file it names, in a fixed order, each preceded by its path. */
    static String digest(Path dir, PackManifest manifest) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<String> files = new ArrayList<>();
            files.add(PackManifest.FILE_NAME);
            files.addAll(manifest.rules());
            files.addAll(manifest.tests());
            for (String rel : files.stream().sorted().distinct().toList()) {
                byte[] bytes = Files.readAllBytes(dir.resolve(rel));
                sha.update(rel.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(bytes);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        } catch (IOException e) {
            throw new PackProblems(List.of(new Problem(dir.toString(), "", "cannot be read: " + e.getMessage())));
        }
    }
}
