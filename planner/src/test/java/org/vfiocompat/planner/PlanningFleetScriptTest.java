package org.vfiocompat.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/planning-fleet.json is what scripts/make-planning-fleet.py writes, byte for byte: when
 * a pack's version format changes, the example and the script that documents how it was made
 * change together (the script kept writing the old formats once, unnoticed).
 */
class PlanningFleetScriptTest {

    @Test
    void theScriptWritesTheExampleFleet(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("planning-fleet.json");
        Process p;
        try {
            p = new ProcessBuilder("python3", "-B", TestFleets.ROOT.resolve("scripts/make-planning-fleet.py").toString(), out.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not installed: " + e.getMessage());
            return;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the script finishes").isTrue();
        assertThat(p.exitValue()).as("exit; output: %s", new String(p.getInputStream().readAllBytes())).isZero();
        assertThat(Files.readString(out)).isEqualTo(Files.readString(TestFleets.PLANNING));
    }
}
