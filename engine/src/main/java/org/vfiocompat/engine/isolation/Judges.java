package org.vfiocompat.engine.isolation;

import java.nio.file.Path;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.Isolation;
import org.vfiocompat.engine.Signature;
import org.vfiocompat.engine.eval.PackEvaluator;
import org.vfiocompat.engine.pack.LoadedPack;

/** Which judge a pack gets under an isolation mode. */
public final class Judges {

    private Judges() {
    }

    /**
     * In {@link Isolation#PROCESS} every pack not signed by a key the trust store trusts runs in
     * a worker JVM of its own; a pack so signed, and every pack in {@link Isolation#IN_PROCESS},
     * runs in the engine's JVM.
     *
     * @param packCache the compiled-pack cache the worker may read, or null
     */
    /**
     * Starts one worker JVM ahead, when {@code judges} has a pack in a worker: it starts beside
     * the engine's own work, and the first pack to need a worker takes it ({@link SpareWorker}).
     */
    public static void prestartFor(java.util.Collection<PairJudge> judges) {
        if (judges.stream().anyMatch(j -> j instanceof WorkerJudge)) {
            WorkerJudge.prestart();
        }
    }

    /** Ends the worker started ahead if no pack took it: the engine is closing. */
    public static void discardSpare() {
        SpareWorker.discard();
    }

    public static PairJudge of(LoadedPack pack, EvaluationLimits limits, Isolation isolation, Path packCache) {
        boolean trusted = pack.signer().status() == Signature.Status.VERIFIED;
        if (isolation == Isolation.PROCESS && !trusted) {
            return new WorkerJudge(pack, limits, packCache);
        }
        return new InProcessJudge(new PackEvaluator(pack, limits));
    }
}
