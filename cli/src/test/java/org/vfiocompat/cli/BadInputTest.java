package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs found by fuzzing, through the command: each is one line on stderr naming the file and
 * the place, in our words (no Jackson class names), exit 2, never a crash or endless reading.
 */
class BadInputTest {

    @TempDir
    Path tmp;

    private CliRun batch(String inventory, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "batch";
        args[1] = "--inventory";
        args[2] = inventory;
        args[3] = "--quiet";
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRun.run(args);
    }

    private static void assertOneLineError(CliRun r, String expected) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("vfio-compat: error: " + expected + "\n");
    }

    @Test
    void nullWhereTheHostsMustBeIsRefusedByPointer() throws IOException {
        Path f = Files.writeString(tmp.resolve("f.json"), "{\"version\": 1, \"hosts\": null}");
        assertOneLineError(batch(f.toString()), f + " at /hosts (line 1:25): must not be null");
    }

    @Test
    void aWrongTypeSaysWhatWasFoundNotWhatJacksonTried() throws IOException {
        Path f = Files.writeString(tmp.resolve("f.json"), """
                {"version": 1, "hosts": [{"name": "a", "mdevParents": [{"id": "p", "model": "m", "types": [
                {"migrationType": "i915-GVTg_V5_4", "deviceApi": "vfio-pci", "availableInstances": "3", "migrationVersion": "x"}]}]}]}""");
        CliRun r = batch(f.toString());
        assertOneLineError(r, f + " at /hosts/0/mdevParents/0/types/0/availableInstances (line 2:84): "
                + "expected an integer, got a string (\"3\")");
        assertThat(r.err()).doesNotContain("java.").doesNotContain("Coercion").doesNotContain("`");
    }

    @Test
    void endlessInputIsRefusedFromItsFirstBytes() {
        assertOneLineError(batch("/dev/zero"), "/dev/zero at line 1:2: not valid JSON: Illegal character ((CTRL-CHAR, code 0)): "
                + "only regular white space (\\r, \\n, \\t) is allowed between tokens");
    }

    @Test
    void invalidUtf8IsRefusedWhereverJacksonWouldHaveTakenIt() throws IOException {
        byte[][] bad = {
            {(byte) 0xC0, (byte) 0xAF},                           // overlong '/'
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},              // an encoded surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        };
        byte[] head = "{\"version\": 1, \"hosts\": [{\"name\": \"a".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (byte[] b : bad) {
            java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
            file.write(head);
            file.write(b);
            file.write("\"}]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Path f = Files.write(tmp.resolve("bad.json"), file.toByteArray());
            assertOneLineError(batch(f.toString()), f + " at line 1:" + (head.length + 1) + ": not valid UTF-8 at byte "
                    + head.length);
        }
    }

    @Test
    void anEnumValueIsTakenExactlyNeverTrimmed() throws IOException {
        Path f = Files.writeString(tmp.resolve("f.json"), "{\"version\": 1, \"hosts\": [{\"name\": \"a\", \"devices\": [{\"id\": \"d\", "
                + "\"kind\": \" PHYS\\t\", \"deviceApi\": \"vfio-pci\", \"migrationType\": \"t\", \"migrationVersion\": \"x\"}]}]}");
        CliRun r = batch(f.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(" at /hosts/0/devices/0/kind ").endsWith("expected one of MDEV, PHYS, got \" PHYS\\t\"\n");
    }

    @Test
    void hugeTopAndThreadCountsAreNoAllocationSizes() {
        CliRun top = batch(CliRun.FLEET.toString(), "--top", "2147483647", "--format", "csv");
        assertThat(top.exitCode()).as(top.err()).isZero();
        assertThat(top.out()).isEqualTo(batch(CliRun.FLEET.toString(), "--top", "1000", "--format", "csv").out());
        assertOneLineError(batch(CliRun.FLEET.toString(), "--threads", "32768"), "--threads must be from 1 to 256, got 32768");
    }

    @Test
    void controlCharactersFromAFileNeverReachTheTerminalRaw() throws IOException {
        // A host name with a newline and an escape sequence: the error is still one line, escaped.
        Path f = Files.writeString(tmp.resolve("f.json"),
                "{\"version\": 1, \"hosts\": [{\"name\": \"a\\nvfio-compat: error: fake\\u001b[2J\", \"devices\": 3}]}");
        CliRun r = batch(f.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).hasLineCount(1).doesNotContain("\u001b");
        assertThat(OneLine.of("a\nb\u001b[2J\u0000\u009b\ud800")).isEqualTo("a\\nb\\u001b[2J\\u0000\\u009b\\ud800");
        assertThat(OneLine.of("caf\u00e9 \ud83d\ude00")).isEqualTo("caf\u00e9 \ud83d\ude00");
    }
}
