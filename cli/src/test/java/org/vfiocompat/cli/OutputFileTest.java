package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code --out} may name, on real files: regular files are replaced whole with the umask's
 * or the old file's permissions, links keep pointing where they did, devices are written
 * through, folders are refused, and a stop before the commit leaves nothing behind.
 */
class OutputFileTest {

    private static final String[] BATCH = {"batch", "--inventory", CliRun.FLEET.toString(), "--format", "csv", "--quiet"};

    private static CliRun batchTo(String out) {
        String[] args = java.util.Arrays.copyOf(BATCH, BATCH.length + 2);
        args[BATCH.length] = "--out";
        args[BATCH.length + 1] = out;
        return CliRun.run(args);
    }

    private static String expected() {
        return CliRun.run(BATCH).out();
    }

    @Test
    void aNewFileFollowsTheUmaskAndAReplacedOneKeepsItsPermissions(@TempDir Path dir) throws IOException {
        Path fresh = dir.resolve("fresh.csv");
        CliRun r = batchTo(fresh.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(fresh)).isEqualTo(expected());
        // What any file the JVM creates without attributes gets: 0666 less the umask.
        Path probe = Files.createFile(dir.resolve("probe"));
        assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(Files.getPosixFilePermissions(probe));
        assertThat(Files.getPosixFilePermissions(fresh)).contains(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);

        Path shared = dir.resolve("shared.csv");
        Files.writeString(shared, "old\n");
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(shared, mode);
        assertThat(batchTo(shared.toString()).exitCode()).isZero();
        assertThat(Files.readString(shared)).isEqualTo(expected());
        assertThat(Files.getPosixFilePermissions(shared)).isEqualTo(mode);
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void aLinkKeepsPointingAtItsFileWhichIsReplaced(@TempDir Path dir) throws IOException {
        Path real = Files.writeString(dir.resolve("real.csv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real.getFileName());
        assertThat(batchTo(link.toString()).exitCode()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo(expected());
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void aLinkToNothingIsRefusedAndLeftAsItIs(@TempDir Path dir) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("dangling.csv"), Path.of("gone.csv"));
        CliRun r = batchTo(link.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("vfio-compat: error: cannot write " + link
                + ": a symbolic link to nothing; it names no file to replace\n");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.exists(dir.resolve("gone.csv"))).isFalse();
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void aDeviceIsWrittenThroughNeverReplaced() {
        CliRun r = batchTo("/dev/null");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.isRegularFile(Path.of("/dev/null"))).as("/dev/null is still a device").isFalse();
        assertThat(Files.exists(Path.of("/dev/null"))).isTrue();
    }

    @Test
    void foldersAndEmptyNamesAreRefusedWithExitTwo(@TempDir Path dir) {
        for (String bad : List.of(dir.toString(), ".", "/", "")) {
            CliRun r = batchTo(bad);
            assertThat(r.exitCode()).as("--out '%s': %s", bad, r.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).startsWith("vfio-compat: error: ").doesNotContain("Exception").hasLineCount(1);
        }
        CliRun missing = batchTo(dir.resolve("no/such/folder/x.csv").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("no such folder");
    }

    @Test
    void aStopBeforeTheCommitLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        // A real process, stopped with SIGTERM while the batch writes: the shutdown hook deletes
        // the temporary file and the old output is left as it was.
        Path out = Files.writeString(dir.resolve("out.ndjson"), "old\n");
        Process p = batchWritingInto(dir, out);
        boolean sawTemp = !leftovers(dir).isEmpty();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (sawTemp) {
            assertThat(Files.readString(out)).isEqualTo("old\n");
        }
        assertThat(leftovers(dir)).as("temporary files after SIGTERM").isEmpty();
    }

    @Test
    void aRunKilledOutrightLeavesATemporaryFileThatTheNextWriteDeletes(@TempDir Path dir) throws Exception {
        // SIGKILL runs no shutdown hook: the dead run's temporary file stays until a later write
        // of the same output sweeps it (named after its process, which is gone). A live
        // process's temporary file, and files of other names, are left alone.
        Path out = Files.writeString(dir.resolve("out.ndjson"), "old\n");
        Process p = batchWritingInto(dir, out);
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<Path> dead = leftovers(dir);
        assertThat(dead).as("the killed run's temporary file").hasSize(1);
        assertThat(dead.get(0).getFileName().toString()).startsWith(".out.ndjson." + p.pid() + "-");
        assertThat(Files.readString(out)).isEqualTo("old\n");
        Path live = Files.writeString(dir.resolve(".out.ndjson." + ProcessHandle.current().pid() + "-999999.tmp"), "mine");
        Path other = Files.writeString(dir.resolve(".other.ndjson." + p.pid() + "-1.tmp"), "not this output's");

        assertThat(batchTo(out.toString()).exitCode()).isZero();
        assertThat(Files.readString(out)).isEqualTo(expected());
        assertThat(leftovers(dir)).containsExactlyInAnyOrder(live, other);
    }

    /**
     * A real CLI process running a long batch into {@code out}, once its temporary file exists
     * (or it has ended, or three minutes have passed: a loaded machine compiles the packs slowly).
     */
    private static Process batchWritingInto(Path dir, Path out) throws Exception {
        Path big = dir.resolve("big.json");
        Files.writeString(big, bigFleet(), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                "org.vfiocompat.cli.Main", "batch", "--packs", CliRun.PACKS.toString(), "--no-pack-cache",
                "--inventory", big.toString(), "--format", "ndjson", "--quiet", "--threads", "1", "--out", out.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (leftovers(dir).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return p;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The example fleet's hosts repeated under new names: enough work to be stopped mid-way. */
    private static String bigFleet() throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(CliRun.FLEET.toFile());
        var hosts = (com.fasterxml.jackson.databind.node.ArrayNode) root.get("hosts");
        var copies = mapper.createArrayNode();
        for (int i = 0; i < 300; i++) {
            for (var h : hosts) {
                var c = ((com.fasterxml.jackson.databind.node.ObjectNode) h).deepCopy();
                c.put("name", h.get("name").asText() + "-" + i);
                copies.add(c);
            }
        }
        root.set("hosts", copies);
        return mapper.writeValueAsString(root);
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
