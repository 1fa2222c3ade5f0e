package org.vfiocompat.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.BatchSummary;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Isolation;
import org.vfiocompat.engine.SourceResult;
import org.vfiocompat.engine.runtime.RuntimeEngine;

/**
 * A batch and a ranking hand a worker their distinct pairs in bulk, before they walk them: a few
 * requests of many pairs, not one message per pair, and the same results as in the engine's JVM.
 */
class BulkCrossingTest {

    /** 30 hosts with 3 assigned and 3 free devices each, of 40 versions: over a thousand distinct pairs. */
    private static Fleet fleet() {
        List<FleetDevice> devices = new ArrayList<>();
        for (int h = 0; h < 30; h++) {
            for (int i = 0; i < 6; i++) {
                String version = "v" + (h * 7 + i * 13) % 40;
                devices.add(new FleetDevice("host-" + h, "dev-" + i, AcmePack.profile(version), "", i < 3 ? "vm-" + h + "-" + i : ""));
            }
        }
        return Fleet.of("acme-fleet", List.of(), devices, List.of());
    }

    private static WorkerJudge judgeOf(CompatibilityEngine engine) {
        return (WorkerJudge) ((RuntimeEngine) engine).currentSet().evaluators().values().iterator().next();
    }

    @Test
    void aBatchAndARankingCrossInBulkWithTheAnswersOfTheEnginesJvm(@TempDir Path dir) throws IOException {
        AcmePack.write(Files.createDirectories(dir.resolve("packs")));
        Fleet fleet = fleet();
        try (CompatibilityEngine inProcess = AcmePack.engine(dir, Isolation.IN_PROCESS);
             CompatibilityEngine process = AcmePack.engine(dir, Isolation.PROCESS)) {
            List<SourceResult> expected = new ArrayList<>();
            inProcess.batch(fleet, 5, expected::add);
            List<SourceResult> actual = new ArrayList<>();
            BatchSummary summary = process.batch(fleet, 5, actual::add);
            assertThat(actual).isEqualTo(expected);
            assertThat(actual).anySatisfy(r -> assertThat(r.top()).isNotEmpty());

            WorkerJudge judge = judgeOf(process);
            // The engine checked the worker's pack but created no KieBase for it: only its worker has one.
            assertThat(judge.pack().hasKieBase()).isFalse();
            long pairs = summary.distinctPairsEvaluated();
            assertThat(pairs).isGreaterThan(1000);
            assertThat(judge.requestsSent()).isEqualTo((int) ((pairs + WorkerJudge.CHUNK - 1) / WorkerJudge.CHUNK));
            assertThat(judge.workersStarted()).isEqualTo(1);

            // Asked again, every pair is in the verdict cache: the worker is not asked at all.
            process.batch(fleet, 5, r -> { });
            int afterBatches = judge.requestsSent();
            assertThat(afterBatches).isEqualTo((int) ((pairs + WorkerJudge.CHUNK - 1) / WorkerJudge.CHUNK));

            // A ranking of a new source against every candidate: one request for all its distinct targets.
            List<Candidate> candidates = fleet.candidatesElsewhere("host-0");
            assertThat(process.rank(AcmePack.profile("v3x"), candidates))
                    .isEqualTo(inProcess.rank(AcmePack.profile("v3x"), candidates));
            assertThat(judge.requestsSent()).isEqualTo(afterBatches + 1);
        }
    }
}
