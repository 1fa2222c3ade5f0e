package org.vfiocompat.engine.isolation;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.eval.PackEvaluator;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.engine.trust.TrustPolicy;

/**
 * The worker JVM: loads one pack (the one whose digest the engine names, from where the engine
 * loaded it), says it is ready, then answers batches of pairs until its input ends. Everything
 * the pack does stays in this process; the engine kills it when it overruns and starts another.
 * Standard output carries the protocol alone: anything else printed goes to standard error.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err);
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        WorkerProtocol.Hello hello = WorkerProtocol.readHello(in);
        PackEvaluator evaluator;
        try {
            evaluator = new PackEvaluator(load(hello), hello.limits());
        } catch (RuntimeException e) {
            out.writeBoolean(false);
            WorkerProtocol.writeString(out, String.valueOf(e.getMessage()));
            out.flush();
            return;
        }
        out.writeBoolean(true);
        out.flush();
        for (List<WorkerProtocol.Pair> pairs = WorkerProtocol.readRequest(in); pairs != null; pairs = WorkerProtocol.readRequest(in)) {
            List<Verdict> verdicts = new ArrayList<>(pairs.size());
            for (WorkerProtocol.Pair p : pairs) {
                verdicts.add(evaluator.evaluate(p.source(), p.target(), p.creatable()));
            }
            WorkerProtocol.writeResponse(out, verdicts);
        }
    }

    /** The pack the engine loaded: same location, same digest (anything else is refused). */
    private static LoadedPack load(WorkerProtocol.Hello hello) {
        PackLoader.Outcome outcome = PackLoader.loadAll(List.of(hello.location()),
                hello.packCache() == null ? null : Path.of(hello.packCache()), TrustPolicy.OFF, java.util.Map.of());
        return outcome.packs().stream().filter(p -> p.digest().equals(hello.digest())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the pack at " + hello.location()
                        + " is not the one the engine loaded (it changed since, or does not load)"));
    }
}
