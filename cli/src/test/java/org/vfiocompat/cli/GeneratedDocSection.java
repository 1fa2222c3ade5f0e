package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of a doc made from the code, between {@code <!-- NAME:start -->} and
 * {@code <!-- NAME:end -->}: a test makes it anew and compares, or with {@code -Dgolden.update=true}
 * writes it in place, like the golden files.
 */
final class GeneratedDocSection {

    private GeneratedDocSection() {
    }

    /** Asserts that the section {@code name} of {@code doc} (repository-relative) is {@code generated}. */
    static void check(String doc, String name, String generated) throws IOException {
        Path file = CliRun.ROOT.resolve(doc);
        String start = "<!-- " + name + ":start -->\n";
        String end = "<!-- " + name + ":end -->";
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertThat(from).as("%s has %s", doc, start.strip()).isGreaterThanOrEqualTo(0);
        assertThat(to).as("%s has %s after the start marker", doc, end).isGreaterThan(from);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, text.substring(0, from + start.length()) + generated + text.substring(to),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(text.substring(from + start.length(), to))
                .as("the %s section of %s (regenerate with -Dgolden.update=true)", name, doc).isEqualTo(generated);
    }
}
