package org.vfiocompat.engine;

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

/** The API's {@link OutputFile}: what a tool writing its own output through the engine is promised. */
class OutputFileTest {

    @TempDir
    Path dir;

    private String[] names() throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void untilTheCommitTheTargetKeepsItsOldContentAndThenHasTheWholeNewOne() throws IOException {
        Path target = Files.writeString(dir.resolve("out.ndjson"), "old\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        try (OutputFile out = OutputFile.create(target)) {
            out.stream().write("new, first part\n".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.readString(target)).isEqualTo("old\n");
            assertThat(names()).hasSize(2).contains("out.ndjson");
            out.stream().write("second part\n".getBytes(StandardCharsets.UTF_8));
            out.stream().close(); // closing the stream is not a commit...
            assertThat(Files.readString(target)).isEqualTo("old\n");
            out.commit();         // ...this is
        }
        assertThat(Files.readString(target)).isEqualTo("new, first part\nsecond part\n");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(names()).containsExactly("out.ndjson");
    }

    @Test
    void anAbandonedWriteLeavesTheTargetAsItWasAndNothingBeside() throws IOException {
        Path target = Files.writeString(dir.resolve("out.csv"), "old\n");
        try (OutputFile out = OutputFile.create(target)) {
            out.stream().write("half".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(target)).isEqualTo("old\n");
        assertThat(names()).containsExactly("out.csv");

        Path fresh = dir.resolve("never.csv");
        try (OutputFile out = OutputFile.create(fresh)) {
            out.stream().write("half".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(fresh).doesNotExist();
        assertThat(names()).containsExactly("out.csv");
    }

    @Test
    void whatCannotBeReplacedWholeIsRefusedSayingWhy() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nothing-here"));
        assertThatThrownBy(() -> OutputFile.create(link)).isInstanceOf(IOException.class)
                .hasMessage(link + " is a symbolic link to nothing; it names no file to replace");
        assertThatThrownBy(() -> OutputFile.create(dir)).isInstanceOf(IOException.class)
                .hasMessage(dir + " is a folder, not a file");
        assertThatThrownBy(() -> OutputFile.create(Path.of("/dev/null"))).isInstanceOf(IOException.class)
                .hasMessage("/dev/null is not a regular file (a device or a FIFO); it cannot be replaced whole");
        assertThat(names()).containsExactly("dangling");
    }

    @Test
    void aLinkIsKeptAndTheFileItNamesReplaced() throws IOException {
        Path real = Files.writeString(dir.resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real.getFileName());
        try (OutputFile out = OutputFile.create(link)) {
            assertThat(out.target()).isEqualTo(real.toRealPath());
            out.stream().write("new".getBytes(StandardCharsets.UTF_8));
            out.commit();
            out.commit(); // idempotent
        }
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new");
        assertThat(names()).containsExactly("link.json", "real.json");
    }
}
