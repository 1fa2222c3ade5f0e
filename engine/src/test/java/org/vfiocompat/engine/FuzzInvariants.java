package org.vfiocompat.engine;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What every fuzz target ({@code *FuzzTest}) holds of the code it feeds: on any input it either
 * returns or throws the input error of its kind, every problem of which names the input (not
 * "(the inventory being written)", not a file the input did not name) in the project's words; and it
 * does the same thing twice. Anything else — a {@code NullPointerException}, a
 * {@code StackOverflowError}, an error about the wrong file, two different answers — fails the
 * target, and Jazzer keeps the input as a finding.
 *
 * <p>Hangs are bounded by construction: Jazzer's inputs are at most {@code -max_len} bytes (4096
 * by default) and a run longer than its {@code -timeout} is a finding too.
 */
public final class FuzzInvariants {

    /** A throwable's class name, as a library's message shows one: {@code java.io.EOFException}. */
    private static final java.util.regex.Pattern LIBRARY_THROWABLE =
            java.util.regex.Pattern.compile("\\b[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)+\\.[A-Z]\\w*(Exception|Error)\\b");

    /** The current input as text (lossy), for telling a library's words from the input's own. */
    private static final ThreadLocal<String> INPUT = ThreadLocal.withInitial(String::new);

    private FuzzInvariants() {
    }

    /** {@link #hold(Callable, Function, Predicate)} on {@code input}, whose text a message may quote. */
    public static void hold(byte[] input, Callable<?> target, Function<Throwable, List<Problem>> problems,
                            Predicate<String> fromInput) {
        INPUT.set(new String(input, java.nio.charset.StandardCharsets.UTF_8));
        try {
            hold(target, problems, fromInput);
        } finally {
            INPUT.remove();
        }
    }

    /** {@link #hold(Callable, Predicate)} on {@code input}, whose text a message may quote. */
    public static void hold(byte[] input, Callable<?> target, Predicate<String> fromInput) {
        hold(input, target, t -> t instanceof InputException e ? e.problems() : null, fromInput);
    }

    /**
     * Runs {@code target} twice and checks both runs.
     *
     * @param target    the code under test; what it returns is compared between the runs
     * @param problems  the problems of a throwable that is this target's input error, or null for
     *                  any other throwable (which then fails the target)
     * @param fromInput whether a problem's file names the input (or a file inside it)
     */
    public static void hold(Callable<?> target, Function<Throwable, List<Problem>> problems, Predicate<String> fromInput) {
        String first = outcome(target, problems, fromInput);
        String second = outcome(target, problems, fromInput);
        if (!first.equals(second)) {
            throw new AssertionError("not deterministic:\n--- first run\n" + first + "\n--- second run\n" + second);
        }
    }

    /** {@link #hold} for targets whose input error is an {@link InputException}. */
    public static void hold(Callable<?> target, Predicate<String> fromInput) {
        hold(target, t -> t instanceof InputException e ? e.problems() : null, fromInput);
    }

    private static String outcome(Callable<?> target, Function<Throwable, List<Problem>> problemsOf,
                                  Predicate<String> fromInput) {
        Object value;
        try {
            value = target.call();
        } catch (Throwable t) {
            List<Problem> problems = problemsOf.apply(t);
            if (problems == null) {
                throw new AssertionError("not an input error: " + t, t);
            }
            if (problems.isEmpty()) {
                throw new AssertionError("an input error without problems", t);
            }
            StringBuilder all = new StringBuilder("error:");
            for (Problem p : problems) {
                check(p, fromInput);
                all.append('\n').append(p);
            }
            return all.toString();
        }
        return "value: " + value;
    }

    /** One problem: about the input, with a message, in the project's words. */
    public static void check(Problem p, Predicate<String> fromInput) {
        String line = p.toString();
        if (!fromInput.test(p.file())) {
            throw new AssertionError("a problem about a file that is not the input: " + line);
        }
        if (p.message().isBlank()) {
            throw new AssertionError("a problem without a message: " + line);
        }
        // Control characters from the input may stand in a message: every human output escapes
        // them when it prints (the CLI's OneLine, held by BadInputTest), JSON output quotes them.
        // A pack's message may name the JDK class it refused, and any message may quote the
        // input; a library's exception, not found in the input, may not show.
        java.util.regex.Matcher leak = LIBRARY_THROWABLE.matcher(line);
        while (leak.find()) {
            if (!INPUT.get().contains(leak.group())) {
                throw new AssertionError("a problem in a library's words: " + line);
            }
        }
    }
}
