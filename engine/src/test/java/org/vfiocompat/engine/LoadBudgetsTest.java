package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load-time budgets and safe names (issue 13, classes 8 and 9): every manifest list is bounded
 * before anything walks it, the rule count before the build, the overlap check is a sort and a
 * scan, problem lists are capped and echoed input shortened; namespaces and vendor names are
 * ASCII of a safe set.
 */
class LoadBudgetsTest {

    private static List<Problem> refused(Path... packs) {
        Throwable thrown = catchThrowable(() -> CompatibilityEngine.builder().packs(packs).build());
        assertThat(thrown).as("refused").isInstanceOf(InvalidPackException.class);
        return ((InvalidPackException) thrown).problems();
    }

    private static void refusedAt(Path pack, String pointer, String messageStart) {
        assertThat(refused(pack)).anySatisfy(problem -> {
            assertThat(problem.location().pointer()).contains(pointer);
            assertThat(problem.message()).startsWith(messageStart);
        });
    }

    /** A pack of one trivial rule whose manifest has {@code extra} members (JSON, with leading comma). */
    private static Path pack(Path root, String id, String vendor, List<String> namespaces, String extra) throws IOException {
        Path dir = TestPacks.sameTypeLive(root, id, namespaces.get(0), 1);
        Files.writeString(dir.resolve("pack.json"), """
                {"id": "%s", "version": "1.0.0", "vendor": "%s", "namespaces": [%s], "rules": ["rules/main.drl"]%s}
                """.formatted(id, vendor, namespaces.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")), extra));
        return dir;
    }

    @Test
    void aManifestListOverItsBoundIsRefusedByPointer(@TempDir Path dir) throws IOException {
        String many = IntStream.range(0, 65).mapToObj(i -> "\"other-" + i + "-\"").collect(Collectors.joining(", "));
        Path p = pack(dir, "many-accepts", "Acme", List.of("acme-"), ", \"acceptsTargetsFrom\": [" + many + "]");
        assertThat(refused(p)).anySatisfy(problem -> {
            assertThat(problem.code()).isEqualTo(ProblemCodes.PACK_LIMIT_EXCEEDED);
            assertThat(problem.location().pointer()).contains("/acceptsTargetsFrom");
            assertThat(problem.message()).isEqualTo("65 entries; at most 64 are allowed");
        });
    }

    @Test
    void aNamespaceWithALookAlikeLetterIsRefused(@TempDir Path dir) throws IOException {
        // "i915-GVТg_" with a Cyrillic Te (U+0422) in place of the Latin T.
        refusedAt(pack(dir, "confusable", "Acme", List.of("i915-GV\u0422g_"), ""), "/namespaces/0",
                "namespace 'i915-GV\\u0422g_' may hold only ASCII letters, digits and _ . : -");
    }

    @Test
    void aVendorWithControlCharactersIsRefusedAndEchoedEscaped(@TempDir Path dir) throws IOException {
        refusedAt(pack(dir, "escapes", "Intel\\u001b[2J\\nSTRANDED", List.of("acme-"), ""), "/vendor",
                "vendor 'Intel\\u001b[2J\\u000aSTRANDED' must be 1 to 64 characters of ASCII");
    }

    @Test
    void ordinaryVendorNamesStillLoad(@TempDir Path dir) throws IOException {
        Path p = pack(dir, "ordinary", "NVIDIA Networking (Mellanox) & Co.", List.of("vfio-pci:15b3:"), "");
        assertThat(CompatibilityEngine.builder().packs(p).build().packs()).extracting(PackInfo::vendor)
                .containsExactly("NVIDIA Networking (Mellanox) & Co.");
    }

    @Test
    void tooManyRulesOverAllFilesAreRefusedBeforeTheBuild(@TempDir Path dir) throws IOException {
        Path p = pack(dir, "many-rules", "Acme", List.of("acme-"), "");
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 251; i++) {
            rules.append("rule \"r").append(i).append("\"\nwhen\n    Source( )\nthen\nend\n");
        }
        Files.writeString(p.resolve("rules/a.drl"), TestPacks.drl("many-rules", rules.toString()));
        Files.writeString(p.resolve("rules/b.drl"), TestPacks.drl("many-rules", rules.toString().replace("\"r", "\"s")));
        Files.writeString(p.resolve("pack.json"), Files.readString(p.resolve("pack.json"))
                .replace("\"rules\": [\"rules/main.drl\"]", "\"rules\": [\"rules/a.drl\", \"rules/b.drl\"]"));
        assertThat(refused(p)).anySatisfy(problem -> {
            assertThat(problem.code()).isEqualTo(ProblemCodes.PACK_LIMIT_EXCEEDED);
            assertThat(problem.message()).isEqualTo("drl check: 502 rules in the pack; at most 500 are allowed");
        });
    }

    @Test
    void aPackOverItsBuildBudgetIsRefusedBeforeTheBuildWhateverItsRuleCount(@TempDir Path dir) throws IOException {
        // 80 rules, far below the rule limit, but each joins four patterns with constraints and
        // bindings: 80 x (1 + 3 + 3 + 3 + 3) = 1040 units, each a class to generate and compile.
        Path p = pack(dir, "costly", "Acme", List.of("acme-"), "");
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            rules.append("rule \"r").append(i).append("\"\nwhen\n")
                    .append("    $s : Source( $a : migrationType, migrationVersion != null )\n")
                    .append("    $t : Target( $b : migrationType, migrationVersion != null )\n")
                    .append("    Finding( $c : reason, level != null )\n")
                    .append("    Finding( $d : reason, level != null )\n")
                    .append("then\nend\n");
        }
        Files.writeString(p.resolve("rules/main.drl"), TestPacks.drl("costly", rules.toString()));
        // Refused from the DRL alone, before the executable-model build: its only problem is the budget.
        assertThat(refused(p)).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ProblemCodes.PACK_LIMIT_EXCEEDED);
            assertThat(problem.file()).endsWith("costly/pack.json");
            assertThat(problem.message()).isEqualTo("drl check: the pack's rules cost 1040 build units (one per rule, per "
                    + "pattern and per constraint or binding); at most 1000 are allowed, so that its build stays within the "
                    + "load deadline");
        });
    }

    @Test
    void overlapsAreFoundWhereverTheySortAndReportedInPackOrder(@TempDir Path dir) throws IOException {
        // "abc-" overlaps "abc-b" of the other pack although "abc-a" sorts between them.
        Path a = pack(dir, "pack-a", "Acme", List.of("abc-", "abc-a"), "");
        Path b = pack(dir, "pack-b", "Bolt", List.of("zzz-", "abc-b"), "");
        // Both are refused (neither was loaded before), each in its own manifest.
        assertThat(refused(a, b)).extracting(Problem::message).containsExactly(
                "namespace 'abc-' of pack pack-a overlaps namespace 'abc-b' of pack pack-b (" + b.resolve("pack.json") + ")",
                "namespace 'abc-b' of pack pack-b overlaps namespace 'abc-' of pack pack-a (" + a.resolve("pack.json") + ")");
    }

    @Test
    void aTableOfManyBadLinesGivesACappedProblemList(@TempDir Path dir) throws IOException {
        Path p = pack(dir, "bad-table", "Acme", List.of("acme-"), """
                , "tables": [{"name": "t", "file": "tables/t.csv", "columns": [{"name": "n", "type": "number"}]}]""");
        List<String> lines = new ArrayList<>(List.of("n"));
        for (int i = 0; i < 500; i++) {
            lines.add("not a number " + i);
        }
        Files.createDirectories(p.resolve("tables"));
        Files.write(p.resolve("tables/t.csv"), lines);
        List<Problem> problems = refused(p);
        assertThat(problems).hasSize(21);
        assertThat(problems.get(20).message()).isEqualTo("and 480 more problems, not listed");
    }

    @Test
    void aHugeHeaderIsEchoedShortened(@TempDir Path dir) throws IOException {
        Path p = pack(dir, "huge-header", "Acme", List.of("acme-"), """
                , "tables": [{"name": "t", "file": "tables/t.csv", "columns": [{"name": "n", "type": "number"}]}]""");
        Files.createDirectories(p.resolve("tables"));
        Files.writeString(p.resolve("tables/t.csv"), "x".repeat(100_000) + "\n1\n");
        assertThat(refused(p)).singleElement().satisfies(problem -> {
            assertThat(problem.message()).contains("... (102 characters)".replace("102", "100002"));
            assertThat(problem.message().length()).isLessThan(400);
        });
    }
}
