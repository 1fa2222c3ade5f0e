package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: the expected output of a command, kept in {@code src/test/resources/golden/}.
 * After an intended change, regenerate with {@code mvn -pl cli test -Dgolden.update=true} and
 * review the diff like code.
 */
final class Golden {

    private static final Path DIR = CliRun.ROOT.resolve("cli/src/test/resources/golden");

    private Golden() {
    }

    static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file %s (create it with -Dgolden.update=true)", name).exists();
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(actual).as("output differs from golden file %s; if intended, regenerate with -Dgolden.update=true", name)
                    .isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
