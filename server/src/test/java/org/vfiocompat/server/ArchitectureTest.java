package org.vfiocompat.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The server's boundary: the engine's public API and the rules API, nothing inside the engine, never the CLI. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.vfiocompat");

    /**
     * Caffeine is not on this list: the server's own answer cache ({@link AnswerCache}) uses it
     * directly, as a library of its own, never through or into the engine's verdict cache.
     */
    @Test
    void serverUsesOnlyTheEnginesPublicApi() {
        noClasses().that().resideInAPackage("org.vfiocompat.server..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vfiocompat.engine.*..", "org.drools..", "org.kie..",
                        "org.objectweb.asm..")
                .check(CLASSES);
    }

    @Test
    void serverNeverDependsOnTheCli() {
        noClasses().that().resideInAPackage("org.vfiocompat.server..")
                .should().dependOnClassesThat().resideInAPackage("org.vfiocompat.cli..")
                .check(CLASSES);
    }

    @Test
    void neitherEngineNorRulesKnowTheServer() {
        noClasses().that().resideInAnyPackage("org.vfiocompat.engine..", "org.vfiocompat.rules..")
                .should().dependOnClassesThat().resideInAPackage("org.vfiocompat.server..")
                .check(CLASSES);
    }

    @Test
    void serverStaysOffTheJdksInternalHttpServer() {
        noClasses().that().resideInAPackage("org.vfiocompat.server..")
                .should().dependOnClassesThat().resideInAnyPackage("com.sun.net.httpserver..", "jakarta.servlet..", "javax.servlet..")
                .check(CLASSES);
    }
}
