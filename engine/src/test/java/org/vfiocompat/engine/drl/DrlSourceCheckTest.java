package org.vfiocompat.engine.drl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * The DRL check on small texts, one refusal at a time: which code, which line, which words, and
 * the exact bounds (the last value accepted and the first refused). Nothing here is compiled; the
 * check runs on Drools' parse tree and on the text, so each case takes milliseconds (fast enough
 * for PIT to run once per mutant of {@link DrlSourceCheck}).
 */
class DrlSourceCheckTest {

    private static final String FILE = "t/rules.drl";
    private static final String HEAD = "package packs.t;\nimport org.vfiocompat.rules.*;\n";

    private static DrlSourceCheck.Result check(String text) {
        return DrlSourceCheck.check(FILE, text, "packs.t");
    }

    private static DrlSourceCheck.Result checkWithTables(String text) {
        return DrlSourceCheck.check(FILE, text, "packs.t", true);
    }

    /** A rule named {@code name} whose condition is {@code lhs}. */
    private static String rule(String name, String lhs) {
        return "rule \"" + name + "\"\nwhen\n" + lhs + "\nthen\nend\n";
    }

    private static Problem only(DrlSourceCheck.Result r) {
        assertThat(r.problems()).hasSize(1);
        return r.problems().get(0);
    }

    private static int line(Problem p) {
        OptionalInt l = p.location().line();
        assertThat(l).as("a line for %s", p).isPresent();
        return l.getAsInt();
    }

    @Test
    void aPlainPackPassesAndListsItsRulesInOrderWithTheirLines() {
        DrlSourceCheck.Result r = check(HEAD + "\n" + rule("first", "  s : Source()\n  t : Target()")
                + rule("second", "  s : Source()"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.rules()).containsExactly(new PackRule("first", FILE, 4), new PackRule("second", FILE, 10));
    }

    @Test
    void buildUnitsCountTheConsequencePatternsAndConstraints() {
        // 1 (consequence) + Source (1 + 2 constraints) + Target (1 + 0) = 5
        assertThat(check(HEAD + rule("r", "  s : Source( kind == \"MDEV\", migrationType != \"\" )\n  Target()")).buildUnits())
                .isEqualTo(5);
        // two rules add up; a query is neither listed nor counted
        DrlSourceCheck.Result two = check(HEAD + rule("a", "  Source()") + rule("b", "  Source()\n  Target()"));
        assertThat(two.buildUnits()).isEqualTo(2 + 3);
        // patterns inside an accumulate and inside not/exists count too
        DrlSourceCheck.Result nested = check(HEAD + rule("n", "  not( Finding( ) )\n"
                + "  $n : Number() from accumulate( Finding( score > 1 ), count(1) )"));
        assertThat(nested.problems()).isEmpty();
        // 1 + not's Finding (1) + Number (1) + the accumulate's input Finding (1 + 1)
        assertThat(nested.buildUnits()).isEqualTo(5);
    }

    @Test
    void aFileThatDoesNotParseIsRefusedWithTheLineOfTheError() {
        Problem p = check(HEAD + "rule \"r\"\nwhen\n  Source(\nthen\nend\n").problems().get(0);
        assertThat(p.code()).isEqualTo(ProblemCodes.PACK_DRL_SYNTAX);
        assertThat(p.message()).startsWith("DRL does not parse");
        assertThat(line(p)).isBetween(5, 7);
        assertThat(check(HEAD + "rule \"r\"\nwhen\n  Source(\nthen\nend\n").rules()).isEmpty();
    }

    @Test
    void thePackageMustLieInThePacksNamespace() {
        Problem p = only(DrlSourceCheck.check(FILE, "package packs.other;\n" + rule("r", "  Source()"), "packs.t"));
        assertThat(p.code()).isEqualTo(ProblemCodes.PACK_DRL_OUTSIDE_NAMESPACE);
        assertThat(p.message()).isEqualTo("package 'packs.other' lies outside the pack's namespace: declare 'package packs.t;' (or a sub-package)");
        assertThat(line(p)).isEqualTo(1);
        // a sub-package is inside; a name that merely starts with the same letters is not
        assertThat(DrlSourceCheck.check(FILE, "package packs.t.sub;\n" + rule("r", "  Source()"), "packs.t").problems()).isEmpty();
        assertThat(only(DrlSourceCheck.check(FILE, "package packs.tx;\n" + rule("r", "  Source()"), "packs.t")).code())
                .isEqualTo(ProblemCodes.PACK_DRL_OUTSIDE_NAMESPACE);
        assertThat(only(DrlSourceCheck.check(FILE, rule("r", "  Source()"), "packs.t")).message())
                .startsWith("package '' lies outside");
    }

    @Test
    void importsAreTheRulesApiAndJdkValueTypesOnly() {
        for (String ok : List.of("org.vfiocompat.rules.Finding", "java.lang.String", "java.lang.Math", "java.util.List",
                "java.util.Collections", "java.util.Objects")) {
            assertThat(check("package packs.t;\nimport " + ok + ";\n" + rule("r", "  Source()")).problems()).as(ok).isEmpty();
        }
        Problem p = only(check("package packs.t;\nimport java.io.File;\n" + rule("r", "  Source()")));
        assertThat(p.code()).isEqualTo(ProblemCodes.PACK_DRL_REFUSED);
        assertThat(p.message()).isEqualTo("drl check: import of java.io.File refused: packs may import the rules API "
                + "(org.vfiocompat.rules) and JDK value types only");
        assertThat(line(p)).isEqualTo(2);
        for (String bad : List.of("java.lang.reflect.Method", "java.lang.Runtime", "java.util.HashMap", "org.vfiocompat.engine.Verdict",
                "org.vfiocompat.rulesx.Fake")) {
            assertThat(check("package packs.t;\nimport " + bad + ";\n" + rule("r", "  Source()")).problems()).as(bad).hasSize(1);
        }
        Problem f = only(check("package packs.t;\nimport function java.lang.System.exit;\n" + rule("r", "  Source()")));
        assertThat(f.message()).startsWith("drl check: function import of java.lang.System.exit refused");
    }

    @Test
    void stringLiteralsAreBoundedAtTheLineTheyStart() {
        String at = "x".repeat(DrlSourceCheck.MAX_STRING_LITERAL);
        assertThat(check(HEAD + rule("r", "  Source( migrationType == \"" + at + "\" )")).problems()).isEmpty();
        Problem p = only(check(HEAD + "\n" + rule("r", "  Source( migrationType == \"" + at + "y\" )")));
        assertThat(p.code()).isEqualTo(ProblemCodes.PACK_LIMIT_EXCEEDED);
        assertThat(p.message()).isEqualTo("drl check: a string literal of 4097 characters; at most 4096 are allowed");
        assertThat(line(p)).isEqualTo(6);
        // an escaped quote does not end the literal; its length counts both characters of the escape
        Problem escaped = only(check(HEAD + rule("r", "  Source( migrationType == \"\\\"" + at + "\" )")));
        assertThat(escaped.message()).contains("a string literal of 4098 characters");
    }

    @Test
    void longTextInCommentsIsNoLiteral() {
        String longText = "\"" + "x".repeat(5000) + "\"";
        assertThat(check(HEAD + "// " + longText + "\n" + rule("r", "  Source()")).problems()).isEmpty();
        assertThat(check(HEAD + "/* " + longText + "\n */\n" + rule("r", "  Source()")).problems()).isEmpty();
        // lines inside a block comment and inside a literal still count: the literal after them is located
        Problem p = only(check(HEAD + "/*\n\n*/\n" + rule("r", "  Source( migrationType == \"a\nb\" )\n  Source( migrationType == " + longText + " )")));
        assertThat(line(p)).isEqualTo(10);
    }

    @Test
    void rulesPerFileAreBounded() {
        StringBuilder at = new StringBuilder(HEAD);
        for (int i = 0; i < DrlSourceCheck.MAX_RULES_PER_FILE; i++) {
            at.append(rule("r" + i, "  Source()"));
        }
        assertThat(check(at.toString()).problems()).isEmpty();
        Problem p = only(check(at + rule("one more", "  Source()")));
        assertThat(p.code()).isEqualTo(ProblemCodes.PACK_LIMIT_EXCEEDED);
        assertThat(p.message()).isEqualTo("drl check: 501 rules in one file; at most 500 are allowed");
        assertThat(p.location().wholeFile()).isTrue();
    }

    @Test
    void globalsDeclaredTypesEnumsEntryPointsAndWindowsAreRefused() {
        Problem global = only(check(HEAD + "global java.util.List out;\n" + rule("r", "  Source()")));
        assertThat(global.message()).isEqualTo("global 'out' refused: packs record results by inserting Finding facts");
        assertThat(line(global)).isEqualTo(3);
        Problem type = only(check(HEAD + "\ndeclare Thing\n  name : String\nend\n" + rule("r", "  Source()")));
        assertThat(type.message()).startsWith("drl check: declared types are refused");
        assertThat(line(type)).isEqualTo(4);
        Problem enumType = only(check(HEAD + "declare enum Colour\n  RED, GREEN;\nend\n" + rule("r", "  Source()")));
        assertThat(enumType.message()).startsWith("drl check: declared types are refused");
        Problem entry = only(check(HEAD + "declare entry-point \"side\"\nend\n" + rule("r", "  Source()")));
        assertThat(entry.message()).isEqualTo("entry points are refused: the engine inserts Source and Target only");
        Problem window = only(check(HEAD + "declare window Last\n  Finding() over window:length( 10 )\nend\n" + rule("r", "  Source()")));
        assertThat(window.message()).isEqualTo("windows are refused: evaluation has no notion of time");
        for (Problem p : List.of(global, type, enumType, entry, window)) {
            assertThat(p.code()).isEqualTo(ProblemCodes.PACK_DRL_REFUSED);
        }
    }

    @Test
    void anInlineWindowIsRefusedToo() {
        Problem p = only(check(HEAD + rule("w", "  Source()\n  Finding() over window:time( 10s )")));
        assertThat(p.code()).isEqualTo(ProblemCodes.PACK_DRL_REFUSED);
        assertThat(p.message()).isEqualTo("rule 'w': windows are refused (an inline 'over window:...' too): evaluation has no notion of time");
        assertThat(line(p)).isEqualTo(3);
    }

    @Test
    void unicodeEscapesAreRefusedAnywhereWithTheirLine() {
        Problem p = only(check(HEAD + "\n// a comment \\u0022 ends nothing here, but would in Java\n" + rule("r", "  Source()")));
        assertThat(p.code()).isEqualTo(ProblemCodes.PACK_DRL_REFUSED);
        assertThat(p.message()).startsWith("drl check: the unicode escape '\\u0022' is refused");
        assertThat(line(p)).isEqualTo(4);
        assertThat(only(check(HEAD + "/* \\uuu000a */\n" + rule("r", "  Source()"))).message()).contains("'\\uuu000a'");
        // inside a string literal Drools' lexer fails first; its message stays one line of DRL words
        List<Problem> inLiteral = check(HEAD + rule("r", "  Source( migrationType == \"\\u0022\" )")).problems();
        assertThat(inLiteral).isNotEmpty().allSatisfy(p2 -> assertThat(p2.message()).doesNotContain("Exception", "Stack trace", "\tat "));
        // a backslash-u that is not followed by four hex digits is no escape
        assertThat(check(HEAD + "// \\u00g2 \\u12\n" + rule("r", "  Source()")).problems()).isEmpty();
    }

    @Test
    void queriesAreRefusedAndNotListedAsRules() {
        DrlSourceCheck.Result r = check(HEAD + "query \"all\"\n  Source()\nend\n" + rule("r", "  Source()"));
        Problem p = only(r);
        assertThat(p.message()).isEqualTo("query 'all' refused: the engine runs no queries");
        assertThat(line(p)).isEqualTo(3);
        assertThat(r.rules()).extracting(PackRule::name).containsExactly("r");
        assertThat(r.buildUnits()).isEqualTo(2);
    }

    @Test
    void onlyTheJavaDialect() {
        assertThat(check(HEAD + "dialect \"java\"\n" + rule("r", "  Source()")).problems()).isEmpty();
        // a package's dialect is every rule's: both are named
        List<Problem> both = check(HEAD + "dialect \"mvel\"\n" + rule("r", "  Source()")).problems();
        assertThat(both).extracting(Problem::message).containsExactly(
                "the package uses dialect mvel: only the java dialect is accepted (MVEL runs outside the executable model)",
                "rule 'r' uses dialect mvel: only the java dialect is accepted (MVEL runs outside the executable model)");
        assertThat(line(both.get(0))).isEqualTo(3);
        Problem inRule = only(check(HEAD + "rule \"r\"\n  dialect \"mvel\"\nwhen\n  Source()\nthen\nend\n"));
        assertThat(inRule.message()).startsWith("rule 'r' uses dialect mvel:");
        assertThat(line(inRule)).isEqualTo(4);
    }

    @Test
    void salienceIsAnIntegerLiteral() {
        for (String ok : List.of("10", "-5", "+7", "(3)", "( -42 )", "999999999")) {
            assertThat(check(HEAD + "rule \"r\"\n  salience " + ok + "\nwhen\n  Source()\nthen\nend\n").problems()).as(ok).isEmpty();
        }
        for (String bad : List.of("1234567890", "( 1 + 2 )", "Math.max(1, 2)", "$s.length()")) {
            Problem p = only(check(HEAD + "rule \"r\"\n  salience " + bad + "\nwhen\n  Source()\nthen\nend\n"));
            assertThat(p.code()).as(bad).isEqualTo(ProblemCodes.PACK_DRL_REFUSED);
            assertThat(p.message()).as(bad).startsWith("rule 'r' has the salience '").endsWith(
                    "': salience must be an integer literal (an expression would run pack code while the pack loads)");
            assertThat(line(p)).isEqualTo(4);
        }
    }

    @Test
    void timeAndAgendaAttributesAreRefused() {
        for (String attribute : List.of("timer (int: 1s)", "duration 100", "enabled true", "agenda-group \"g\"", "auto-focus true",
                "activation-group \"g\"", "lock-on-active true", "ruleflow-group \"g\"", "date-effective \"1-Jan-2020\"",
                "date-expires \"1-Jan-2030\"", "calendars \"c\"")) {
            String name = attribute.substring(0, attribute.indexOf(' '));
            Problem p = only(check(HEAD + "rule \"r\"\n  " + attribute + "\nwhen\n  Source()\nthen\nend\n"));
            assertThat(p.message()).as(attribute).isEqualTo("rule 'r' uses the attribute '" + name + "', which the engine does not support");
            assertThat(line(p)).isEqualTo(4);
        }
        assertThat(check(HEAD + "rule \"r\"\n  no-loop true\nwhen\n  Source()\nthen\nend\n").problems()).isEmpty();
    }

    @Test
    void joinsAreBoundedInPatternsFromsAndAccumulates() {
        String four = "  Source()\n  Target()\n  Finding()\n  Finding()";
        assertThat(check(HEAD + rule("four", four)).problems()).isEmpty();
        Problem five = only(check(HEAD + rule("five", four + "\n  Finding()")));
        assertThat(five.code()).isEqualTo(ProblemCodes.PACK_LIMIT_EXCEEDED);
        assertThat(five.message()).isEqualTo("drl check: rule 'five' has 5 patterns; at most 4 are allowed (joins grow as their product)");
        assertThat(line(five)).isEqualTo(3);
        // patterns under not/exists/or count as well
        assertThat(only(check(HEAD + rule("nested", "  Source()\n  Target()\n  not( Finding() )\n  exists( Finding() )\n  Finding()")))
                .message()).contains("has 5 patterns");

        String oneFrom = "  $s : Source()\n  String() from $s.getMigrationType()";
        assertThat(check(HEAD + rule("f", oneFrom)).problems()).isEmpty();
        Problem froms = only(check(HEAD + rule("ff", oneFrom + "\n  String() from $s.getDeviceApi()")));
        assertThat(froms.message()).isEqualTo("drl check: rule 'ff' has 2 'from' sources; at most one is allowed (their products are unbounded work)");

        String acc = "  $n : Number() from accumulate( Finding(), count(1) )";
        assertThat(check(HEAD + rule("a", acc)).problems()).isEmpty();
        Problem accs = only(check(HEAD + rule("aa", acc + "\n  $m : Number() from accumulate( Finding(), count(1) )")));
        assertThat(accs.message()).isEqualTo("drl check: rule 'aa' has 2 accumulates and collects; at most one is allowed "
                + "(each joins its whole input with the rule)");
        // a collect is an accumulate by another name
        Problem mixed = only(check(HEAD + rule("ac", acc + "\n  $l : java.util.List() from collect( Finding() )")));
        assertThat(mixed.message()).contains("has 2 accumulates and collects");
        // and the patterns inside a collect count towards the four
        assertThat(only(check(HEAD + rule("cp", "  Source()\n  Target()\n  Finding()\n  $l : java.util.List() from collect( Finding() )")))
                .message()).contains("has 5 patterns");
    }

    @Test
    void withTablesARuleMatchesAtMostOneRow() {
        String two = "  Source()\n  TableRow()\n  TableRow()";
        assertThat(check(HEAD + rule("t", two)).problems()).as("no tables: rows cannot be matched").isEmpty();
        assertThat(checkWithTables(HEAD + rule("t", "  Source()\n  Target()\n  TableRow()\n  Finding()")).problems()).isEmpty();
        Problem p = only(checkWithTables(HEAD + rule("t", two)));
        assertThat(p.code()).isEqualTo(ProblemCodes.PACK_LIMIT_EXCEEDED);
        assertThat(p.message()).startsWith("drl check: rule 't' has 2 patterns that can match table rows")
                .endsWith("at most 1 is allowed (rows join as their product)");
        // any type but Source, Target, Finding and ProfileFact may be a row, qualified or not
        assertThat(checkWithTables(HEAD + rule("q", "  org.vfiocompat.rules.Source()\n  org.vfiocompat.rules.Target()\n"
                + "  org.vfiocompat.rules.Finding()\n  ProfileFact()")).problems()).isEmpty();
        assertThat(checkWithTables(HEAD + rule("o", "  Source()\n  Object()\n  Number()")).problems()).hasSize(1);
        // a pattern fed by 'from' reads no working memory, so it is no row
        assertThat(checkWithTables(HEAD + rule("fr", "  $s : Source()\n  TableRow()\n  String() from $s.getMigrationType()")).problems())
                .isEmpty();
    }

    @Test
    void ruleNamesAndMetadataArePlainText() {
        String at = "n".repeat(DrlSourceCheck.MAX_PLAIN_TEXT);
        assertThat(check(HEAD + rule(at, "  Source()")).problems()).isEmpty();
        Problem tooLong = only(check(HEAD + rule(at + "n", "  Source()")));
        assertThat(tooLong.code()).isEqualTo(ProblemCodes.PACK_DRL_REFUSED);
        assertThat(tooLong.message()).startsWith("drl check: rule name '" + "n".repeat(60) + "...' refused: 201 characters, at most 200 are allowed");
        assertThat(line(tooLong)).isEqualTo(3);
        Problem tab = only(check(HEAD + rule("a\tb", "  Source()")));
        assertThat(tab.message()).startsWith("drl check: rule name 'a\\u0009b' refused: character U+0009 at 2 is not allowed");
        assertThat(only(check(HEAD + rule("caf\u00e9", "  Source()"))).message()).contains("character U+00E9 at 4");
        assertThat(only(check(HEAD + rule("a\\\\b", "  Source()"))).message()).contains("character U+005C at 2");
        assertThat(check(HEAD + rule("~ all printable: !#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}", "  Source()")).problems()).isEmpty();

        Problem metaName = only(check(HEAD + "rule \"r\"\n  @caf\u00e9( \"x\" )\nwhen\n  Source()\nthen\nend\n"));
        assertThat(metaName.message()).startsWith("drl check: metadata name 'caf\\u00e9' refused");
        Problem metaValue = only(check(HEAD + "rule \"r\"\n  @doc( \"caf\u00e9\" )\nwhen\n  Source()\nthen\nend\n"));
        assertThat(metaValue.message()).startsWith("drl check: metadata value 'caf\\u00e9' refused");
        assertThat(check(HEAD + "rule \"r\"\n  @doc( \"plain words\" )\n  @flag\nwhen\n  Source()\nthen\nend\n").problems()).isEmpty();
    }

    @Test
    void everyProblemOfAFileIsReportedNotOnlyTheFirst() {
        DrlSourceCheck.Result r = check("package packs.t;\nimport java.io.File;\nglobal java.util.List out;\n"
                + "rule \"r\"\n  timer (int: 1s)\nwhen\n  Source()\nthen\nend\n");
        assertThat(r.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("import of java.io.File"))
                .anySatisfy(m -> assertThat(m).contains("global 'out'")).anySatisfy(m -> assertThat(m).contains("attribute 'timer'"));
        assertThat(r.problems()).hasSize(3);
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.location().file()).isEqualTo(FILE));
    }

    @Test
    void singleQuotedLiteralsAreBoundedAndKeepTheScanInStep() {
        String at = "x".repeat(DrlSourceCheck.MAX_STRING_LITERAL);
        assertThat(check(HEAD + rule("r", "  Source( migrationType == '" + at + "' )")).problems()).isEmpty();
        Problem p = only(check(HEAD + rule("r", "  Source( migrationType == '" + at + "y' )")));
        assertThat(p.code()).isEqualTo(ProblemCodes.PACK_LIMIT_EXCEEDED);
        assertThat(p.message()).isEqualTo("drl check: a string literal of 4097 characters; at most 4096 are allowed");
        assertThat(line(p)).isEqualTo(5);
        // '/*', '//' and '"' inside a single-quoted literal open no comment and no other literal
        String tooLong = "\"" + at + "y\"";
        assertThat(line(only(check(HEAD + rule("r", "  Source( migrationType == '/*' )\n  Source( deviceApi == " + tooLong + " )")))))
                .isEqualTo(6);
        assertThat(only(check(HEAD + rule("r", "  Source( migrationType == '//', deviceApi == " + tooLong + " )"))).message())
                .contains("of 4097 characters");
        assertThat(only(check(HEAD + "rule \"r\"\nwhen\n  Source()\nthen\n  char c = '\"';\n  String s = " + tooLong + ";\nend\n"))
                .message()).contains("of 4097 characters");
        // an escaped single quote does not end the literal
        assertThat(only(check(HEAD + rule("r", "  Source( migrationType == '\\'" + at + "' )"))).message()).contains("of 4098 characters");
    }

    @Test
    void aSlashThatOpensNoCommentLeavesTheLiteralAfterItSeen() {
        String tooLong = "\"" + "x".repeat(DrlSourceCheck.MAX_STRING_LITERAL + 1) + "\"";
        Problem p = only(check(HEAD + rule("r", "  Source( 4 / 2 == 2, migrationType == " + tooLong + " )")));
        assertThat(line(p)).isEqualTo(5);
        // a line comment on the last line, with no line break after it, ends the scan cleanly
        assertThat(check(HEAD + rule("r", "  Source()") + "// the end").problems()).isEmpty();
        // a text starting with a line break: lines still count from 1
        assertThat(line(only(check("\n" + HEAD + rule("r", "  Source( migrationType == " + tooLong + " )"))))).isEqualTo(6);
    }

    @Test
    void fromEntryPointIsRefusedBecauseItReadsWorkingMemoryPastTheRowBound() {
        // 'from entry-point "DEFAULT"' matches the table rows again: four of them loaded and hung an evaluation
        Problem p = only(checkWithTables(HEAD + rule("ep", "  Source()\n  TableRow() from entry-point \"DEFAULT\"")));
        assertThat(p.code()).isEqualTo(ProblemCodes.PACK_DRL_REFUSED);
        assertThat(p.message()).isEqualTo("rule 'ep': entry points are refused ('from entry-point' too): the engine inserts Source and Target only");
        assertThat(line(p)).isEqualTo(3);
        assertThat(only(check(HEAD + rule("ep", "  Source() from entry-point \"side\""))).message()).startsWith("rule 'ep': entry points are refused");
    }

    @Test
    void patternsInsideAnAccumulateOrCollectCountTowardsTheFourAndTheBuildUnits() {
        assertThat(only(check(HEAD + rule("ap", "  Source()\n  Target()\n  Finding()\n  $n : Number() from accumulate( Finding(), count(1) )")))
                .message()).contains("has 5 patterns");
        // 1 + List (1) + the collect's input Finding (1 + 1 constraint)
        DrlSourceCheck.Result collect = check(HEAD + rule("c", "  $l : java.util.List() from collect( Finding( score > 1 ) )"));
        assertThat(collect.problems()).isEmpty();
        assertThat(collect.buildUnits()).isEqualTo(4);
        // an accumulate over two patterns: 1 + Number (1) + Source (1) + Target (1)
        assertThat(check(HEAD + rule("a2", "  $n : Number() from accumulate( Source() and Target(), count(1) )")).buildUnits()).isEqualTo(4);
    }

    @Test
    void messagesShowARefusedNameWholeUpToSixtyCharactersAndEscapeOnlyWhatIsNotPrintable() {
        String sixty = "a".repeat(58) + "\t" + "b";
        assertThat(only(check(HEAD + rule(sixty, "  Source()"))).message())
                .startsWith("drl check: rule name '" + "a".repeat(58) + "\\u0009b' refused: character U+0009 at 59");
        assertThat(only(check(HEAD + rule(sixty + "c", "  Source()"))).message())
                .startsWith("drl check: rule name '" + "a".repeat(58) + "\\u0009b...' refused");
        // a space and '~' are the ends of printable ASCII: shown as they are
        assertThat(only(check(HEAD + rule(" ~\t", "  Source()"))).message()).startsWith("drl check: rule name ' ~\\u0009' refused");
        // an empty metadata literal is plain text
        assertThat(check(HEAD + "rule \"r\"\n  @doc( \"\" )\nwhen\n  Source()\nthen\nend\n").problems()).isEmpty();
    }

    @Test
    void aParserErrorIsOneProblemWithDroolsOwnWordsAndNothingAppended() {
        Problem p = only(check(HEAD + "rule \"r\"\nwhen\n  Source()\nthen\n"));
        assertThat(p.message()).isEqualTo("DRL does not parse: [ERR 102] Line 7:0 mismatched input '<eof>' in rule \"r\"");
        assertThat(p.location().where()).isEqualTo("line 7:0");
        assertThat(DrlSourceCheck.parserMessage(" Line 3:1 no viable\ninput Exception: java.lang.NullPointerException at x Stack trace: y"))
                .isEqualTo("Line 3:1 no viable input");
        assertThat(DrlSourceCheck.parserMessage("Line 3:1 bad Stack trace: at x")).isEqualTo("Line 3:1 bad");
        assertThat(DrlSourceCheck.parserMessage("Line 3:1 plain")).isEqualTo("Line 3:1 plain");
    }

    @Test
    void aRefusedSalienceIsQuotedOnOneLine() {
        Problem p = only(check(HEAD + "rule \"r\"\n  salience ( 1 +\n 2 )\nwhen\n  Source()\nthen\nend\n"));
        assertThat(p.message()).isEqualTo("rule 'r' has the salience '( 1 +  2 )': salience must be an integer literal "
                + "(an expression would run pack code while the pack loads)");
    }

    @Test
    void aParserErrorWithoutARowPointsAtTheWholeFile() {
        // an unterminated literal: one error with its line, and Drools' "unexpected exception" without a row
        List<Problem> problems = check(HEAD + rule("r", "  Source( migrationType == \"abc )")).problems();
        assertThat(problems).hasSize(2);
        assertThat(line(problems.get(0))).isEqualTo(8);
        assertThat(problems.get(1).message()).isEqualTo("DRL does not parse: Line 8:0 unexpected exception at input '<eof>'.");
        assertThat(problems.get(1).location().wholeFile()).isTrue();
    }

    @Test
    void aBlockCommentEndsAtTheFirstStarSlashAfterItsOpening() {
        String longComment = "// " + "x".repeat(DrlSourceCheck.MAX_STRING_LITERAL) + "\n";
        // "/*/" does not close itself, and a quote just before "*/" is inside the comment
        assertThat(check(HEAD + "/*/ \"" + "x".repeat(5000) + "\" */\n" + rule("r", "  Source()")).problems()).isEmpty();
        assertThat(check(HEAD + "/* \"*/\n" + longComment + rule("r", "  Source( migrationType == \"a\" )")).problems()).isEmpty();
    }

    /** {@code [ [ ... 1 ] ]}, {@code depth} deep. */
    private static String nestedList(int depth) {
        return "[ ".repeat(depth) + "1" + " ]".repeat(depth);
    }

    @Test
    void squareBracketsNestedFourDeepParseAndFiveDeepAreRefusedBeforeTheParser() {
        assertThat(check(HEAD + rule("ok", "  Source( migrationVersion == " + nestedList(DrlSourceCheck.MAX_BRACKET_DEPTH) + " )"))
                .problems()).isEmpty();
        // 40 deep would keep Drools' backtracking parser busy for longer than anyone waits (its
        // time about triples with each level); refused from the text, this returns at once.
        Problem p = only(check(HEAD + "\n" + rule("deep", "  Source( migrationVersion == " + nestedList(40) + " )")));
        assertThat(p.code()).isEqualTo(org.vfiocompat.engine.ProblemCodes.PACK_LIMIT_EXCEEDED);
        assertThat(p.message()).contains("square brackets nested more than 4 deep");
        assertThat(line(p)).isEqualTo(6);
    }

    @Test
    void bracketsInStringsAndCommentsDoNotCountAndClosedOnesGiveTheirDepthBack() {
        String deep = "[[[[[[[[";
        String text = HEAD + "// " + deep + "\n/* " + deep + " */\n"
                + rule("r", "  Source( migrationVersion == \"" + deep + "\" || migrationVersion == '" + deep + "' )")
                // side by side, each 4 deep: depth returns to 0 between them
                + rule("s", "  Source( migrationVersion in ( " + nestedList(4) + ", " + nestedList(4) + " ) )");
        assertThat(DrlSourceCheck.checkBracketDepth(FILE, text)).isNull();
        assertThat(DrlSourceCheck.checkBracketDepth(FILE, "x [[[[ ] [ ]]]")).isNull();
        assertThat(DrlSourceCheck.checkBracketDepth(FILE, "x [[[[ ] [[ ]]]")).isNotNull();
    }
}
