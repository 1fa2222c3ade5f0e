package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --strict-packs} in the collectors ({@code inventory collect}, {@code inventory import}),
 * which read the packs' manifests and nothing else: a pack whose manifest does not read is a
 * warning and the inventory is made from the other packs' derive entries, byte for byte what it
 * is without the broken pack; with {@code --strict-packs} it is the located error and exit 2,
 * and nothing is written.
 */
class CliCollectorRefusedPackTest {

    private static final Path HOST_4 = CliRun.ROOT.resolve("examples/hosts/host-4");
    private static final Path FORMATS = CliRun.ROOT.resolve("engine/src/test/resources/formats");

    @TempDir
    static Path broken;

    @BeforeAll
    static void aPackWhoseManifestDoesNotRead() throws IOException {
        Files.createDirectories(broken.resolve("broken"));
        Files.writeString(broken.resolve("broken/pack.json"), "{\"id\": 3, \"version\": \"1.0.0\"}\n");
    }

    @Test
    void collectWarnsAndUsesTheOtherPacks() {
        CliRun alone = CliRun.run("inventory", "collect", "--from", HOST_4.toString(), "--packs", CliRun.PACKS.toString());
        assertThat(alone.exitCode()).as(alone.err()).isZero();

        CliRun withBroken = CliRun.run("inventory", "collect", "--from", HOST_4.toString(), "--packs", CliRun.PACKS.toString(),
                "--packs", broken.toString());
        assertThat(withBroken.exitCode()).as(withBroken.err()).isZero();
        assertThat(withBroken.out()).isEqualTo(alone.out());
        assertThat(withBroken.err()).startsWith("vfio-compat: warning: " + broken.resolve("broken/pack.json")
                + " at /id (line 1:8): pack refused, its derive entries are not used: expected a string, got a number (3)\n");
        assertThat(withBroken.err()).endsWith(alone.err());
    }

    @Test
    void collectWithStrictPacksExitsTwoAndWritesNothing(@TempDir Path out) {
        Path file = out.resolve("inventory.json");
        CliRun run = CliRun.run("inventory", "collect", "--from", HOST_4.toString(), "--packs", CliRun.PACKS.toString(),
                "--packs", broken.toString(), "--strict-packs", "--out", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("vfio-compat: error: " + broken.resolve("broken/pack.json")
                + " at /id (line 1:8): expected a string, got a number (3)\n");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void aLocationHoldingNoPackStaysAnErrorAsForAnEngine() {
        Path nowhere = broken.resolve("no-such-folder");
        CliRun run = CliRun.run("inventory", "collect", "--from", HOST_4.toString(), "--packs", CliRun.PACKS.toString(),
                "--packs", nowhere.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("vfio-compat: error: " + nowhere + ": no such pack folder or archive\n");
    }

    @Test
    void importBehavesAlike() {
        String[] input = {"inventory", "import", "--host", "h", "--mdevctl-types", FORMATS.resolve("mdevctl-types.json").toString(),
                "--mdevctl-list", FORMATS.resolve("mdevctl-list.json").toString(), "--packs", CliRun.PACKS.toString()};
        CliRun alone = CliRun.run(input);
        assertThat(alone.exitCode()).as(alone.err()).isZero();

        CliRun lenient = CliRun.run(concat(input, "--packs", broken.toString()));
        assertThat(lenient.exitCode()).as(lenient.err()).isZero();
        assertThat(lenient.out()).isEqualTo(alone.out());
        assertThat(lenient.err()).contains("pack refused, its derive entries are not used: expected a string, got a number (3)");

        CliRun strict = CliRun.run(concat(input, "--packs", broken.toString(), "--strict-packs"));
        assertThat(strict.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(strict.out()).isEmpty();
        assertThat(strict.err()).startsWith("vfio-compat: error: " + broken.resolve("broken/pack.json") + " at /id");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
