package org.vfiocompat.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "pack",
        description = "Commands for pack authors: init, test, lint, verify, keygen, sign.",
        subcommands = {PackInitCommand.class, PackTestCommand.class, PackLintCommand.class, PackVerifyCommand.class,
                PackKeygenCommand.class, PackSignCommand.class})
final class PackCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
