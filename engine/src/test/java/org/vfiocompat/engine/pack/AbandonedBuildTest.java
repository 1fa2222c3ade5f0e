package org.vfiocompat.engine.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.compile.PackCompiler;
import org.vfiocompat.engine.compile.PackIdentity;

/**
 * A pack build refused at its load deadline may still finish later in its abandoned thread (a
 * JVM without {@code Thread.stop()}, or a build that does not yield to it), and Drools registers
 * every finished build in its global KieRepository. A server that reloads for months must not
 * keep such builds: each holds its generated classes' bytes, and its class loader once loaded.
 */
class AbandonedBuildTest {

    @AfterEach
    void restore() {
        System.clearProperty(LoadDeadline.PROPERTY);
        LoadDeadline.stopsThreads = true;
    }

    @Test
    void aBuildThatFinishesAfterItsRefusalLeavesNoModuleInTheKieRepository() throws Exception {
        Path pack = referencePack("intel-gvtg");
        // Its release id: the same content always gets the same one (this load releases its own build).
        LoadedPack loaded = PackLoader.load(pack);
        ReleaseId releaseId = PackCompiler.releaseId(new PackIdentity(loaded.id(), loaded.version(), "unused"), loaded.digest());
        assertThat(KieServices.Factory.get().getRepository().getKieModule(releaseId)).isNull();

        // Refused at once (1 ms), and not stopped: the build goes on to its end after the refusal.
        LoadDeadline.stopsThreads = false;
        System.setProperty(LoadDeadline.PROPERTY, "0.001");
        assertThatThrownBy(() -> PackLoader.load(pack)).isInstanceOfSatisfying(PackProblems.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ProblemCodes.PACK_LOAD_DEADLINE);
                    assertThat(p.message()).contains("build did not finish");
                }));
        // Whether the build still runs now depends on the machine: the refusal waits a moment for
        // it, and an idle machine finishes the build within that wait. Either way it finished
        // after the refusal was decided, and its module must be gone once it has ended.
        for (Thread t : buildThreads(loaded.id())) {
            t.join(300_000);
            assertThat(t.isAlive()).as("the abandoned build ended within 5 minutes").isFalse();
        }
        assertThat(KieServices.Factory.get().getRepository().getKieModule(releaseId))
                .as("the module of the build that finished after its refusal").isNull();
    }

    private static List<Thread> buildThreads(String packId) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("vfio-compat-pack-build-" + packId)).toList();
    }

    /** A pack of the repository's {@code vendor-packs/}, whether tests run from the root or from engine/. */
    private static Path referencePack(String id) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("vendor-packs").resolve(id)) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("vendor-packs").resolve(id);
            }
        }
        throw new IllegalStateException("cannot find vendor-packs/" + id + " above " + Path.of("").toAbsolutePath());
    }
}
