package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which JIT the launcher script gives the JVM: C1 only for short commands, the full JIT for
 * {@code serve} and for a {@code batch} over an inventory of at least
 * {@code VFIO_COMPAT_FULL_JIT_BYTES} (a {@code .gz} counted 13 times its size), however the
 * inventory option is spelt; pack workers stay at C1 but under {@code serve}. Behind the script is
 * {@link LauncherJitProbe} in a jar laid out as the build's, which prints what its JVM got.
 */
class LauncherJitTest {

    /** What the launcher passes when it stops at C1, and the level the JVM reports then. */
    private static final String C1 = "TieredStopAtLevel=1";
    private static final String FULL = "TieredStopAtLevel=4";

    @TempDir
    Path dir;
    private Path root;

    @BeforeEach
    void checkout() throws IOException {
        root = LauncherCheckout.make(dir, LauncherJitProbe.class);
        Files.write(dir.resolve("small.ndjson"), new byte[100]);
        Files.write(dir.resolve("large.ndjson"), new byte[1000]);
        Files.write(dir.resolve("packed.ndjson.gz"), new byte[100]); // counts as 1,300
    }

    /** The probe's two lines, from the launcher run in {@code dir} with a threshold of 1,000 bytes. */
    private List<String> launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("vfio-compat").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("VFIO_COMPAT_CDS", "off");
        pb.environment().put("VFIO_COMPAT_FULL_JIT_BYTES", "1000");
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        pb.environment().remove("VFIO_COMPAT_JAVA_OPTS");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    void aShortCommandAndItsWorkersStopAtC1() throws Exception {
        assertThat(launch("check", "a", "b")).containsExactly(C1, "workers=-XX:" + C1);
        assertThat(launch("batch", "--inventory", "small.ndjson")).containsExactly(C1, "workers=-XX:" + C1);
    }

    @Test
    void aBatchOverALargeInventoryKeepsTheFullJitAndItsWorkersStayAtC1() throws Exception {
        for (List<String> args : List.of(List.of("batch", "--inventory", "large.ndjson"), List.of("batch", "--inventory=large.ndjson"),
                List.of("-v", "batch", "--top", "3", "-i", "large.ndjson"), List.of("batch", "-i=large.ndjson", "--quiet"),
                List.of("batch", "--inventory", "packed.ndjson.gz"))) {
            assertThat(launch(args.toArray(String[]::new))).as("%s", args).containsExactly(FULL, "workers=-XX:" + C1);
        }
    }

    @Test
    void onlyTheInventoryOfABatchCountsAndAMissingOneIsSmall() throws Exception {
        assertThat(launch("rank", "--inventory", "large.ndjson", "h/d")).containsExactly(C1, "workers=-XX:" + C1);
        assertThat(launch("batch", "--inventory", "missing.ndjson")).containsExactly(C1, "workers=-XX:" + C1);
        assertThat(launch("batch", "--out", "large.ndjson", "--inventory", "small.ndjson")).containsExactly(C1, "workers=-XX:" + C1);
    }

    @Test
    void serveAndItsWorkersKeepTheFullJit() throws Exception {
        assertThat(launch("serve")).containsExactly(FULL, "workers=");
    }
}
