package org.vfiocompat.engine.compile;

import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Every class the build generated must lie in the pack's own DRL package (or be the build's
 * single project-model class), so a pack cannot define classes that shadow the rules API, the
 * JDK or another pack.
 */
public final class GeneratedClassesCheck implements CompiledPackCheck {

    /** The one class the executable-model build generates outside the pack's package. */
    static final String PROJECT_MODEL = "org/drools/project/model/";

    @Override
    public List<Problem> check(CompiledPack pack, String file) {
        String own = pack.identity().drlPackage().replace('.', '/') + "/";
        List<Problem> problems = new ArrayList<>();
        for (String classFile : pack.classFiles()) {
            if (!classFile.startsWith(own) && !classFile.startsWith(PROJECT_MODEL)) {
                problems.add(new Problem(ProblemCodes.PACK_BYTECODE_REFUSED, Location.file(file), "the build generated class " + classFile
                        + " outside the pack's package " + pack.identity().drlPackage()));
            }
        }
        return problems;
    }
}
