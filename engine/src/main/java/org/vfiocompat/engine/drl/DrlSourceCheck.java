package org.vfiocompat.engine.drl;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.PatternSourceDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * The checks on a DRL file's parsed form that run before anything is compiled: the file must
 * parse, declare a package inside the pack's own namespace, use the Java dialect, and use only
 * the parts of DRL the engine drives (rules with patterns and consequences, functions, imports,
 * declared types). Everything else is refused with the line it is on.
 */
public final class DrlSourceCheck {

    /** A salience the engine accepts: an integer literal, optionally signed and in parentheses. */
    private static final java.util.regex.Pattern SALIENCE_LITERAL = java.util.regex.Pattern.compile("\\s*\\(?\\s*[-+]?[0-9]{1,9}\\s*\\)?\\s*");

    /** Rule attributes whose behaviour depends on time, agenda control or the classic engine. */
    private static final Set<String> REFUSED_ATTRIBUTES = Set.of(
            "timer", "calendars", "duration", "enabled", "date-effective", "date-expires",
            "ruleflow-group", "agenda-group", "auto-focus", "activation-group", "lock-on-active");

    private DrlSourceCheck() {
    }

    /**
     * What checking one file found: its problems, the rules it declares, in order, and what
     * building them will cost ({@link #buildUnits}).
     */
    public record Result(List<Problem> problems, List<PackRule> rules, int buildUnits) {
    }

    /** Checks one DRL file; {@code file} is how errors name it (pack id and relative path). */
    public static Result check(String file, String text, String requiredPackage) {
        return check(file, text, requiredPackage, false);
    }

    /**
     * Checks one DRL file of a pack that does ({@code hasTables}) or does not ship data tables:
     * with tables, a rule may match at most one fact that could be a table row.
     */
    public static Result check(String file, String text, String requiredPackage, boolean hasTables) {
        List<Problem> problems = new ArrayList<>();
        PackageDescr pkg = parseAndCheck(file, text, requiredPackage, hasTables, problems);
        List<PackRule> rules = new ArrayList<>();
        int units = 0;
        if (pkg != null) {
            for (RuleDescr rule : pkg.getRules()) {
                if (!rule.isQuery()) {
                    rules.add(new PackRule(rule.getName(), file, Math.max(rule.getLine(), 0)));
                    units += buildUnits(rule);
                }
            }
        }
        return new Result(problems, rules, units);
    }

    /**
     * What building a rule costs, in the classes the executable model generates and compiles for
     * it: one for its consequence, and for each pattern (nested ones too) one plus one per
     * constraint or binding. The build's time grows with these (500 one-pattern rules, 1,000
     * units, took about a minute), so the pack's sum is bounded before the build starts.
     */
    static int buildUnits(RuleDescr rule) {
        return 1 + patternUnits(rule.getLhs());
    }

    private static int patternUnits(BaseDescr descr) {
        int units = 0;
        if (descr instanceof PatternDescr p) {
            units += 1 + (p.getConstraint() == null ? 0 : p.getConstraint().getDescrs().size());
            // Of the other sources, none holds patterns ('from' an expression, an entry point, a window).
            if (p.getSource() instanceof AccumulateDescr acc) {
                units += patternUnits(acc.getInput());
            } else if (p.getSource() instanceof CollectDescr collect) {
                units += patternUnits(collect.getInputPattern());
            }
        } else if (descr instanceof ConditionalElementDescr ce) {
            for (BaseDescr child : ce.getDescrs()) {
                units += patternUnits(child);
            }
        }
        return units;
    }

    private static PackageDescr parseAndCheck(String file, String text, String requiredPackage, boolean hasTables,
                                              List<Problem> problems) {
        Problem tooDeep = checkBracketDepth(file, text);
        if (tooDeep != null) {
            problems.add(tooDeep);
            return null;
        }
        DrlParser parser = new DrlParser();
        PackageDescr pkg;
        try {
            pkg = parser.parse(false, new StringReader(text));
        } catch (DroolsParserException e) {
            problems.add(new Problem(ProblemCodes.PACK_DRL_SYNTAX, Location.file(file), "DRL does not parse: " + e.getMessage()));
            return null;
        } catch (StackOverflowError e) {
            // Drools' parser descends once per nesting level: a deep enough expression overflows it.
            problems.add(new Problem(ProblemCodes.PACK_DRL_SYNTAX, Location.file(file),
                    "DRL does not parse: it is nested too deeply for the parser (a stack overflow)"));
            return null;
        }
        if (parser.hasErrors() || pkg == null) {
            for (DroolsError error : parser.getErrors()) {
                problems.add(new Problem(ProblemCodes.PACK_DRL_SYNTAX, lineOf(file, error), "DRL does not parse: " + parserMessage(error.getMessage())));
            }
            if (problems.isEmpty()) {
                problems.add(new Problem(ProblemCodes.PACK_DRL_SYNTAX, Location.file(file), "DRL does not parse"));
            }
            return null;
        }
        String name = pkg.getName() == null ? "" : pkg.getName();
        if (!name.equals(requiredPackage) && !name.startsWith(requiredPackage + ".")) {
            problems.add(new Problem(ProblemCodes.PACK_DRL_OUTSIDE_NAMESPACE, at(file, pkg), "package '" + name + "' lies outside the pack's namespace: "
                    + "declare 'package " + requiredPackage + ";' (or a sub-package)"));
        }
        for (AttributeDescr attribute : pkg.getAttributes()) {
            checkAttribute(problems, file, attribute, "the package");
        }
        for (ImportDescr imported : pkg.getImports()) {
            checkImport(problems, file, imported, "import");
        }
        for (ImportDescr imported : pkg.getFunctionImports()) {
            checkImport(problems, file, imported, "function import");
        }
        if (pkg.getRules().size() > MAX_RULES_PER_FILE) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.file(file), "drl check: " + pkg.getRules().size() + " rules in one file; at most "
                    + MAX_RULES_PER_FILE + " are allowed"));
        }
        checkStringLiterals(problems, file, text);
        for (GlobalDescr global : pkg.getGlobals()) {
            problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, global), "global '" + global.getIdentifier()
                    + "' refused: packs record results by inserting Finding facts"));
        }
        if (!pkg.getTypeDeclarations().isEmpty() || !pkg.getEnumDeclarations().isEmpty()) {
            BaseDescr first = !pkg.getTypeDeclarations().isEmpty() ? pkg.getTypeDeclarations().get(0)
                    : pkg.getEnumDeclarations().get(0);
            problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, first), "drl check: declared types are refused: the build defines their "
                    + "classes before any check can read them; use the rules API's facts"));
        }
        if (!pkg.getEntryPointDeclarations().isEmpty()) {
            problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, pkg.getEntryPointDeclarations().iterator().next()),
                    "entry points are refused: the engine inserts Source and Target only"));
        }
        if (!pkg.getWindowDeclarations().isEmpty()) {
            problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, pkg.getWindowDeclarations().iterator().next()),
                    "windows are refused: evaluation has no notion of time"));
        }
        checkUnicodeEscapes(problems, file, text);
        for (RuleDescr rule : pkg.getRules()) {
            checkPlainText(problems, file, rule, "rule name", rule.getName());
            for (AnnotationDescr annotation : rule.getAnnotations()) {
                checkPlainText(problems, file, rule, "metadata name", annotation.getName());
                for (Object value : annotation.getValueMap().values()) {
                    // A value is written as a literal ("text") or a bare word; its text must be plain.
                    String v = String.valueOf(value);
                    boolean quoted = v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"");
                    checkPlainText(problems, file, rule, "metadata value", quoted ? v.substring(1, v.length() - 1) : v);
                }
            }
            if (rule.isQuery()) {
                problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, rule), "query '" + rule.getName() + "' refused: the engine runs no queries"));
                continue;
            }
            for (AttributeDescr attribute : rule.getAttributes().values()) {
                checkAttribute(problems, file, attribute, "rule '" + rule.getName() + "'");
            }
            checkJoinSize(problems, file, rule, hasTables);
        }
        return pkg;
    }

    /** The longest rule name, metadata name or value accepted. */
    static final int MAX_PLAIN_TEXT = 200;

    /**
     * Rule names and metadata become Java source when the executable model is generated: the
     * rule name is pasted into a string literal unescaped, so a name holding a quote closed it
     * and added code (a member class with static state, a timer attribute, a rule the DRL did not
     * show). Only plain text reaches the generator: printable ASCII without {@code "} and
     * {@code \}, at most {@link #MAX_PLAIN_TEXT} characters. (Escaping instead would mean
     * knowing every place the generator pastes it; refusing needs no such knowledge.)
     */
    private static void checkPlainText(List<Problem> problems, String file, RuleDescr rule, String what, String text) {
        String t = text == null ? "" : text;
        String bad = null;
        if (t.length() > MAX_PLAIN_TEXT) {
            bad = t.length() + " characters, at most " + MAX_PLAIN_TEXT + " are allowed";
        }
        for (int i = 0; i < t.length() && bad == null; i++) {
            char c = t.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                bad = String.format("character U+%04X at %d is not allowed (only printable ASCII without '\"' and '\\')", (int) c, i + 1);
            }
        }
        if (bad != null) {
            problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, rule), "drl check: " + what + " '"
                    + visible(t.length() > 60 ? t.substring(0, 60) + "..." : t) + "' refused: " + bad
                    + "; DRL text becomes Java source, so only plain names and literals are accepted"));
        }
    }

    /** {@code s} with every character outside printable ASCII written as a Java-style escape. */
    private static String visible(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    /**
     * Java reads a unicode escape (a backslash, one or more 'u's, four hex digits: 0022 is a quote,
     * 000a a line break) before it reads anything else, in string literals and comments alike: DRL text pasted into generated Java
     * with such an escape can end a literal or a comment the DRL does not end. No escape of that
     * form is accepted anywhere in a DRL file (write the character itself; files are UTF-8).
     */
    private static void checkUnicodeEscapes(List<Problem> problems, String file, String text) {
        java.util.regex.Matcher m = UNICODE_ESCAPE.matcher(text);
        if (m.find()) {
            problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, Location.line(file, lineAt(text, m.start())), "drl check: the unicode escape '"
                    + m.group() + "' is refused: Java decodes it before anything else, in strings and comments of the generated "
                    + "source alike; write the character itself"));
        }
    }

    private static final java.util.regex.Pattern UNICODE_ESCAPE = java.util.regex.Pattern.compile("\\\\u+[0-9A-Fa-f]{4}");

    /** Rules one DRL file may hold. */
    static final int MAX_RULES_PER_FILE = 500;
    /** The longest string literal accepted in DRL. */
    static final int MAX_STRING_LITERAL = 4096;

    /**
     * What a DRL file may import: the rules API and JDK value types. Imports alone are no
     * barrier (a fully qualified name needs none), so this only gives an early, precise error;
     * the bytecode check and the pack class loader are what hold.
     */
    private static final List<String> IMPORTABLE_PREFIXES = List.of("org.vfiocompat.rules.");
    private static final java.util.Set<String> IMPORTABLE_CLASSES = java.util.Set.of(
            "java.lang.String", "java.lang.Integer", "java.lang.Long", "java.lang.Boolean", "java.lang.Double",
            "java.lang.Math", "java.lang.Number", "java.util.List", "java.util.Map", "java.util.Set",
            "java.util.Collection", "java.util.Objects", "java.util.Arrays", "java.util.Collections");

    private static void checkImport(List<Problem> problems, String file, ImportDescr imported, String what) {
        String target = imported.getTarget() == null ? "" : imported.getTarget().strip();
        for (String prefix : IMPORTABLE_PREFIXES) {
            if (target.startsWith(prefix)) {
                return;
            }
        }
        if (IMPORTABLE_CLASSES.contains(target)) {
            return;
        }
        problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, imported), "drl check: " + what + " of " + target
                + " refused: packs may import the rules API (org.vfiocompat.rules) and JDK value types only"));
    }

    /**
     * Refuses string literals longer than {@link #MAX_STRING_LITERAL}, skipping comments. A literal
     * is quoted with {@code "} or {@code '}, as Drools' lexer reads them: DRL takes either for a
     * string, and a consequence's Java character literals are single-quoted ones. (Reading only
     * {@code "} let a long {@code '...'} literal through, and a {@code '"'} or {@code '/*'} put the
     * scan out of step with the text, so that the literals after it were not seen.) This runs on
     * text that parsed, so every literal and block comment it meets is closed.
     */
    private static void checkStringLiterals(List<Problem> problems, String file, String text) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            int after = afterCommentOrLiteral(text, i);
            if (after == i) {
                i++;
                continue;
            }
            char c = text.charAt(i);
            int length = after - i - 2;
            if ((c == '"' || c == '\'') && length > MAX_STRING_LITERAL) {
                problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.line(file, lineAt(text, i)),
                        "drl check: a string literal of " + length + " characters; at most " + MAX_STRING_LITERAL + " are allowed"));
            }
            i = after;
        }
    }

    /**
     * Where the comment or string literal that starts at {@code i} ends (the index after it), or
     * {@code i} when none starts there. A literal is quoted with {@code "} or {@code '}, as
     * Drools' lexer reads them, and a backslash escapes the character after it, a quote too; a
     * comment or literal left open runs to the end of the text.
     */
    private static int afterCommentOrLiteral(String text, int i) {
        int n = text.length();
        if (text.startsWith("//", i)) {
            int lineEnd = text.indexOf('\n', i);
            return lineEnd < 0 ? n : lineEnd;
        }
        if (text.startsWith("/*", i)) {
            int commentEnd = text.indexOf("*/", i + 2);
            return commentEnd < 0 ? n : commentEnd + 2;
        }
        char c = text.charAt(i);
        if (c != '"' && c != '\'') {
            return i;
        }
        int j = i + 1;
        while (j < n && text.charAt(j) != c) {
            j += text.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1;
    }

    /** How deep square brackets may nest in a DRL file, outside literals and comments. */
    static final int MAX_BRACKET_DEPTH = 4;

    /**
     * Refuses square brackets nested deeper than {@link #MAX_BRACKET_DEPTH}, before the parser
     * sees them, or null. Why: Drools' DRL parser (ANTLR 3, backtracking) tries each {@code [} as
     * an inline map and then again as a list, at every level, so its time grows about threefold
     * with each level of nested lists: {@code [ [ ... 1 ] ]} 14 deep took 6.3 s to parse, and the
     * fuzz target {@code PackInputFuzzTest#drl} found an input that kept it busy for more than
     * ten minutes; a pack's load, {@code pack lint} and {@code packs} would never have returned.
     * At 4 deep, 2,000 such lists (37 KiB) parse in about 0.3 s. Real packs nest none: an inline
     * list in a constraint, or an array index in a consequence, is one level. Strings and
     * comments are skipped as {@link #checkStringLiterals} skips them; an unclosed one runs to the end.
     */
    static Problem checkBracketDepth(String file, String text) {
        int depth = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int after = afterCommentOrLiteral(text, i);
            if (after != i) {
                i = after;
                continue;
            }
            char c = text.charAt(i);
            if (c == '[' && ++depth > MAX_BRACKET_DEPTH) {
                return new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.line(file, lineAt(text, i)),
                        "drl check: square brackets nested more than " + MAX_BRACKET_DEPTH
                                + " deep; at most " + MAX_BRACKET_DEPTH + " are allowed (Drools' parser takes time exponential in their depth)");
            }
            if (c == ']' && depth > 0) {
                depth--;
            }
            i++;
        }
        return null;
    }

    /** The line, from 1, that character {@code index} of {@code text} is on. */
    private static int lineAt(String text, int index) {
        return 1 + (int) text.chars().limit(index).filter(c -> c == '\n').count();
    }

    /** Patterns one rule may join: Source, Target and two more (findings or a {@code from}). */
    static final int MAX_PATTERNS_PER_RULE = 4;

    /**
     * Bounds the joins a rule can make. A rule's network work is the product of what its
     * patterns match; with Source and Target once each, at most 200 Findings and a helper list of
     * at most 1025 items, a rule of four patterns with one {@code from} stays in the hundreds of
     * thousands of tuples. Four {@code from}s over a long list would be 10^12: that is neither a
     * firing nor an insert, so no run-time bound would see it.
     */
    private static void checkJoinSize(List<Problem> problems, String file, RuleDescr rule, boolean hasTables) {
        Joins joins = new Joins();
        joins.count(rule.getLhs());
        if (joins.patterns > MAX_PATTERNS_PER_RULE) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, at(file, rule), "drl check: rule '" + rule.getName() + "' has " + joins.patterns
                    + " patterns; at most " + MAX_PATTERNS_PER_RULE + " are allowed (joins grow as their product)"));
        }
        if (joins.froms > 1) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, at(file, rule), "drl check: rule '" + rule.getName() + "' has " + joins.froms
                    + " 'from' sources; at most one is allowed (their products are unbounded work)"));
        }
        if (joins.accumulates > 1) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, at(file, rule), "drl check: rule '" + rule.getName() + "' has " + joins.accumulates
                    + " accumulates and collects; at most one is allowed (each joins its whole input with the rule)"));
        }
        if (joins.windows > 0) {
            problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, rule), "rule '" + rule.getName()
                    + "': windows are refused (an inline 'over window:...' too): evaluation has no notion of time"));
        }
        if (joins.entryPoints > 0) {
            problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, rule), "rule '" + rule.getName()
                    + "': entry points are refused ('from entry-point' too): the engine inserts Source and Target only"));
        }
        if (hasTables && joins.rowPatterns > MAX_ROW_PATTERNS_PER_RULE) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, at(file, rule), "drl check: rule '" + rule.getName() + "' has " + joins.rowPatterns
                    + " patterns that can match table rows (TableRow or a type other than Source, Target and Finding); "
                    + "at most " + MAX_ROW_PATTERNS_PER_RULE + " is allowed (rows join as their product)"));
        }
    }

    /**
     * Patterns of one rule that may match table rows. A pack's tables hold up to thousands of
     * rows that stay in the session: two such patterns join as the square of that, per pair, and
     * four as its fourth power. One keeps a rule's work linear in the rows.
     */
    static final int MAX_ROW_PATTERNS_PER_RULE = 1;

    /** Fact types that can never be a table row: what the engine and the rules insert besides rows. */
    private static final Set<String> NOT_ROWS = Set.of("Source", "Target", "Finding", "ProfileFact",
            "org.vfiocompat.rules.Source", "org.vfiocompat.rules.Target", "org.vfiocompat.rules.Finding",
            "org.vfiocompat.rules.ProfileFact");

    /**
     * What one rule's conditions join: its patterns (nested ones, and those inside an accumulate or
     * collect, too), its {@code from} sources, its accumulates and collects, its patterns that may
     * match table rows (a working-memory pattern of a type other than {@link #NOT_ROWS}), and the
     * patterns with an inline window ({@code over window:time(...)}) or an entry point
     * ({@code from entry-point "DEFAULT"} reads working memory again, outside every count here).
     */
    private static final class Joins {
        int patterns;
        int froms;
        int accumulates;
        int rowPatterns;
        int windows;
        int entryPoints;

        void count(BaseDescr descr) {
            if (descr instanceof PatternDescr p) {
                patterns++;
                if (!p.getBehaviors().isEmpty()) {
                    windows++;
                }
                PatternSourceDescr source = p.getSource();
                if (source == null && !NOT_ROWS.contains(p.getObjectType() == null ? "" : p.getObjectType().strip())) {
                    rowPatterns++;
                }
                if (source instanceof FromDescr) {
                    froms++;
                } else if (source instanceof EntryPointDescr) {
                    entryPoints++;
                } else if (source instanceof AccumulateDescr acc) {
                    accumulates++;
                    count(acc.getInput());
                } else if (source instanceof CollectDescr collect) {
                    // A collect is an accumulate by another name: its network work joins what its
                    // input matches with the rest of the rule.
                    accumulates++;
                    count(collect.getInputPattern());
                }
                // The one other source, 'from window W', needs a window declaration, which is refused.
            } else if (descr instanceof ConditionalElementDescr ce) {
                for (BaseDescr child : ce.getDescrs()) {
                    count(child);
                }
            }
        }
    }

    private static void checkAttribute(List<Problem> problems, String file, AttributeDescr attribute, String owner) {
        String name = attribute.getName();
        if ("dialect".equals(name) && !"java".equals(unquote(attribute.getValue()))) {
            problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, attribute), owner + " uses dialect " + attribute.getValue()
                    + ": only the java dialect is accepted (MVEL runs outside the executable model)"));
        } else if ("salience".equals(name) && !SALIENCE_LITERAL.matcher(attribute.getValue() == null ? "" : attribute.getValue()).matches()) {
            // The executable model evaluates a salience expression while the KieBase is built,
            // before any evaluation bound applies (issue 13, classes 1 and 2): a literal runs nothing.
            problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, attribute), owner + " has the salience '"
                    + oneLine(attribute.getValue()) + "': salience must be an integer literal (an expression would run pack code while the pack loads)"));
        } else if (REFUSED_ATTRIBUTES.contains(name)) {
            problems.add(new Problem(ProblemCodes.PACK_DRL_REFUSED, at(file, attribute), owner + " uses the attribute '" + name
                    + "', which the engine does not support"));
        }
    }

    private static String unquote(String s) {
        if (s == null) {
            return "";
        }
        String t = s.trim();
        return t.length() >= 2 && (t.startsWith("\"") || t.startsWith("'")) ? t.substring(1, t.length() - 1) : t;
    }

    private static Location at(String file, BaseDescr descr) {
        return descr.getLine() > 0 ? Location.line(file, descr.getLine(), Math.max(descr.getColumn(), 0)) : Location.file(file);
    }

    private static Location lineOf(String file, DroolsError error) {
        if (error instanceof ParserError p && p.getRow() > 0) {
            return Location.line(file, p.getRow(), p.getCol());
        }
        int[] lines = error.getLines();
        return lines != null && lines.length > 0 && lines[0] > 0 ? Location.line(file, lines[0]) : Location.file(file);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').trim();
    }

    /**
     * A parser error as the user reads it: one line, without what Drools appends when its own
     * message factory fails ("Exception: java.lang.NullPointerException: ... Stack trace: ..."
     * for a backslash-u inside a string literal), which says nothing about the DRL.
     */
    static String parserMessage(String s) {
        return INTERNAL_PART.split(oneLine(s), 2)[0].strip();
    }

    /** Where {@link #parserMessage} cuts: the first of Drools' internal additions. */
    private static final java.util.regex.Pattern INTERNAL_PART = java.util.regex.Pattern.compile(" Exception: | Stack trace:");
}
