package org.vfiocompat.planner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The planner's boundary: the engine's public API, the rules API and OR-Tools; nothing inside the engine. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.vfiocompat");

    @Test
    void plannerUsesOnlyTheEnginesPublicApi() {
        noClasses().that().resideInAPackage("org.vfiocompat.planner..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vfiocompat.engine.*..", "org.drools..", "org.kie..",
                        "com.github.benmanes.caffeine..", "org.objectweb.asm..", "org.vfiocompat.cli..", "org.vfiocompat.server..")
                .check(CLASSES);
    }

    @Test
    void neitherEngineNorRulesKnowThePlanner() {
        noClasses().that().resideInAnyPackage("org.vfiocompat.engine..", "org.vfiocompat.rules..", "org.vfiocompat.server..")
                .should().dependOnClassesThat().resideInAPackage("org.vfiocompat.planner..")
                .check(CLASSES);
    }

    @Test
    void theSolverStaysInsideTheModel() {
        // Only the CP-SAT binding touches OR-Tools: the public results never expose a solver type.
        noClasses().that().resideInAPackage("org.vfiocompat.planner").and().haveNameNotMatching(".*\\.AssignmentModel(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("com.google.ortools..")
                .check(CLASSES);
    }
}
