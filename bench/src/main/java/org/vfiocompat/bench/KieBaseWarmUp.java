package org.vfiocompat.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.eval.PackEvaluator;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.engine.pack.VerifiedPack;
import org.vfiocompat.engine.trust.TrustPolicy;

/**
 * What a pack worker's warm-up ({@code WorkerWarmUp}) saves the first pack it loads, in one fresh
 * JVM: optionally the warm-up first, then, for each pack folder given, the time to make its
 * KieBase from the verified build (what a worker does with the pack it is sent) and its
 * evaluator. The packs are compiled (or taken from the CLI's pack cache, or the folder
 * {@code -Dvfiocompat.bench.packCache} names) before any of that is timed.
 * One line per step on standard output: {@code warm-up <ms>} and {@code <pack> <kiebase ms>
 * <evaluator ms>}.
 *
 * <p>Run through {@code bench/warm-up.sh}, which starts this JVM several times each way and prints
 * the medians: {@code java -cp bench/target/benchmarks.jar org.vfiocompat.bench.KieBaseWarmUp
 * [--warm] PACK_DIR...}
 */
public final class KieBaseWarmUp {

    private KieBaseWarmUp() {
    }

    public static void main(String[] args) throws Exception {
        boolean warm = args.length > 0 && args[0].equals("--warm");
        List<String> packs = List.of(args).subList(warm ? 1 : 0, args.length);
        if (packs.isEmpty()) {
            System.err.println("usage: KieBaseWarmUp [--warm] PACK_DIR...");
            System.exit(2);
        }
        // The CLI's pack cache, so that a pack is compiled once for all the runs.
        Path cache = Path.of(System.getProperty("vfiocompat.bench.packCache",
                Path.of(System.getProperty("user.home"), ".cache", "vfio-compat", "packs").toString()));
        // Compiled and verified first, untimed: the worker gets a verified build, not sources.
        List<VerifiedPack> verified = PackLoader.loadAll(packs, cache, TrustPolicy.OFF, Map.of(), id -> false)
                .packs().stream().map(VerifiedPack::of).toList();
        if (warm) {
            long start = System.nanoTime();
            int fired = runWarmUp();
            System.out.printf("warm-up %d%n", (System.nanoTime() - start) / 1_000_000);
            if (fired != 1) {
                throw new IllegalStateException("the warm-up fired " + fired + " rules, not 1");
            }
        }
        for (VerifiedPack v : verified) {
            long start = System.nanoTime();
            LoadedPack pack = v.load();
            long built = System.nanoTime();
            new PackEvaluator(pack, EvaluationLimits.DEFAULT);
            long done = System.nanoTime();
            System.out.printf("%s %d %d%n", v.id(), (built - start) / 1_000_000, (done - built) / 1_000_000);
        }
    }

    /**
     * The worker's own warm-up, {@code WorkerWarmUp.run()}: package-private (nothing outside its
     * package uses it, and the architecture test holds that), so reached by reflection, from the
     * class path this benchmark runs on.
     */
    private static int runWarmUp() throws ReflectiveOperationException {
        java.lang.reflect.Method run = Class.forName("org.vfiocompat.engine.isolation.WorkerWarmUp").getDeclaredMethod("run");
        run.setAccessible(true);
        return (int) run.invoke(null);
    }
}
