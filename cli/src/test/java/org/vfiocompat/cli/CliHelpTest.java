package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vfiocompat.rules.RulesApi;

/** What a person reads besides results: help, --version, and the completion script. */
class CliHelpTest {

    private static String ok(CliRun run) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.err()).isEmpty();
        return run.out();
    }

    @Test
    void topLevelHelp() {
        Golden.assertMatches("help.txt", ok(CliRun.run("--help")));
    }

    /** One command's help: its own options, the inherited -h/-V/-v, and --format's values. */
    @Test
    void checkHelp() {
        Golden.assertMatches("help-check.txt", ok(CliRun.run("check", "--help")));
    }

    @Test
    void versionNamesTheCommandTheRulesApiAndDrools() {
        String out = ok(CliRun.run("--version"));
        // The shape is pinned; the versions vary with releases and are checked below.
        Golden.assertMatches("version.txt", out.replaceAll("(?m)^(vfio-compat|rules API|Drools) \\S+$", "$1 <version>"));
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).matches("vfio-compat \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(lines.get(1)).isEqualTo("rules API " + RulesApi.VERSION);
        assertThat(lines.get(2)).matches("Drools \\d+\\.\\d+\\.\\d+.*");
        // Every command answers --version the same way (inherited).
        assertThat(ok(CliRun.run("pack", "test", "--version"))).isEqualTo(out);
    }

    @Test
    void completionScriptIsGeneratedAndNamesEveryCommand() {
        String script = ok(CliRun.run("completion"));
        assertThat(script).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_vfio-compat");
        for (String command : List.of("rank", "check", "explain", "batch", "packs", "status", "pack", "inventory",
                "completion", "init", "test", "lint", "verify", "keygen", "sign", "collect", "import", "merge")) {
            assertThat(script).as(command).containsPattern("\\b" + command + "\\b");
        }
        // The values of --format are completed too.
        assertThat(script).contains("ndjson").contains("--decision-log-mask").contains("--no-pack-cache");
    }
}
