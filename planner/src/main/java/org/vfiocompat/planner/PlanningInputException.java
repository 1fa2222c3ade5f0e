package org.vfiocompat.planner;

import java.util.List;
import org.vfiocompat.engine.InputException;
import org.vfiocompat.engine.Problem;

/** A planning request that names what the fleet does not have, or asks what cannot be: exit 2 in the CLI. */
public final class PlanningInputException extends InputException {

    public PlanningInputException(List<Problem> problems) {
        super(problems, null);
    }
}
