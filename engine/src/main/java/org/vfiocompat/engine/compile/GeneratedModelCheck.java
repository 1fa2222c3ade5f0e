package org.vfiocompat.engine.compile;

import java.util.ArrayList;
import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.drl.PackRule;

/**
 * The built KieBase holds exactly what the DRL declared: the same rules by name, and no query
 * or global. DRL text becomes Java source in the executable model, and generated
 * code could build a rule the DRL does not show (issue 13, class 6); the DRL check lets only
 * plain names through and the allow-list lets no refused attribute be named, and this check
 * holds the result against the declaration whatever the generator did. It runs after the
 * KieBase is created and before any session exists, so nothing the model holds has fired yet.
 */
public final class GeneratedModelCheck {

    private GeneratedModelCheck() {
    }

    /** Problems (located at {@code file}) where {@code kieBase} differs from the {@code declared} rules. */
    public static List<Problem> check(KieBase kieBase, List<PackRule> declared, String file) {
        List<String> expected = new ArrayList<>();
        for (PackRule rule : declared) {
            expected.add(rule.name());
        }
        List<String> built = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                built.add(rule.getName());
            }
            if (!pkg.getQueries().isEmpty() || !pkg.getGlobalVariables().isEmpty()) {
                problems.add(new Problem(ProblemCodes.PACK_MODEL_MISMATCH, Location.file(file), "model check: package "
                        + pkg.getName() + " of the built model holds queries or globals, which the DRL check refuses"));
            }
        }
        List<String> extra = new ArrayList<>(built);
        expected.forEach(extra::remove);
        List<String> missing = new ArrayList<>(expected);
        built.forEach(missing::remove);
        if (!extra.isEmpty() || !missing.isEmpty()) {
            problems.add(new Problem(ProblemCodes.PACK_MODEL_MISMATCH, Location.file(file), "model check: the built model's rules differ from the DRL's: "
                    + (extra.isEmpty() ? "" : "not declared " + quoted(extra)) + (extra.isEmpty() || missing.isEmpty() ? "" : "; ")
                    + (missing.isEmpty() ? "" : "declared but not built " + quoted(missing))));
        }
        return problems;
    }

    private static String quoted(List<String> names) {
        List<String> shown = names.stream().sorted().limit(5).map(n -> "'" + n + "'").toList();
        return String.join(", ", shown) + (names.size() > shown.size() ? " and " + (names.size() - shown.size()) + " more" : "");
    }
}
