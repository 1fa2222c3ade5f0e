package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.vfiocompat.engine.compile.PackCompiler;
import org.vfiocompat.engine.compile.PackIdentity;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.runtime.RuntimeEngine;
import org.vfiocompat.rules.DeviceProfile;

/**
 * A long-running server reloads changed packs for ever: a replaced pack build (its KieBase, its
 * generated classes and their class loader) must become garbage once the engine no longer keeps
 * it, or metaspace and the code cache grow with every reload. Drools' global KieRepository
 * would otherwise keep up to 10 versions of every pack id.
 */
class ReloadReleasesBuildsTest {

    /** More reloads than the engine keeps recent builds for (8), so the first build is dropped. */
    private static final int RELOADS = 12;

    @TempDir
    Path root;

    @TempDir
    Path compiled;

    private static final DeviceProfile A = TestPacks.mdev("acme-1", "1");

    @Test
    void aReplacedBuildsClassLoaderBecomesUnreachableAndTheKieRepositoryKeepsNoVersion() throws Exception {
        for (boolean fromCache : new boolean[] {false, true}) {
            Path pack = TestPacks.sameTypeLive(root, "acme", "acme-", 1);
            RuntimeEngine engine = (RuntimeEngine) CompatibilityEngine.builder().packs(pack).compiledPackCache(compiled).build();
            LoadedPack first = engine.currentSet().packs().get(0);
            ReleaseId firstRelease = releaseOf(first);
            WeakReference<KieBase> firstBase = new WeakReference<>(first.kieBase());
            WeakReference<ClassLoader> firstLoader = new WeakReference<>(rootClassLoader(first.kieBase()));
            first = null;
            // Each reload a content never seen before (the second pass finds every build in the
            // compiled-pack cache, the path a restarted server takes).
            for (int score = 2; score <= RELOADS + 1; score++) {
                TestPacks.sameTypeLive(root, "acme", "acme-", score);
                assertThat(engine.reload().ok()).isTrue();
                assertThat(engine.check(A, A).score()).isEqualTo(score);
                LoadedPack now = engine.currentSet().packs().get(0);
                // Once its KieBase exists a build is the engine's alone: Drools' repository keeps none.
                assertThat(KieServices.Factory.get().getRepository().getKieModule(releaseOf(now)))
                        .as("the KieRepository after reload %d (from the cache: %s)", score - 1, fromCache).isNull();
            }
            assertThat(KieServices.Factory.get().getRepository().getKieModule(firstRelease)).isNull();
            awaitCollected(firstBase, "the first build's KieBase (from the cache: " + fromCache + ")");
            awaitCollected(firstLoader, "the first build's class loader (from the cache: " + fromCache + ")");
            engine.close();
        }
    }

    private static ReleaseId releaseOf(LoadedPack pack) {
        return PackCompiler.releaseId(new PackIdentity(pack.id(), pack.version(), "unused"), pack.digest());
    }

    /** Full GCs until {@code ref} is cleared, for at most about 10 s. */
    private static void awaitCollected(WeakReference<?> ref, String what) throws InterruptedException {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(200);
        }
        assertThat(ref.get()).as(what + " is still reachable after 50 full GCs").isNull();
    }

    /**
     * The class loader of {@code base}'s generated classes: Drools' {@code RuleBase#getRootClassLoader},
     * called by name because drools-base is only a transitive dependency of the engine (declaring it
     * for one test would make the dependency analysis call it test-only).
     */
    private static ClassLoader rootClassLoader(KieBase base) throws ReflectiveOperationException {
        return (ClassLoader) base.getClass().getMethod("getRootClassLoader").invoke(base);
    }
}
