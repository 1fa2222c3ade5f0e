package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package list in docs/architecture.md (between {@code <!-- packages:start -->} and
 * {@code <!-- packages:end -->}): every package of the rules and engine modules with what it
 * holds (the first sentence of its package-info.java) and its size in lines, rounded to hundreds
 * (so that the list changes when the design does, not with every edit), generated from the sources. A package without a package-info fails; so does a doc
 * that no longer matches the code ({@code -Dgolden.update=true} regenerates it).
 */
class PackageListTest {

    private static final Pattern FIRST_SENTENCE = Pattern.compile("/\\*\\*\\s*\\n\\s*\\*\\s*(.*?)(?:\\.\\s|\\.\\n|\\n\\s*\\*/)",
            Pattern.DOTALL);

    @Test
    void thePackageListInArchitectureMdIsThePackagesAsTheyAre() throws IOException {
        StringBuilder table = new StringBuilder("| package | what it holds | lines |\n|---|---|---|\n");
        for (String module : List.of("rules", "engine")) {
            Path src = CliRun.ROOT.resolve(module).resolve("src/main/java");
            TreeMap<String, Path> packages = new TreeMap<>();
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("module-info.java"))
                        .forEach(p -> packages.put(src.relativize(p.getParent()).toString().replace('/', '.'), p.getParent()));
            }
            for (var e : packages.entrySet()) {
                Path info = e.getValue().resolve("package-info.java");
                assertThat(info).as("every package says what it holds in a package-info.java").exists();
                List<Path> java;
                try (Stream<Path> files = Files.list(e.getValue())) {
                    java = files.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("package-info.java"))
                            .sorted().toList();
                }
                long lines = 0;
                for (Path p : java) {
                    lines += Files.readAllLines(p, StandardCharsets.UTF_8).size();
                }
                table.append("| `").append(e.getKey()).append("` | ").append(firstSentence(info)).append(" | ")
                        .append("~").append(Math.max(100, Math.round(lines / 100.0) * 100)).append(" |\n");
            }
        }
        GeneratedDocSection.check("docs/architecture.md", "packages", table.toString());
    }

    private static String firstSentence(Path packageInfo) throws IOException {
        Matcher m = FIRST_SENTENCE.matcher(Files.readString(packageInfo, StandardCharsets.UTF_8));
        assertThat(m.find()).as("%s starts with a javadoc sentence", packageInfo).isTrue();
        return m.group(1).replaceAll("\\s*\\n\\s*\\*\\s*", " ").replaceAll("\\{@link [^}]*?([A-Za-z]+)}", "`$1`").strip() + ".";
    }
}
