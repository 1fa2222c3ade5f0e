package org.vfiocompat.cli;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Prints picocli's generated completion script ({@link AutoComplete#bash}) for the whole command
 * tree: subcommands, options, and the values of enum options such as --format. Generated from
 * the running command, so it never lags behind it.
 */
@Command(name = "completion",
        description = "Print a bash/zsh completion script for vfio-compat: its commands, options and --format values.",
        footer = {"", "Examples:",
            "  source <(vfio-compat completion)                              # this shell only",
            "  vfio-compat completion > ~/.local/share/bash-completion/completions/vfio-compat",
            "  # zsh: autoload -U +X bashcompinit && bashcompinit; then source the script"})
final class CompletionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        out.print('\n');
        out.flush();
    }
}
