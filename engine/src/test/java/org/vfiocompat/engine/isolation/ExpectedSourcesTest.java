package org.vfiocompat.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Isolation;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.engine.runtime.RuntimeEngine;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;

/**
 * {@link CompatibilityEngine#expect}: told of a source ahead, the engine starts the worker of the
 * pack that judges it (and its pack load) in the background, once; the pairs asked later use
 * that worker and get the verdicts they get without it. A source no pack owns starts nothing.
 */
class ExpectedSourcesTest {

    private static WorkerJudge judgeOf(CompatibilityEngine engine) {
        return (WorkerJudge) ((RuntimeEngine) engine).currentSet().evaluators().values().iterator().next();
    }

    private static Fleet fleet() {
        List<FleetDevice> devices = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            for (int i = 0; i < 4; i++) {
                devices.add(new FleetDevice("host-" + h, "dev-" + i, AcmePack.profile("v" + (h + i) % 3), "", i < 2 ? "vm-" + h + "-" + i : ""));
            }
        }
        return Fleet.of("acme-fleet", List.of(), devices, List.of());
    }

    @Test
    void anExpectedSourceStartsItsPacksWorkerAheadAndTheBatchUsesIt(@TempDir Path dir) throws Exception {
        AcmePack.write(Files.createDirectories(dir.resolve("packs")));
        Fleet fleet = fleet();
        try (CompatibilityEngine inProcess = AcmePack.engine(dir, Isolation.IN_PROCESS);
             CompatibilityEngine process = AcmePack.engine(dir, Isolation.PROCESS)) {
            WorkerJudge judge = judgeOf(process);
            assertThat(judge.workersStarted()).isZero();

            process.expect(DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType("other-x")
                    .migrationVersion("1").build());
            assertThat(judge.workersStarted()).as("a source no pack owns").isZero();

            process.expect(AcmePack.profile("v1"));
            process.expect(AcmePack.profile("v2"));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!judge.workerAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(judge.workerAlive()).isTrue();
            assertThat(judge.requestsSent()).as("started ahead, asked nothing yet").isZero();

            List<SourceResult> expected = new ArrayList<>();
            inProcess.batch(fleet, 3, expected::add);
            List<SourceResult> actual = new ArrayList<>();
            process.batch(fleet, 3, actual::add);
            assertThat(actual).isEqualTo(expected);
            assertThat(judge.workersStarted()).as("the batch took the worker started ahead").isEqualTo(1);
            assertThat(judge.requestsSent()).isEqualTo(1);
        }
    }
}
