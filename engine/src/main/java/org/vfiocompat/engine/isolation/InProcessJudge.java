package org.vfiocompat.engine.isolation;

import java.util.Optional;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.eval.PackEvaluator;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.rules.DeviceProfile;

/** A pack evaluated in the engine's own JVM, behind the sandbox alone. */
final class InProcessJudge implements PairJudge {

    private final PackEvaluator evaluator;

    InProcessJudge(PackEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    public LoadedPack pack() {
        return evaluator.pack();
    }

    @Override
    public Optional<String> quarantineReason() {
        return evaluator.quarantineReason();
    }

    @Override
    public Verdict evaluate(DeviceProfile source, DeviceProfile target, boolean creatable) {
        return evaluator.evaluate(source, target, creatable);
    }

    @Override
    public void close() {
        // nothing runs outside the engine
    }
}
