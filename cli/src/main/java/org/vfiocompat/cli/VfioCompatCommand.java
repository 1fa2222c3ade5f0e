package org.vfiocompat.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top command. Its {@code --help}, {@code --version} and {@code --verbose} are inherited by
 * every subcommand (picocli's INHERIT scope), so each means the same on every command; the
 * values are set here, wherever on the command line they are given.
 */
@Command(name = "vfio-compat",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "Which devices elsewhere in the fleet can receive a VM's VFIO device by live migration, "
                + "in what order, and why not the others. Vendor rule packs decide; the engine routes, evaluates and ranks.",
        footer = {"", "Exit codes: 0 done; 1 problems found that you asked to fail on; 2 bad input or pack;"
                + " 3 internal error.",
                "Example:", "  vfio-compat rank --inventory examples/fleet.json --device host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325"})
final class VfioCompatCommand implements Runnable {

    /**
     * The subcommands, in the order help lists them. Not in the annotation: {@link Main} adds
     * them, all of them or only the one a command line runs, because picocli builds the model of
     * every command it is given by reflection, and for a {@code check} that was a fifth of the
     * CPU (docs/performance.md, "Only the command being run").
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(RankCommand.class, CheckCommand.class, ExplainCommand.class,
            BatchCommand.class, PlaceCommand.class, DrainCommand.class, UpgradeCommand.class, PacksCommand.class,
            StatusCommand.class, ServeCommand.class, PackCommand.class, InventoryCommand.class, CompletionCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Say more: on errors, every problem and the stack trace; in pack test, the rules fired "
                    + "for every vector, passed or not.")
    boolean verbose;

    /** The engines this run built; Main closes them. */
    final Engines engines = new Engines();

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The top command of the command line {@code spec} belongs to. */
    static VfioCompatCommand of(CommandSpec spec) {
        if (spec.root().userObject() instanceof VfioCompatCommand top) {
            return top;
        }
        throw new IllegalStateException(spec.qualifiedName() + " runs only under vfio-compat");
    }

    /** Whether -v/--verbose was given, before or after the subcommand. */
    static boolean verbose(CommandSpec spec) {
        return of(spec).verbose;
    }
}
