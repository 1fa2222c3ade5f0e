package org.vfiocompat.json;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The JSON views' boundary: the engine's public API, the rules API and Jackson, nothing inside
 * the engine, and none of the modules that write with it (CLI, server, Spark job), so each of
 * them can use it without bringing in another's dependencies (the Spark job never gets Jetty).
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.vfiocompat");

    @Test
    void theViewsUseOnlyTheEnginesPublicApi() {
        noClasses().that().resideInAPackage("org.vfiocompat.json..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vfiocompat.engine.*..", "org.drools..", "org.kie..",
                        "com.github.benmanes.caffeine..", "org.objectweb.asm..")
                .check(CLASSES);
    }

    @Test
    void theViewsKnowNoneOfTheirWriters() {
        noClasses().that().resideInAPackage("org.vfiocompat.json..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vfiocompat.cli..", "org.vfiocompat.server..",
                        "org.vfiocompat.spark..", "org.vfiocompat.planner..", "org.eclipse.jetty..", "org.apache.spark..",
                        "io.micrometer..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void neitherEngineNorRulesKnowTheViews() {
        noClasses().that().resideInAnyPackage("org.vfiocompat.engine..", "org.vfiocompat.rules..")
                .should().dependOnClassesThat().resideInAPackage("org.vfiocompat.json..")
                .check(CLASSES);
    }
}
