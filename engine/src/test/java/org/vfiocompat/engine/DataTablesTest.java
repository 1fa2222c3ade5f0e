package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * Data tables: a pack's CSV or JSON files, checked against the manifest's declared columns and
 * inserted as immutable {@code TableRow} facts that rules join with Source and Target.
 */
class DataTablesTest {

    @TempDir
    Path root;

    /** A manifest declaring one table {@code matrix} with {@code columns} (JSON array text). */
    private Path pack(String id, String tableFile, String columns, String tableText, String rules) throws IOException {
        Path dir = TestPacks.write(root, id, List.of(id + "-"), List.of(),
                TestPacks.drl(id, "import org.vfiocompat.rules.TableRow;\n" + rules));
        Files.writeString(dir.resolve("pack.json"), """
                {
                  "id": "%s",
                  "version": "1.0.0",
                  "vendor": "%s",
                  "namespaces": ["%s-"],
                  "rules": ["rules/main.drl"],
                  "tables": [ { "name": "matrix", "file": "%s", "columns": %s } ]
                }
                """.formatted(id, TestPacks.vendorOf(id), id, tableFile, columns));
        Files.createDirectories(dir.resolve(tableFile).getParent());
        Files.writeString(dir.resolve(tableFile), tableText);
        return dir;
    }

    private static final String MATRIX_COLUMNS = """
            [ {"name": "source", "type": "version"}, {"name": "target", "type": "version"},
              {"name": "score", "type": "number"}, {"name": "live", "type": "boolean"}, {"name": "note", "type": "string"} ]""";

    /** LIVE or COLD (as the row says) with the row's score when a row lists (source, target). */
    private static final String MATRIX_RULE = """
            rule "listed in the matrix"
            when
                Source( $sv : migrationVersion )
                Target( $tv : migrationVersion )
                $row : TableRow( table == "matrix", Versions.compare(get("source"), $sv) == 0,
                                 Versions.compare(get("target"), $tv) == 0 )
            then
                if ($row.flag("live")) {
                    insert(Finding.live((int) $row.number("score"), "matrix: " + $row.get("note")));
                } else {
                    insert(Finding.cold(Limit.HOST_DRIVER, (int) $row.number("score"), "matrix: " + $row.get("note")));
                }
            end
            """;

    private static final String MATRIX_CSV = """
            # source, target, score, live, note
            source,target,score,live,note
            1.0,1.0,100,true,same
            1.0,1.1,90,true,"newer, same branch"
            1.1,2.0,10,false,next branch
            """;

    private static List<Problem> problemsLoading(Path... dirs) {
        return TestPacks.problemsLoading(dirs);
    }

    private static void assertMatrixVerdicts(CompatibilityEngine engine, String ns) {
        Verdict same = engine.check(TestPacks.mdev(ns + "a", "1.0.0"), TestPacks.mdev(ns + "a", "1.0"));
        assertThat(same.level()).isEqualTo(Level.LIVE);
        assertThat(same.score()).isEqualTo(100);
        Verdict newer = engine.check(TestPacks.mdev(ns + "a", "1.0"), TestPacks.mdev(ns + "a", "1.1"));
        assertThat(newer.level()).isEqualTo(Level.LIVE);
        assertThat(newer.reason()).endsWith("matrix: newer, same branch");
        Verdict cold = engine.check(TestPacks.mdev(ns + "a", "1.1"), TestPacks.mdev(ns + "a", "2.0"));
        assertThat(cold.level()).isEqualTo(Level.COLD);
        assertThat(cold.limit()).contains(Limit.HOST_DRIVER);
        assertThat(cold.score()).isEqualTo(10);
        Verdict unlisted = engine.check(TestPacks.mdev(ns + "a", "2.0"), TestPacks.mdev(ns + "a", "1.0"));
        assertThat(unlisted.level()).isEqualTo(Level.NONE);
        assertThat(unlisted.reason()).contains("no rule of pack");
    }

    @Test
    void rulesJoinSourceAndTargetWithCsvRowsAndTheRowsOutliveEveryPair() throws IOException {
        Path dir = pack("csvm", "tables/matrix.csv", MATRIX_COLUMNS, MATRIX_CSV, MATRIX_RULE);
        // No verdict cache: every check runs the rules, in the same pooled session one after
        // another, so the rows must survive the reset between pairs.
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(dir).cacheSize(0).build();
        for (int round = 0; round < 3; round++) {
            assertMatrixVerdicts(engine, "csvm-");
        }
    }

    @Test
    void rulesJoinJsonRowsTheSameWay() throws IOException {
        Path dir = pack("jsonm", "tables/matrix.json", MATRIX_COLUMNS, """
                [
                  {"source": "1.0", "target": "1.0", "score": 100, "live": true, "note": "same"},
                  {"source": "1.0", "target": "1.1", "score": 90, "live": true, "note": "newer, same branch"},
                  {"source": "1.1", "target": "2.0", "score": 10, "live": false, "note": "next branch"}
                ]
                """, MATRIX_RULE);
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(dir).cacheSize(0).build();
        assertMatrixVerdicts(engine, "jsonm-");
        assertMatrixVerdicts(engine, "jsonm-");
    }

    @Test
    void tableFilesAreInThePacksDigest() throws IOException {
        Path dir = pack("digest", "tables/matrix.csv", MATRIX_COLUMNS, MATRIX_CSV, MATRIX_RULE);
        String before = CompatibilityEngine.builder().packs(dir).build().packs().get(0).digest();
        Files.writeString(dir.resolve("tables/matrix.csv"), MATRIX_CSV + "2.0,2.0,100,true,same\n");
        String after = CompatibilityEngine.builder().packs(dir).build().packs().get(0).digest();
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void malformedCsvRowsAreRefusedWithFileAndLine() throws IOException {
        Path dir = pack("badcsv", "tables/matrix.csv", MATRIX_COLUMNS, """
                source,target,score,live,note
                1.0,1.0,100,true,same
                1.0,v1.1,90,true,bad version
                1.0,1.1,ninety,true,bad number
                1.0,1.1,90,yes,bad flag
                1.0,1.1,90,true
                1.0,1.1,90,true,"unclosed
                1.0,1.0,100,true,same
                """, MATRIX_RULE);
        List<Problem> problems = problemsLoading(dir);
        assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("badcsv/tables/matrix.csv"));
        assertThat(problems).extracting(p -> p.location().where(), Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("line 3", "column 'target': 'v1.1' is not a version such as 535.104.05"),
                org.assertj.core.groups.Tuple.tuple("line 4", "column 'score': 'ninety' is not a decimal integer"),
                org.assertj.core.groups.Tuple.tuple("line 5", "column 'live': 'yes' is not true or false"),
                org.assertj.core.groups.Tuple.tuple("line 6", "4 cells, but the table declares 5 columns [source, target, score, live, note]"),
                org.assertj.core.groups.Tuple.tuple("line 7", "a quoted cell is not closed, or text follows its closing quote"),
                org.assertj.core.groups.Tuple.tuple("line 8", "duplicates the row at line 2"));
    }

    @Test
    void aCsvHeaderThatIsNotTheDeclaredShapeIsRefused() throws IOException {
        Path dir = pack("header", "tables/matrix.csv", MATRIX_COLUMNS, "target,source,score,live,note\n1.0,1.0,1,true,x\n",
                MATRIX_RULE);
        assertThat(problemsLoading(dir)).singleElement().satisfies(p -> {
            assertThat(p.location().where()).isEqualTo("line 1");
            assertThat(p.message()).startsWith("header [target, source, score, live, note] does not list the declared columns");
        });
    }

    @Test
    void malformedJsonRowsAreRefusedWithTheirPointer() throws IOException {
        Path dir = pack("badjson", "tables/matrix.json", MATRIX_COLUMNS, """
                [
                  {"source": "1.0", "target": "1.0", "score": "100", "live": true, "note": "number as text"},
                  {"source": "1.0", "target": "1.1", "score": 90, "live": true},
                  {"source": "1.0", "target": "1.1", "score": 90, "live": true, "note": "x", "extra": 1},
                  {"source": "x.0", "target": "1.1", "score": 90, "live": true, "note": "y"},
                  "not a row"
                ]
                """, MATRIX_RULE);
        assertThat(problemsLoading(dir)).extracting(p -> p.location().where(), Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/0/score", "expected an integer for a number column, got string"),
                org.assertj.core.groups.Tuple.tuple("/1/note", "missing column 'note'"),
                org.assertj.core.groups.Tuple.tuple("/2/extra", "unknown column 'extra' (declared: source, target, score, live, note)"),
                org.assertj.core.groups.Tuple.tuple("/3/source", "'x.0' is not a version such as 535.104.05"),
                org.assertj.core.groups.Tuple.tuple("/4", "a row must be an object with the members [source, target, score, live, note]"));
    }

    @Test
    void aBadTableDeclarationNamesItsManifestPointer() throws IOException {
        Path dir = pack("baddecl", "tables/matrix.csv", """
                [ {"name": "source", "type": "semver"}, {"name": "source", "type": "string"} ]""", "source\n1.0\n",
                MATRIX_RULE);
        assertThat(problemsLoading(dir)).extracting(p -> p.location().where(), Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/tables/0/columns/0/type",
                        "column type 'semver' is not one of string, version, number, boolean"),
                org.assertj.core.groups.Tuple.tuple("/tables/0/columns/1/name", "column 'source' is declared twice"));
        Path missing = pack("nofile", "tables/matrix.csv", MATRIX_COLUMNS, MATRIX_CSV, MATRIX_RULE);
        Files.writeString(missing.resolve("pack.json"), Files.readString(missing.resolve("pack.json"))
                .replace("tables/matrix.csv", "tables/gone.txt"));
        assertThat(problemsLoading(missing)).singleElement().satisfies(p -> {
            assertThat(p.location().where()).isEqualTo("/tables/0/file");
            assertThat(p.message()).isEqualTo("'tables/gone.txt' must end in .csv or .json");
        });
    }

    @Test
    void aTableOverTheRowLimitIsRefused() throws IOException {
        StringBuilder csv = new StringBuilder("source,target,score,live,note\n");
        for (int i = 0; i < 1001; i++) {
            csv.append("1.").append(i).append(",1.0,1,true,x\n");
        }
        Path dir = pack("huge", "tables/matrix.csv", MATRIX_COLUMNS, csv.toString(), MATRIX_RULE);
        assertThat(problemsLoading(dir)).singleElement().satisfies(p -> {
            assertThat(p.location().where()).isEqualTo("line 1002");
            assertThat(p.message()).isEqualTo("more than 1000 rows; at most 1000 are allowed per table");
        });
    }

    @Test
    void aRuleMayNotJoinTwoRowPatterns() throws IOException {
        Path dir = pack("square", "tables/matrix.csv", MATRIX_COLUMNS, MATRIX_CSV, MATRIX_RULE + """
                rule "rows times rows"
                when
                    Source( )
                    TableRow( table == "matrix", $t : get("target") )
                    TableRow( table == "matrix", get("source") == $t )
                then
                    insert(Finding.live(1, "chained"));
                end
                """);
        assertThat(problemsLoading(dir)).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("square/rules/main.drl");
            assertThat(p.message()).contains("rule 'rows times rows' has 2 patterns that can match table rows");
        });
    }

    @Test
    void aRuleThatDeletesARowBreaksABoundAndLaterPairsStillSeeEveryRow() throws IOException {
        Path dir = pack("vandal", "tables/matrix.csv", MATRIX_COLUMNS, MATRIX_CSV, MATRIX_RULE + """
                rule "delete a row"
                when
                    Source( migrationType == "vandal-delete" )
                    $row : TableRow( table == "matrix" )
                then
                    delete($row);
                end
                """);
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(dir).cacheSize(0).build();
        assertMatrixVerdicts(engine, "vandal-");
        Verdict deleting = engine.check(TestPacks.mdev("vandal-delete", "1.0"), TestPacks.mdev("vandal-delete", "1.0"));
        assertThat(deleting.level()).isEqualTo(Level.UNKNOWN);
        assertThat(deleting.reason()).isEqualTo("Vandal: pack deleted a table row; table rows are read-only");
        assertMatrixVerdicts(engine, "vandal-");
    }

    @Test
    void aRuleMatchingRowsAloneNeverFiresSoNoVerdictDependsOnTheSession() throws IOException {
        Path dir = pack("alone", "tables/matrix.csv", MATRIX_COLUMNS, MATRIX_CSV, MATRIX_RULE + """
                rule "rows alone"
                when
                    TableRow( table == "matrix", get("note") == "same" )
                then
                    insert(Finding.none(Limit.OTHER, "a row alone"));
                end
                """);
        CompatibilityEngine engine = CompatibilityEngine.builder().packs(dir).cacheSize(0).build();
        for (int i = 0; i < 3; i++) {
            Verdict v = engine.check(TestPacks.mdev("alone-a", "1.0"), TestPacks.mdev("alone-a", "1.0"));
            assertThat(v.level()).isEqualTo(Level.LIVE);
            assertThat(v.firedRules()).containsExactly("listed in the matrix");
        }
    }
}
