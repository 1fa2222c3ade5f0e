package org.vfiocompat.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Spark job's boundary: the engine's public API and the rules API, nothing inside the engine, never the CLI or the server. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.vfiocompat");

    @Test
    void theJobUsesOnlyTheEnginesPublicApi() {
        noClasses().that().resideInAPackage("org.vfiocompat.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vfiocompat.engine.*..", "org.drools..", "org.kie..",
                        "com.github.benmanes.caffeine..", "org.objectweb.asm..")
                .check(CLASSES);
    }

    @Test
    void theJobNeverDependsOnTheCliOrTheServer() {
        noClasses().that().resideInAPackage("org.vfiocompat.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vfiocompat.cli..", "org.vfiocompat.server..")
                .check(CLASSES);
    }

    @Test
    void neitherEngineNorRulesKnowSpark() {
        noClasses().that().resideInAnyPackage("org.vfiocompat.engine..", "org.vfiocompat.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vfiocompat.spark..", "org.apache.spark..")
                .check(CLASSES);
    }
}
