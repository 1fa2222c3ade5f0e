package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine as an embedder on the module path gets it: the rules and engine modules and their
 * dependencies resolved into a module layer of their own, a pack loaded and a pair judged
 * through the exported API only.
 */
class ModulePathTest {

    /** Test-only entries of the class path: everything else is what an embedder's module path holds. */
    private static final List<String> TEST_ONLY = List.of("test-classes", "junit", "assertj", "jqwik", "opentest4j",
            "apiguardian", "archunit", "surefire", "byte-buddy", "slf4j-simple");

    private static final String PROFILE = """
            {"kind": "MDEV", "deviceApi": "vfio-pci", "migrationType": "%s", "migrationVersion": "%s"}""";

    @Test
    void aPackLoadsAndAPairIsJudgedWithTheEngineOnTheModulePath() throws Exception {
        Path[] modulePath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> TEST_ONLY.stream().noneMatch(e::contains)).map(Path::of).toArray(Path[]::new);
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolveAndBind(ModuleFinder.of(modulePath), ModuleFinder.of(),
                Set.of("org.vfiocompat.engine"));
        ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        Module engineModule = layer.findModule("org.vfiocompat.engine").orElseThrow();
        assertThat(engineModule.getDescriptor().isAutomatic()).isFalse();
        ClassLoader loader = layer.findLoader("org.vfiocompat.engine");
        // On a real module path the application loader is the modules' loader; here the test's
        // class path is the context loader, and Drools finds its services through it: point it at
        // the layer, as an embedder's would be.
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            judgeAPair(layer, engineModule, loader);
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    private static void judgeAPair(ModuleLayer layer, Module engineModule, ClassLoader loader) throws Exception {

        Class<?> engineType = loader.loadClass("org.vfiocompat.engine.CompatibilityEngine");
        assertThat(engineType.getModule()).isSameAs(engineModule);
        Class<?> profiles = loader.loadClass("org.vfiocompat.engine.Profiles");
        Method read = profiles.getMethod("read", String.class, String.class);
        Object source = read.invoke(null, PROFILE.formatted("demo-a", "1"), "source");
        Object target = read.invoke(null, PROFILE.formatted("demo-a", "2"), "target");

        Path packs = TestPacks.sameTypeLive(java.nio.file.Files.createTempDirectory("module-path-"), "demo", "demo-", 7);
        Object builder = engineType.getMethod("builder").invoke(null);
        builder.getClass().getMethod("packs", Path[].class).invoke(builder, (Object) new Path[] {packs});
        Object engine = builder.getClass().getMethod("build").invoke(builder);
        try {
            Class<?> profileType = loader.loadClass("org.vfiocompat.rules.DeviceProfile");
            Object verdict = engineType.getMethod("check", profileType, profileType).invoke(engine, source, target);
            assertThat(verdict.getClass().getMethod("level").invoke(verdict)).hasToString("LIVE");
            assertThat(verdict.getClass().getMethod("score").invoke(verdict)).isEqualTo(7);
            // The implementation is there, but not for the embedder to reach: only the API is exported.
            assertThat(engineModule.isExported("org.vfiocompat.engine")).isTrue();
            assertThat(engineModule.isExported("org.vfiocompat.engine.runtime")).isFalse();
            assertThat(engine.getClass().getName()).isEqualTo("org.vfiocompat.engine.runtime.RuntimeEngine");
        } finally {
            engineType.getMethod("close").invoke(engine);
        }
    }
}
