package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.io.OutputStreamWriter;
import java.util.List;
import org.vfiocompat.engine.InputException;
import org.vfiocompat.engine.Problem;
import picocli.CommandLine;

/** The {@code vfio-compat} command: exit codes in {@link ExitCodes}, errors on stderr in one line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Bytes buffered here, not by System.out, which flushes every write: a batch's lines are
        // millions of writes. Written behind, so that a batch's gigabytes cost the kernel its
        // time on the other core, not between the lines (WriteBehindStream).
        PrintWriter out = new StdoutWriter(new WriteBehindStream(new java.io.FileOutputStream(java.io.FileDescriptor.out)));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command with the given streams and returns its exit code; never calls {@code System.exit}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        VfioCompatCommand top = new VfioCompatCommand();
        CommandLine cmd = commandLine(top, args);
        cmd.setOut(out);
        cmd.setErr(err);
        // Parsing is over when an exception reaches this handler: top.verbose holds -v/--verbose wherever it was given.
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, err, top.verbose));
        cmd.setParameterExceptionHandler((ex, args2) -> {
            err.println("vfio-compat: error: " + OneLine.of(ex.getMessage()));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.BAD_INPUT;
        });
        try {
            return cmd.execute(args);
        } finally {
            closeEngines(top);
        }
    }

    /** The whole command tree (what the completion script, the top help and the option tests see). */
    static CommandLine commandLine(VfioCompatCommand top) {
        return commandLine(top, VfioCompatCommand.SUBCOMMANDS);
    }

    /**
     * The command tree {@code args} needs: when they name a subcommand, the top command with only
     * that one, so that picocli builds no model of the others; otherwise (no subcommand, help,
     * completion, a misspelt name that picocli should suggest a neighbour for) the whole tree.
     * A subcommand's parsing, help and errors do not depend on its siblings.
     */
    static CommandLine commandLine(VfioCompatCommand top, String[] args) {
        Class<?> named = namedSubcommand(args);
        return commandLine(top, named == null || named == CompletionCommand.class
                ? VfioCompatCommand.SUBCOMMANDS : List.of(named));
    }

    private static CommandLine commandLine(VfioCompatCommand top, List<Class<?>> subcommands) {
        CommandLine cmd = new CommandLine(top);
        for (Class<?> sub : subcommands) {
            cmd.addSubcommand(nameOf(sub), sub);
        }
        cmd.setUsageHelpWidth(110);
        // "@FILE" is ours (explain --source-profile @FILE), not picocli's argument files.
        cmd.setExpandAtFiles(false);
        return cmd;
    }

    /**
     * The subcommand {@code args} run: the first argument that is no option, since none of the top
     * command's options (-h, -V, -v) takes a value; null when that is no subcommand's name.
     */
    static Class<?> namedSubcommand(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("-")) {
                if (arg.equals("--")) {
                    return null;
                }
                continue;
            }
            for (Class<?> sub : VfioCompatCommand.SUBCOMMANDS) {
                if (nameOf(sub).equals(arg)) {
                    return sub;
                }
            }
            return null;
        }
        return null;
    }

    private static String nameOf(Class<?> subcommand) {
        return subcommand.getAnnotation(CommandLine.Command.class).name();
    }

    /**
     * Closes every engine the command built (flushes its decision log, stops a watch): here, once,
     * whatever the command and however it ended, rather than in each command.
     */
    private static void closeEngines(VfioCompatCommand top) {
        top.engines.closeAll();
    }

    private static int report(Exception ex, PrintWriter err, boolean verbose) {
        if (ex instanceof InputException input) {
            List<Problem> problems = input.problems();
            if (verbose) {
                problems.forEach(p -> err.println("vfio-compat: error: " + OneLine.of(p)));
            } else {
                err.println("vfio-compat: error: " + OneLine.of(problems.get(0))
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more; --verbose lists all)" : ""));
            }
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof UsageProblem) {
            err.println("vfio-compat: error: " + OneLine.of(ex.getMessage()));
            return ExitCodes.BAD_INPUT;
        }
        err.println("vfio-compat: internal error: " + ex
                + (verbose ? "" : " (--verbose shows the stack trace; please report it)"));
        if (verbose) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        return ExitCodes.INTERNAL_ERROR;
    }
}
