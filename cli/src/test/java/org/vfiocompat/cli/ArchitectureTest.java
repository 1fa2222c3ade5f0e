package org.vfiocompat.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** The module boundaries of DEVELOPERS.md, as tests. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.vfiocompat");

    @Test
    void rulesApiDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage("org.vfiocompat.rules..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.vfiocompat.rules..", "java..")
                .check(CLASSES);
    }

    @Test
    void cliUsesOnlyTheEnginesPublicApi() {
        noClasses().that().resideInAPackage("org.vfiocompat.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vfiocompat.engine.*..", "org.drools..", "org.kie..")
                .check(CLASSES);
    }

    @Test
    void engineNeverReachesIntoTheCli() {
        noClasses().that().resideInAPackage("org.vfiocompat.engine..")
                .should().dependOnClassesThat().resideInAPackage("org.vfiocompat.cli..")
                .check(CLASSES);
    }

    /**
     * Every package is a slice of its own, the engine's root package (the public API) included:
     * the API depends on no internal package (it finds its implementation through
     * ServiceLoader), and no two internal packages depend on each other both ways.
     */
    @Test
    void noPackageCyclesRootIncluded() {
        slices().matching("org.vfiocompat.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theEnginesPublicApiDependsOnNoInternalPackage() {
        noClasses().that().resideInAPackage("org.vfiocompat.engine")
                .should().dependOnClassesThat().resideInAPackage("org.vfiocompat.engine.*..")
                .check(CLASSES);
    }

    /**
     * Inside the engine, a class is public only because another package needs it: a public class
     * that nothing outside its own package uses should be package-private.
     */
    @Test
    void engineImplementationClassesArePublicOnlyWhenAnotherPackageUsesThem() {
        classes().that().resideInAPackage("org.vfiocompat.engine.*..")
                .and().arePublic().and().areTopLevelClasses()
                // ServiceLoader needs the provider public; nothing names it but META-INF/services.
                .and().doNotImplement(org.vfiocompat.engine.EngineProvider.class)
                .should(beUsedFromAnotherPackage())
                .check(CLASSES);
    }

    private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
        return new ArchCondition<>("be used from another package") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean usedOutside = c.getDirectDependenciesToSelf().stream()
                        .anyMatch(d -> !d.getOriginClass().getPackageName().equals(c.getPackageName()));
                // A worker JVM's entry point is started by name on a command line, so the JVM needs it public.
                boolean entryPoint = c.getMethods().stream().anyMatch(m -> m.getName().equals("main")
                        && m.getModifiers().contains(JavaModifier.STATIC) && m.getModifiers().contains(JavaModifier.PUBLIC));
                if (!usedOutside && !entryPoint) {
                    events.add(SimpleConditionEvent.violated(c, c.getName()
                            + " is public but used only inside " + c.getPackageName() + ": make it package-private"));
                }
            }
        };
    }

    @Test
    void engineSubPackageClassesAreNotUsedPubliclyByAccident() {
        // The engine's root package is its public API; its classes are final or records, never open for extension
        // except the exception hierarchy.
        classes().that().resideInAPackage("org.vfiocompat.engine").and().arePublic().and().areNotInterfaces()
                .and().areNotEnums().and().doNotHaveSimpleName("InputException")
                .should().haveModifier(JavaModifier.FINAL)
                .check(CLASSES);
    }
}
