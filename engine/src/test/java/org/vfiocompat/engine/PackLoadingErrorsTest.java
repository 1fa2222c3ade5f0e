package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pack that cannot load is refused with the pack, the file and the place named. */
class PackLoadingErrorsTest {

    @TempDir
    Path root;

    private static List<Problem> problemsLoading(Path... dirs) {
        return TestPacks.problemsLoading(dirs);
    }

    @Test
    void overlappingNamespacesOfTwoPacksNameBoth() {
        TestPacks.sameTypeLive(root, "alpha", "acme-", 10);
        TestPacks.sameTypeLive(root, "beta", "acme-gpu-", 10);
        // Neither owns acme-gpu- by load order: both are refused, each in its own manifest naming the other.
        List<Problem> problems = problemsLoading(root);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).file()).endsWith("alpha/pack.json");
        assertThat(problems.get(0).location().where()).isEqualTo("/namespaces");
        assertThat(problems.get(0).message())
                .contains("'acme-' of pack alpha").contains("'acme-gpu-' of pack beta").contains("beta/pack.json");
        assertThat(problems.get(1).file()).endsWith("beta/pack.json");
        assertThat(problems.get(1).message())
                .contains("'acme-gpu-' of pack beta").contains("'acme-' of pack alpha").contains("alpha/pack.json");
    }

    @Test
    void disjointNamespacesLoadTogether() {
        TestPacks.sameTypeLive(root, "alpha", "acme-", 10);
        TestPacks.sameTypeLive(root, "beta", "bolt-", 10);
        assertThat(CompatibilityEngine.builder().packs(root).build().packs()).extracting(PackInfo::id)
                .containsExactly("alpha", "beta");
    }

    @Test
    void drlThatDoesNotCompileNamesPackFileAndLine() {
        TestPacks.write(root, "broken", List.of("acme-"), List.of(), TestPacks.drl("broken", """
                rule "refers to a field that does not exist"
                when
                    Source( noSuchField == "x" )
                then
                    insert(Finding.live(1, "never"));
                end
                """));
        List<Problem> problems = problemsLoading(root.resolve("broken"));
        assertThat(problems).isNotEmpty();
        Problem p = problems.get(0);
        assertThat(p.file()).isEqualTo("broken/rules/main.drl");
        assertThat(p.location().where()).isEqualTo("line 12");
        assertThat(p.message()).startsWith("DRL does not compile").contains("noSuchField");
    }

    @Test
    void drlThatDoesNotParseNamesTheLine() {
        TestPacks.write(root, "garbled", List.of("acme-"), List.of(), TestPacks.drl("garbled", """
                rule "missing then"
                when
                    Source( )
                    insert(Finding.live(1, "x"));
                end
                """));
        Problem p = problemsLoading(root.resolve("garbled")).get(0);
        assertThat(p.file()).isEqualTo("garbled/rules/main.drl");
        assertThat(p.location().line()).isPresent();
        assertThat(p.location().column()).isPresent();
        assertThat(p.location().pointer()).isEmpty();
        assertThat(p.message()).startsWith("DRL does not parse");
    }

    @Test
    void mvelDialectIsRefusedBeforeCompiling() {
        TestPacks.write(root, "mvel", List.of("acme-"), List.of(), TestPacks.drl("mvel", """
                rule "mvel rule"
                dialect "mvel"
                when
                    Source( )
                then
                    insert(Finding.live(1, "x"));
                end
                """));
        Problem p = problemsLoading(root.resolve("mvel")).get(0);
        assertThat(p.file()).isEqualTo("mvel/rules/main.drl");
        assertThat(p.location().where()).startsWith("line 11");
        assertThat(p.message()).contains("dialect").contains("only the java dialect");
    }

    @Test
    void packageOutsideThePacksNamespaceIsRefused() {
        TestPacks.write(root, "squatter", List.of("acme-"), List.of(),
                "package packs.intel_gvtg;\n" + TestPacks.IMPORTS + "rule \"r\" when Source() then end\n");
        Problem p = problemsLoading(root.resolve("squatter")).get(0);
        assertThat(p.location()).isEqualTo(Location.line(p.file(), 1, 0));
        assertThat(p.message()).contains("package 'packs.intel_gvtg' lies outside").contains("packs.squatter");
    }

    @Test
    void globalsQueriesAndTimersAreRefused() {
        TestPacks.write(root, "extras", List.of("acme-"), List.of(), TestPacks.drl("extras", """
                global java.util.List sink;

                query "all sources"
                    Source( )
                end

                rule "timed"
                timer (int: 1s)
                when
                    Source( )
                then
                end
                """));
        List<Problem> problems = problemsLoading(root.resolve("extras"));
        assertThat(problems).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("global 'sink' refused"))
                .anySatisfy(m -> assertThat(m).contains("query 'all sources' refused"))
                .anySatisfy(m -> assertThat(m).contains("'timer'"));
    }

    @Test
    void manifestWithUnknownFieldNamesItsPointerAndLine() throws IOException {
        Path dir = TestPacks.sameTypeLive(root, "typo", "acme-", 1);
        Files.writeString(dir.resolve("pack.json"), """
                {
                  "id": "typo",
                  "version": "1.0.0",
                  "vendor": "Typo",
                  "namespaces": ["acme-"],
                  "rules": ["rules/main.drl"],
                  "test": ["tests/vectors.json"]
                }
                """);
        Problem p = problemsLoading(dir).get(0);
        assertThat(p.file()).endsWith("typo/pack.json");
        assertThat(p.location()).isEqualTo(Location.pointer(p.file(), "/test").withLine(7, 11));
        assertThat(p.location().where()).isEqualTo("/test (line 7:11)");
        assertThat(p.message()).startsWith("unknown field 'test'").contains("tests");
    }

    @Test
    void manifestMissingARequiredFieldNamesIt() throws IOException {
        Path dir = TestPacks.sameTypeLive(root, "short", "acme-", 1);
        Files.writeString(dir.resolve("pack.json"), """
                {"id": "short", "version": "1.0.0", "namespaces": ["acme-"], "rules": ["rules/main.drl"]}
                """);
        Problem p = problemsLoading(dir).get(0);
        assertThat(p.location().where()).startsWith("/vendor");
        assertThat(p.message()).isEqualTo("missing required field 'vendor'");
    }

    @Test
    void manifestNamingFilesOutsideThePackIsRefused() throws IOException {
        Path dir = TestPacks.sameTypeLive(root, "escape", "acme-", 1);
        Files.writeString(dir.resolve("pack.json"), """
                {"id": "escape", "version": "1.0.0", "vendor": "Escape", "namespaces": ["acme-"],
                 "rules": ["../../etc/passwd.drl", "rules/missing.drl"]}
                """);
        List<Problem> problems = problemsLoading(dir);
        assertThat(problems).extracting(p -> p.location().where()).containsExactly("/rules/0", "/rules/1");
        assertThat(problems.get(0).message()).contains("outside the pack folder");
        assertThat(problems.get(1).message()).contains("does not exist");
    }

    @Test
    void everyBrokenPackIsReportedInOneRun() {
        TestPacks.write(root, "one", List.of("one-"), List.of(), "package wrong;\nrule \"r\" when then end\n");
        TestPacks.write(root, "two", List.of("two-"), List.of(), "package wrong;\nrule \"r\" when then end\n");
        assertThat(problemsLoading(root)).extracting(Problem::file)
                .containsExactly("one/rules/main.drl", "two/rules/main.drl");
    }

    @Test
    void aFolderWithoutPacksIsAnError() {
        Problem p = problemsLoading(root).get(0);
        assertThat(p.message()).contains("holds no pack");
        assertThatThrownBy(() -> CompatibilityEngine.builder().build()).isInstanceOf(InvalidPackException.class);
    }

    @Test
    void anIdThatMakesNoJavaPackageIsRefused() throws IOException {
        Path dir = TestPacks.sameTypeLive(root, "new", "acme-", 1);
        Problem p = problemsLoading(dir).get(0);
        assertThat(p.location().where()).isEqualTo("/id");
        assertThat(p.message()).contains("packs.new").contains("not a valid Java package name");
        Path digit = TestPacks.sameTypeLive(root, "3dfx", "acme-", 1);
        assertThat(problemsLoading(digit).get(0).message()).contains("must start with a lower-case letter");
    }

    @Test
    void anExplicitNullForARequiredManifestFieldIsAProblemNotACrash() throws IOException {
        Path dir = TestPacks.sameTypeLive(root, "nulls", "acme-", 1);
        Files.writeString(dir.resolve("pack.json"), """
                {"id": "nulls", "version": null, "vendor": "N", "namespaces": ["acme-"], "rules": ["rules/main.drl"]}
                """);
        Problem p = problemsLoading(dir).get(0);
        assertThat(p.location().where()).isEqualTo("/version");
        assertThat(p.message()).isEqualTo("must not be null");
    }

    @Test
    void declaredTypesAreRefusedBeforeTheBuildDefinesThem() {
        TestPacks.write(root, "decl", List.of("acme-"), List.of(), TestPacks.drl("decl", """
                declare Row
                    from : String
                end
                rule "r" when Source( ) then end
                """));
        Problem p = problemsLoading(root.resolve("decl")).get(0);
        assertThat(p.file()).isEqualTo("decl/rules/main.drl");
        assertThat(p.location().where()).startsWith("line 10");
        assertThat(p.message()).startsWith("drl check: declared types are refused");
    }

    @Test
    void aConsequenceCallingOutsideTheAllowListIsRefusedWithItsLine() {
        TestPacks.write(root, "exit", List.of("acme-"), List.of(), TestPacks.drl("exit", """
                rule "leave"
                when
                    Source( )
                then
                    java.lang.System.exit(3);
                end
                """));
        Problem p = problemsLoading(root.resolve("exit")).get(0);
        assertThat(p.file()).isEqualTo("exit/rules/main.drl");
        assertThat(p.location().where()).isEqualTo("line 14");
        assertThat(p.message()).startsWith("bytecode check: calls java.lang.System.exit(I)V, which is not on the allow-list");
    }

    @Test
    void aFunctionWithALoopIsRefusedByTheTerminationCheck() {
        TestPacks.write(root, "loop", List.of("acme-"), List.of(), TestPacks.drl("loop", """
                function int spin(int n) {
                    int i = 0;
                    while (i < n) { i = i + 1; }
                    return i;
                }
                rule "r" when Source( ) then insert(Finding.live(spin(3), "x")); end
                """));
        List<Problem> problems = problemsLoading(root.resolve("loop"));
        assertThat(problems).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).startsWith("termination check: has a backward branch (a loop)"));
    }

    @Test
    void recursionIsRefusedByTheTerminationCheck() {
        TestPacks.write(root, "recur", List.of("acme-"), List.of(), TestPacks.drl("recur", """
                function int down(int n) {
                    return n <= 0 ? 0 : down(n - 1);
                }
                rule "r" when Source( ) then insert(Finding.live(down(3), "x")); end
                """));
        List<Problem> problems = problemsLoading(root.resolve("recur"));
        assertThat(problems).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).startsWith("termination check: calls itself (recursion)").contains("down"));
    }

    @Test
    void aCompileErrorInAConsequencePointsAtItsDrlLine() {
        TestPacks.write(root, "typo", List.of("acme-"), List.of(), TestPacks.drl("typo", """
                rule "calls a helper that does not exist"
                when
                    Source( $v : migrationVersion )
                then
                    insert(Finding.live(1, Fields.noSuchHelper($v)));
                end
                """));
        List<Problem> problems = problemsLoading(root.resolve("typo"));
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).doesNotStartWith("DRL does not compile: Java source of"));
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("typo/rules/main.drl");
            assertThat(p.location().where()).isEqualTo("line 14");
            assertThat(p.message()).contains("noSuchHelper");
        });
    }
}
