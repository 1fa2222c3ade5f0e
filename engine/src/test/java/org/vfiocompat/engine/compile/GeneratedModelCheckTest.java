package org.vfiocompat.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.drl.PackRule;

/** The built model is held against the rules the DRL declared (issue 13, class 6). */
class GeneratedModelCheckTest {

    private static final String DRL = """
            package packs.model_check;
            import org.vfiocompat.rules.Source;
            import org.vfiocompat.rules.Finding;
            rule "declared"
            when
                Source( )
            then
                insert(Finding.live(1, "x"));
            end
            rule "second"
            when
                Source( )
            then
                insert(Finding.live(2, "y"));
            end
            """;

    private static KieBase built() {
        PackIdentity identity = new PackIdentity("model-check", "1.0.0", "packs.model_check");
        CompiledPack pack = PackCompiler.compile(identity, Map.of("rules/main.drl", DRL),
                "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        return PackCompiler.kieBase(pack);
    }

    @Test
    void aModelWithTheDeclaredRulesPasses() {
        List<Problem> problems = GeneratedModelCheck.check(built(), List.of(new PackRule("declared", "f", 4),
                new PackRule("second", "f", 10)), "model-check/pack.json");
        assertThat(problems).isEmpty();
    }

    @Test
    void aRuleTheDrlDoesNotDeclareIsRefusedAndSoIsAMissingOne() {
        List<Problem> problems = GeneratedModelCheck.check(built(), List.of(new PackRule("declared", "f", 4),
                new PackRule("ghost", "f", 10)), "model-check/pack.json");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCodes.PACK_MODEL_MISMATCH);
            assertThat(p.message()).isEqualTo("model check: the built model's rules differ from the DRL's: "
                    + "not declared 'second'; declared but not built 'ghost'");
        });
    }
}
