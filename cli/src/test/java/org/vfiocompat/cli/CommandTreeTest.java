package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Main builds only the subcommand a command line names (picocli's model of all of them was a fifth
 * of a {@code check}'s CPU): what a person sees must be what the whole tree would have shown.
 */
class CommandTreeTest {

    /** Every command path of the whole tree, such as "check" or "pack lint". */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(new VfioCompatCommand()), new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> into) {
        cmd.getSubcommands().forEach((name, child) -> {
            List<String> sub = new ArrayList<>(path);
            sub.add(name);
            into.add(sub);
            collect(child, sub, into);
        });
    }

    /** Runs {@code args} as Main does, on the given tree; stdout, stderr and exit code in one text. */
    private static String run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setParameterExceptionHandler((ex, ignored) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return ExitCodes.BAD_INPUT;
        });
        int code = cmd.execute(args);
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }

    @Test
    void everyCommandsHelpAndParseErrorsAreTheWholeTreesOnes() {
        List<List<String>> paths = commandPaths();
        assertThat(paths).hasSizeGreaterThan(20);
        for (List<String> path : paths) {
            for (List<String> tail : List.of(List.of("--help"), List.of("--no-such-option"), List.of("-v", "--help"))) {
                List<String> args = new ArrayList<>(path);
                args.addAll(tail);
                String[] argv = args.toArray(String[]::new);
                String whole = run(Main.commandLine(new VfioCompatCommand()), argv);
                String lazy = run(Main.commandLine(new VfioCompatCommand(), argv), argv);
                assertThat(lazy).as(String.join(" ", args)).isEqualTo(whole);
            }
        }
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        String[] args = {"-v", "check", "--inventory", "fleet.json", "rank", "a", "b"};
        CommandLine cmd = Main.commandLine(new VfioCompatCommand(), args);
        assertThat(cmd.getSubcommands()).containsOnlyKeys("check");
        assertThat(Main.namedSubcommand(args)).isEqualTo(CheckCommand.class);
    }

    @Test
    void withoutANamedSubcommandTheWholeTreeIsBuilt() {
        int all = VfioCompatCommand.SUBCOMMANDS.size();
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"-v"},
                new String[] {"chek", "x"}, new String[] {"--", "check"}, new String[] {"completion"})) {
            assertThat(Main.commandLine(new VfioCompatCommand(), args).getSubcommands())
                    .as(String.join(" ", args)).hasSize(all);
        }
    }

    @Test
    void commandLinesNamingNoSubcommandRunAsOnTheWholeTree() {
        for (String[] args : List.of(new String[] {"chek"}, new String[] {"--help"}, new String[] {"-v", "--bogus"},
                new String[] {"--", "check"})) {
            assertThat(run(Main.commandLine(new VfioCompatCommand(), args), args)).as(String.join(" ", args))
                    .isEqualTo(run(Main.commandLine(new VfioCompatCommand()), args));
        }
    }
}
