package org.vfiocompat.engine.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's files (compiled-pack cache, trust stores, keys) are written whole or not at all,
 * with the promises of the CLI's {@code --out} (issue 13's fuzz findings).
 */
class AtomicWriteTest {

    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String[] siblings() throws IOException {
        try (Stream<Path> all = Files.list(tmp)) {
            return all.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aReplacedFileKeepsItsPermissionsAndNoTemporaryFileStays() throws IOException {
        Path store = Files.writeString(tmp.resolve("trust.json"), "old");
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicWrite.write(store, bytes("new"));

        assertThat(Files.readString(store)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-r--r--");
        assertThat(siblings()).containsExactly("trust.json");
    }

    @Test
    void anOwnerOnlyFileIsOwnerOnlyEvenWhenItReplacesAReadableOne() throws IOException {
        Path key = Files.writeString(tmp.resolve("key.pem"), "old");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicWrite.write(key, bytes("secret"), true);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void aSymbolicLinkIsKeptAndTheFileItNamesReplaced() throws IOException {
        Path real = Files.writeString(tmp.resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.json"), real.getFileName());

        AtomicWrite.write(link, bytes("new"));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new");
    }

    @Test
    void aFolderOrAFifoIsRefusedAndLeftAsItWas() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("folder"));
        assertThatThrownBy(() -> AtomicWrite.write(folder, bytes("x"))).isInstanceOf(IOException.class)
                .hasMessage(folder + " is a folder, not a file");
        Path fifo = tmp.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> AtomicWrite.write(fifo, bytes("x"))).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a regular file");
        assertThat(Files.isDirectory(folder)).isTrue();
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(siblings()).containsExactly("fifo", "folder");
    }

    @Test
    void aTemporaryFileOfAKilledProcessIsRemovedByTheNextWriteNotPiledUp() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path leftover = Files.writeString(tmp.resolve(AtomicFile.tempName("cache.jar", gone.pid(), 1)), "half");
        Path live = Files.writeString(tmp.resolve(AtomicFile.tempName("cache.jar", ProcessHandle.current().pid(), 999_999)), "mine");

        AtomicWrite.write(tmp.resolve("cache.jar"), bytes("whole"));

        assertThat(leftover).doesNotExist();
        assertThat(live).exists();
        assertThat(Files.readString(tmp.resolve("cache.jar"))).isEqualTo("whole");
    }
}
