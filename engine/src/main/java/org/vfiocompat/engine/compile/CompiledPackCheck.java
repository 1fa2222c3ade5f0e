package org.vfiocompat.engine.compile;

import java.util.List;
import org.vfiocompat.engine.Problem;

/**
 * A check on a compiled pack that runs after the build and before the KieBase is created.
 * That place matters: creating the KieBase already runs pack code (constant constraints,
 * {@code from} sources), so anything that must be refused has to be refused here.
 */
public interface CompiledPackCheck {

    /** The problems found; empty when the pack passes. {@code file} names the pack in problems. */
    List<Problem> check(CompiledPack pack, String file);
}
