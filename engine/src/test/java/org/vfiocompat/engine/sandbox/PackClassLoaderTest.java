package org.vfiocompat.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a pack's class loader lets pack code see. */
class PackClassLoaderTest {

    private final PackClassLoader loader = new PackClassLoader(getClass().getClassLoader());

    @Test
    void theRulesApiTheDslAndJdkValueTypesAreVisible() throws Exception {
        assertThat(loader.loadClass("org.vfiocompat.rules.Source")).isSameAs(org.vfiocompat.rules.Source.class);
        assertThat(loader.loadClass("org.drools.model.PatternDSL")).isNotNull();
        assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
        assertThat(loader.loadClass("java.lang.RuntimeException")).isSameAs(RuntimeException.class);
    }

    @Test
    void theEngineDroolsRuntimeAndProcessFileAndNetworkClassesAreNot() {
        for (String hidden : new String[] {"org.vfiocompat.engine.CompatibilityEngine",
                "org.drools.core.common.InternalWorkingMemory", "org.drools.kiesession.session.StatefulKnowledgeSessionImpl",
                "java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.Thread", "java.io.File",
                "java.nio.file.Files", "java.net.Socket", "sun.misc.Unsafe", "com.fasterxml.jackson.databind.ObjectMapper"}) {
            assertThatThrownBy(() -> loader.loadClass(hidden)).as(hidden).isInstanceOf(ClassNotFoundException.class)
                    .hasMessageContaining("not visible to rule packs");
        }
    }

    @Test
    void classFilesAreFilteredLikeClassesBecauseTheCompilerReadsThem() {
        assertThat(loader.getResource("org/vfiocompat/rules/Source.class")).isNotNull();
        assertThat(loader.getResource("org/vfiocompat/engine/CompatibilityEngine.class")).isNull();
        assertThat(loader.getResource("java/lang/Runtime.class")).isNull();
    }

    /** Killed PIT survivors: every way to read a resource is filtered the same way, not only getResource. */
    @Test
    void resourceStreamsAndEnumerationsAreFilteredToo() throws Exception {
        try (var visible = loader.getResourceAsStream("org/vfiocompat/rules/Source.class")) {
            assertThat(visible).isNotNull();
        }
        assertThat(loader.getResourceAsStream("org/vfiocompat/engine/CompatibilityEngine.class")).isNull();
        assertThat(loader.getResources("org/vfiocompat/rules/Source.class").hasMoreElements()).isTrue();
        assertThat(loader.getResources("java/lang/Runtime.class").hasMoreElements()).isFalse();
    }

    /**
     * Killed PIT survivors (2026-12-03, both constant returns of the rule for resources that are
     * no class): only Drools' configuration under META-INF/ is readable through the pack's loader,
     * no other file of the engine's class path (its allow-list, say).
     */
    @Test
    void ofTheResourcesThatAreNoClassOnlyMetaInfIsVisible() throws Exception {
        assertThat(loader.getResource("META-INF/MANIFEST.MF")).isNotNull();
        assertThat(loader.getResources("META-INF/MANIFEST.MF").hasMoreElements()).isTrue();
        assertThat(PackClassLoaderTest.class.getClassLoader().getResource("org/vfiocompat/engine/sandbox/allowlist.txt")).isNotNull();
        assertThat(loader.getResource("org/vfiocompat/engine/sandbox/allowlist.txt")).isNull();
        assertThat(loader.getResourceAsStream("org/vfiocompat/engine/sandbox/allowlist.txt")).isNull();
    }
}
