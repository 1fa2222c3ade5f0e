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
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command with the given streams and returns its exit code; never calls {@code System.exit}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = List.of(args).contains("-v") || List.of(args).contains("--verbose");
        CommandLine cmd = new CommandLine(new VfioCompatCommand());
        cmd.setUsageHelpWidth(110);
        // "@FILE" is ours (explain --source-profile @FILE), not picocli's argument files.
        cmd.setExpandAtFiles(false);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, err, verbose));
        cmd.setParameterExceptionHandler((ex, args2) -> {
            err.println("vfio-compat: error: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.BAD_INPUT;
        });
        try {
            return cmd.execute(args);
        } finally {
            closeEngines(cmd.getParseResult());
        }
    }

    /**
     * Closes the engine the command built, if any (flushes its decision log, stops a watch):
     * here, once, whatever the command and however it ended, rather than in each command.
     */
    private static void closeEngines(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            for (CommandLine.Model.CommandSpec mixin : r.commandSpec().mixins().values()) {
                if (mixin.userObject() instanceof CommonOptions common) {
                    common.close();
                }
            }
        }
    }

    private static int report(Exception ex, PrintWriter err, boolean verbose) {
        if (ex instanceof InputException input) {
            List<Problem> problems = input.problems();
            if (verbose) {
                problems.forEach(p -> err.println("vfio-compat: error: " + p));
            } else {
                err.println("vfio-compat: error: " + problems.get(0)
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more; --verbose lists all)" : ""));
            }
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof UsageProblem) {
            err.println("vfio-compat: error: " + ex.getMessage());
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
