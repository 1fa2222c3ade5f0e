package org.vfiocompat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.json.BatchLines;

/**
 * The packs as an executor gets them: the engine it builds from the shipped bytes judges as one
 * built from the pack folders, and the folder the bytes were written to for the build is gone
 * once the engine is there (an executor used to leave ~40 MB in its temporary folder on every run).
 */
class PackBundleTest {

    private static final Path ROOT = SparkBatchTest.ROOT;

    @TempDir
    Path cache;

    @TempDir
    Path executorTmp;

    @Test
    void theEngineFromTheShippedBytesJudgesAsTheFoldersAndLeavesNoFolderBehind() throws IOException {
        List<Path> packs = List.of(ROOT.resolve("vendor-packs/intel-gvtg"));
        PackBundle bundle = PackBundle.load(packs, cache, List.of());
        Fleet fleet;
        try (InputStream in = Files.newInputStream(ROOT.resolve("examples/fleet.json"))) {
            fleet = Fleet.read(in, "fleet.json");
        }
        FleetDevice source = fleet.assigned().get(0);
        List<Candidate> targets = fleet.devices().stream().filter(d -> !d.assigned()).map(FleetDevice::asCandidate).toList();
        assertThat(targets).isNotEmpty();

        try (CompatibilityEngine shipped = bundle.newEngine(executorTmp);
             CompatibilityEngine direct = CompatibilityEngine.builder().packs(packs).compiledPackCache(cache).build()) {
            try (Stream<Path> left = Files.list(executorTmp)) {
                assertThat(left).as("what the executor wrote to build its engine").isEmpty();
            }
            for (Candidate t : targets) {
                assertThat(BatchLines.verdictJson(shipped.check(source.profile(), t)))
                        .isEqualTo(BatchLines.verdictJson(direct.check(source.profile(), t)));
            }
            assertThat(targets.stream().anyMatch(t -> shipped.check(source.profile(), t).compatible())).isTrue();
        }
    }
}
