package org.vfiocompat.engine.isolation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.vfiocompat.engine.compile.CompiledPack;
import org.vfiocompat.engine.compile.CompiledPackCache;
import org.vfiocompat.engine.compile.PackCompiler;
import org.vfiocompat.engine.compile.PackIdentity;
import org.vfiocompat.engine.eval.PackEvaluator;
import org.vfiocompat.engine.pack.LoadedPack;

/**
 * The real worker ({@link WorkerMain#serve}, a real {@link PackEvaluator}, a real KieBase built
 * by {@link PackCompiler} against the pack class loader), except that the rules it evaluates are
 * those of {@code hostile.drl} beside the engine's pack, built without the load-time checks (the
 * DRL check, the bytecode verifier, the cost bounds): pack code that those checks would refuse,
 * and might one day miss, really runs inside the worker. {@link HostilePackWorkerTest} runs it
 * as a process in place of {@link WorkerMain}.
 */
public final class UncheckedPackWorker {

    private UncheckedPackWorker() {
    }

    /** Another digest, so the build is a module of its own beside the checked pack's. */
    private static final String DIGEST = "sha256:" + "f".repeat(64);

    /**
     * The build of {@code hostile.drl} in the pack folder {@code dir}, from the compiled-pack
     * cache in {@code dir/hostile-cache} (the test builds it once; a worker started again loads it
     * from there instead of building it again).
     */
    static CompiledPack hostileBuild(LoadedPack checked, Path dir) {
        PackIdentity identity = new PackIdentity(checked.id(), checked.version(), "packs." + checked.id());
        CompiledPackCache cache = new CompiledPackCache(dir.resolve("hostile-cache"));
        return cache.load(identity, DIGEST, PackCompiler.releaseId(identity, DIGEST)).orElseGet(() -> {
            String drl;
            try {
                drl = Files.readString(dir.resolve("hostile.drl"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CompiledPack built = PackCompiler.compile(identity, Map.of("rules/hostile.drl", drl), DIGEST);
            cache.store(built, DIGEST);
            return built;
        });
    }

    public static void main(String[] args) throws IOException {
        WorkerMain.serve(hello -> {
            LoadedPack checked = WorkerMain.load(hello);
            CompiledPack compiled = hostileBuild(checked, Path.of(hello.pack().location()));
            LoadedPack unchecked = new LoadedPack(checked.id(), checked.version(), checked.vendor(), checked.description(),
                    checked.namespaces(), checked.acceptsTargetsFrom(), checked.digest(), checked.files(), checked.tests(),
                    PackCompiler.kieBase(compiled), checked.tableRows(), checked.view(), checked.types(), checked.rules(),
                    checked.signer(), checked.platform(), checked.targetsJudgedBy(), checked.grants(), checked.build());
            return new PackEvaluator(unchecked, hello.limits());
        });
    }
}
