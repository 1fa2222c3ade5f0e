package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file a pack reads is a regular file inside its folder after links are resolved (issue 13,
 * class 10: a DRL or table file linked to {@code /etc/passwd} brought its first line back in a
 * lint message). Archives need no such check: their entries are read as bytes, never followed.
 */
class PackLinksTest {

    private static final String SECRET = "root:x:0:0:the secret first line";

    private static Path pack(Path dir) {
        return TestPacks.sameTypeLive(dir, "linked", "linked-", 5);
    }

    private static Path secret(Path dir) throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside")).resolve("passwd");
        Files.writeString(outside, SECRET + "\n");
        return outside;
    }

    private static List<Problem> refused(Path pack) {
        Throwable thrown = catchThrowable(() -> CompatibilityEngine.builder().packs(pack).build());
        assertThat(thrown).as("the pack is refused").isInstanceOf(InvalidPackException.class);
        InvalidPackException e = (InvalidPackException) thrown;
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).doesNotContain("secret first line"));
        return e.problems();
    }

    @Test
    void aDrlFileLinkedOutsideThePackIsRefusedUnread(@TempDir Path dir) throws IOException {
        Path pack = pack(dir);
        Path drl = pack.resolve("rules/main.drl");
        Files.delete(drl);
        Files.createSymbolicLink(drl, secret(dir));
        assertThat(refused(pack)).anySatisfy(p -> {
            assertThat(p.code()).isEqualTo(ProblemCodes.PACK_MANIFEST_INVALID_PATH);
            assertThat(p.file()).isEqualTo(drl.toString());
            assertThat(p.message()).startsWith("is a link to ").endsWith(", outside the pack folder; a pack reads only files inside it");
        });
    }

    @Test
    void aFolderLinkedOutsideThePackIsRefusedToo(@TempDir Path dir) throws IOException {
        Path pack = pack(dir);
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.move(pack.resolve("rules"), outside.resolve("rules"));
        Files.createSymbolicLink(pack.resolve("rules"), outside.resolve("rules"));
        assertThat(refused(pack)).anySatisfy(p -> assertThat(p.message()).contains("outside the pack folder"));
    }

    @Test
    void aManifestLinkedOutsideThePackIsRefused(@TempDir Path dir) throws IOException {
        Path pack = pack(dir);
        Path outside = Files.createDirectories(dir.resolve("elsewhere")).resolve("pack.json");
        Files.move(pack.resolve("pack.json"), outside);
        Files.createSymbolicLink(pack.resolve("pack.json"), outside);
        assertThat(refused(pack)).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(pack.resolve("pack.json").toString());
            assertThat(p.message()).contains("outside the pack folder");
        });
    }

    @Test
    void aLinkThatStaysInsideThePackIsRead(@TempDir Path dir) throws IOException {
        Path pack = pack(dir);
        Files.move(pack.resolve("rules/main.drl"), pack.resolve("real.drl"));
        Files.createSymbolicLink(pack.resolve("rules/main.drl"), Path.of("../real.drl"));
        assertThat(CompatibilityEngine.builder().packs(pack).build().packs()).extracting(PackInfo::id).containsExactly("linked");
    }

    @Test
    void aPackFolderThatIsItselfALinkLoads(@TempDir Path dir) throws IOException {
        Path pack = pack(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), pack);
        assertThat(CompatibilityEngine.builder().packs(link).build().packs()).extracting(PackInfo::id).containsExactly("linked");
    }
}
