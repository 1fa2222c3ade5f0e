package org.vfiocompat.engine.isolation;

import java.nio.file.Path;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.Isolation;
import org.vfiocompat.engine.Signature;
import org.vfiocompat.engine.eval.PackEvaluator;
import org.vfiocompat.engine.pack.KieBases;
import org.vfiocompat.engine.pack.LoadedPack;

/** Which judge a pack gets under an isolation mode. */
public final class Judges {

    private Judges() {
    }

    /**
     * Whether a pack signed as {@code signer} says runs in a worker JVM: in {@link Isolation#PROCESS}
     * every pack not signed by a key the trust store trusts does; a pack so signed, and every pack
     * in {@link Isolation#IN_PROCESS}, runs in the engine's JVM.
     */
    public static boolean inWorker(Signature signer, Isolation isolation) {
        return isolation == Isolation.PROCESS && signer.status() != Signature.Status.VERIFIED;
    }

    /** The packs whose KieBase the engine creates under {@code isolation}: those it evaluates itself. */
    public static KieBases kieBases(Isolation isolation) {
        return isolation == Isolation.PROCESS ? signer -> !inWorker(signer, isolation) : KieBases.EVERY_PACK;
    }

    /**
     * Starts one worker JVM ahead under {@link Isolation#PROCESS}, before the engine loads its
     * packs: it starts the JVM and Drools beside the engine's own loading, and the first pack to
     * need a worker takes it ({@link SpareWorker}).
     *
     * @param packCache the compiled-pack cache folder, where the workers' class-data archive is kept; null: none
     */
    public static void prestart(Isolation isolation, Path packCache) {
        if (isolation == Isolation.PROCESS) {
            WorkerJudge.prestart(packCache);
        }
    }

    /** Ends the worker started ahead if no pack took it: the engine is closing, or none of its packs needs a worker. */
    public static void discardSpare() {
        SpareWorker.discard();
    }

    /** Whether any of {@code judges} evaluates in a worker JVM. */
    public static boolean anyInWorker(java.util.Collection<PairJudge> judges) {
        return judges.stream().anyMatch(j -> j instanceof WorkerJudge);
    }

    /**
     * The judge of {@code pack}: a worker JVM of its own when {@link #inWorker} says so, else the
     * engine's JVM.
     *
     * @param packCache the compiled-pack cache folder, where the workers' class-data archive is kept; null: none
     */
    public static PairJudge of(LoadedPack pack, EvaluationLimits limits, Isolation isolation, Path packCache) {
        if (inWorker(pack.signer(), isolation)) {
            return new WorkerJudge(pack, limits, packCache);
        }
        return new InProcessJudge(new PackEvaluator(pack, limits));
    }
}
