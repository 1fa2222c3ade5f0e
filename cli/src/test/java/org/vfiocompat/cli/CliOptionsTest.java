package org.vfiocompat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command accepts exactly the options it uses (issue 11): each command's options are pinned
 * here, and each shared option mixin is shown to be read by every command that has it.
 */
class CliOptionsTest {

    /** Inherited from the top command by every command: one meaning everywhere. */
    private static final Set<String> STANDARD = Set.of("--help", "--version", "--verbose");
    private static final Set<String> PACK_SOURCE = Set.of("--packs", "--strict-packs");
    private static final Set<String> PACK_CACHE = Set.of("--pack-cache", "--no-pack-cache");
    private static final Set<String> TRUST = Set.of("--trust-store", "--require-signatures");
    private static final Set<String> ENGINE = Set.of("--cache-size", "--decision-log", "--decision-log-mask", "--isolation");
    private static final Set<String> PLATFORM = Set.of("--enable-platform");

    /** Every command's options besides {@link #STANDARD}, by command path; a new command or option must be added here. */
    private static final Map<String, Set<String>> OPTIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("vfio-compat", Set.of()),
            Map.entry("rank", union(PACK_SOURCE, PACK_CACHE, TRUST, PLATFORM, ENGINE,
                    Set.of("--inventory", "--device", "--top", "--all", "--format", "--fail-on-stranded"))),
            Map.entry("check", union(PACK_SOURCE, PACK_CACHE, TRUST, PLATFORM, ENGINE,
                    Set.of("--inventory", "--format", "--fail-unless-compatible"))),
            Map.entry("explain", union(PACK_SOURCE, PACK_CACHE, TRUST, PLATFORM, ENGINE,
                    Set.of("--inventory", "--source-profile", "--target-profile", "--format"))),
            Map.entry("batch", union(PACK_SOURCE, PACK_CACHE, TRUST, PLATFORM, ENGINE, Set.of("--inventory", "--top", "--format",
                    "--out", "--fail-on-stranded", "--timing", "--quiet", "--threads"))),
            // The planner's commands evaluate pairs like rank, and give the solver its budget.
            Map.entry("place", union(PACK_SOURCE, PACK_CACHE, TRUST, PLATFORM, ENGINE, Set.of("--inventory", "--vm", "--top", "--all", "--format",
                    "--fail-on-stuck", "--time-limit"))),
            Map.entry("drain", union(PACK_SOURCE, PACK_CACHE, TRUST, PLATFORM, ENGINE, Set.of("--inventory", "--host", "--each-host", "--format",
                    "--out", "--fail-on-stuck", "--time-limit"))),
            Map.entry("upgrade", union(PACK_SOURCE, PACK_CACHE, TRUST, PLATFORM, ENGINE, Set.of("--inventory", "--set", "--waves", "--format",
                    "--out", "--fail-on-lost", "--time-limit"))),
            // packs and status load packs but evaluate nothing: no verdict cache, no decisions to log.
            Map.entry("packs", union(PACK_SOURCE, PACK_CACHE, TRUST, PLATFORM, Set.of("--format"))),
            Map.entry("status", union(PACK_SOURCE, PACK_CACHE, TRUST, PLATFORM, Set.of("--format", "--watch", "--watch-reloads"))),
            // serve evaluates pairs for its clients: the engine options too, and its own listener and limits.
            Map.entry("serve", union(PACK_SOURCE, PACK_CACHE, TRUST, PLATFORM, ENGINE, Set.of("--inventory", "--listen", "--token-file",
                    "--max-body", "--max-references", "--max-concurrent", "--drain-timeout", "--max-inventory", "--tls-cert", "--tls-key",
                    "--tls-client-ca", "--watch", "--request-timeout", "--time-limit"))),
            Map.entry("pack", Set.of()),
            Map.entry("pack init", Set.of("--namespace", "--vendor", "--directory")),
            // The packs are its parameters; it compiles them, so it keeps compiled packs like the other commands.
            Map.entry("pack test", union(PACK_CACHE, Set.of("--format", "--fail-under"))),
            Map.entry("pack lint", Set.of("--format")),
            Map.entry("pack verify", union(TRUST, Set.of("--format"))),
            Map.entry("pack keygen", Set.of("--out", "--name", "--namespace")),
            Map.entry("pack sign", Set.of("--key")),
            Map.entry("inventory", Set.of()),
            // collect and import read the packs' manifests (derive sections) to give a type its version.
            Map.entry("inventory collect", union(PACK_SOURCE, TRUST, Set.of("--sysfs", "--host", "--out", "--assigned", "--domain-xml", "--from",
                    "--run-tools", "--tool-path", "--tool-timeout", "--os-release"))),
            Map.entry("inventory import", union(PACK_SOURCE, TRUST, Set.of("--host", "--mdevctl-types", "--mdevctl-list",
                    "--libvirt-nodedev", "--out", "--assigned", "--domain-xml"))),
            Map.entry("inventory merge", Set.of("--out")),
            Map.entry("completion", Set.of())));

    static final String DEMO = CliGoldenTest.DEMO_PACK;

    static String source;
    static String target;

    @TempDir
    Path tmp;

    @BeforeAll
    static void pickPair() {
        Fleet fleet = Fleet.load(CliRun.FLEET);
        List<FleetDevice> gvtg = fleet.assigned().stream()
                .filter(d -> d.profile().getMigrationType().startsWith("i915-GVTg_V5")).toList();
        source = gvtg.get(0).ref();
        target = gvtg.stream().filter(d -> !d.host().equals(gvtg.get(0).host())).findFirst().orElseThrow().ref();
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return all;
    }

    @Test
    void everyCommandHasExactlyThePinnedOptions() {
        Map<String, Set<String>> actual = new TreeMap<>();
        collect(Main.commandLine(new VfioCompatCommand()), "", actual);
        Map<String, Set<String>> expected = new TreeMap<>();
        OPTIONS.forEach((cmd, options) -> expected.put(cmd, union(STANDARD, options)));
        assertThat(actual).isEqualTo(expected);
    }

    private static void collect(CommandLine cmd, String path, Map<String, Set<String>> into) {
        String name = path.isEmpty() ? cmd.getCommandName() : path;
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            names.add(o.longestName());
        }
        into.put(name, names);
        cmd.getSubcommands().forEach((sub, child) -> collect(child, path.isEmpty() ? sub : path + " " + sub, into));
    }

    @Test
    void collectRefusesTheOptionsItWouldIgnore() {
        Path log = tmp.resolve("decisions.ndjson");
        // It checks the signatures of the packs whose derive sections it uses (issue 13, class 9),
        // so it takes the trust options; it makes no decisions, so it has no decision log.
        CliRun run = CliRun.run("inventory", "collect", "--sysfs", CliInventoryTest.FORMATS.resolve("sysfs-example").toString(),
                "--host", "h", "--decision-log", log.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("vfio-compat: error: Unknown options: '--decision-log'")
                .endsWith("Try 'vfio-compat inventory collect --help' for usage.\n");
        assertThat(log).doesNotExist();
    }

    /** The arguments each pack-loading command needs besides the options probed. */
    private Map<String, List<String>> loading() {
        String fleet = CliRun.FLEET.toString();
        return new TreeMap<>(Map.of(
                "rank", List.of("rank", "--inventory", fleet, "--device", source),
                "check", List.of("check", "--inventory", fleet, source, target),
                "explain", List.of("explain", "--inventory", fleet, source, target),
                "batch", List.of("batch", "--inventory", fleet, "--quiet"),
                "place", List.of("place", "--inventory", fleet, "--vm", "host-a/vm-web-01"),
                "drain", List.of("drain", "--inventory", fleet, "--host", "host-a"),
                "upgrade", List.of("upgrade", "--inventory", fleet, "--set", "gvt-version=2.3.0", "--waves",
                        CliRun.ROOT.resolve("cli/src/test/resources/waves-host-a.txt").toString()),
                "packs", List.of("packs"),
                "status", List.of("status"),
                // An out-of-range port: serve loads everything first, then refuses to listen (exit 2) instead of serving forever.
                "serve", List.of("serve", "--inventory", fleet, "--listen", "127.0.0.1:99999")));
    }

    private static CliRun run(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return CliRun.run(all.toArray(String[]::new));
    }

    @Test
    void everyCommandWithTrustOptionsReadsThem() {
        Map<String, List<String>> commands = loading();
        commands.put("pack verify", List.of("pack", "verify", DEMO));
        // collect and import check the signatures of the packs whose derive sections they use.
        commands.put("inventory collect", List.of("inventory", "collect", "--sysfs",
                CliInventoryTest.FORMATS.resolve("sysfs-example").toString(), "--host", "h"));
        commands.put("inventory import", List.of("inventory", "import", "--host", "h",
                "--mdevctl-types", CliInventoryTest.FORMATS.resolve("mdevctl-types.json").toString()));
        commands.forEach((name, args) -> {
            assertThat(OPTIONS.get(name)).as(name).containsAll(TRUST);
            CliRun run = run(args, "--require-signatures");
            assertThat(run.exitCode()).as(name).isEqualTo(2);
            assertThat(run.err()).as(name).isEqualTo("vfio-compat: error: --require-signatures needs --trust-store PATH\n");
        });
        assertThat(commands.keySet()).containsExactlyInAnyOrderElementsOf(commandsWith(TRUST));
    }

    @Test
    void everyCommandWithPlatformOptionsReadsThem() {
        Map<String, List<String>> commands = loading();
        commands.keySet().retainAll(commandsWith(PLATFORM));
        assertThat(commands.keySet()).containsExactlyInAnyOrder("rank", "check", "explain", "batch", "place", "drain", "upgrade",
                "packs", "status", "serve");
        commands.forEach((name, args) -> {
            CliRun run = run(args, "--enable-platform", "nosuch");
            assertThat(run.exitCode()).as(name).isEqualTo(2);
            assertThat(run.err()).as(name).startsWith("vfio-compat: error: (configuration): platform pack 'nosuch' is to be"
                    + " enabled, but no platform pack of that id is loaded (platform packs loaded: ");
        });
    }

    @Test
    void everyCommandWithEngineOptionsReadsThem() {
        Map<String, List<String>> commands = loading();
        commands.keySet().retainAll(commandsWith(ENGINE));
        assertThat(commands.keySet()).containsExactlyInAnyOrder("rank", "check", "explain", "batch", "place", "drain", "upgrade", "serve");
        commands.forEach((name, args) -> {
            CliRun mask = run(args, "--decision-log-mask", "reason");
            assertThat(mask.err()).as(name).isEqualTo("vfio-compat: error: --decision-log-mask needs --decision-log FILE\n");
            CliRun size = run(args, "--cache-size", "-1");
            assertThat(size.err()).as(name).isEqualTo("vfio-compat: error: --cache-size must be 0 (off) or more, got -1\n");
            assertThat(List.of(mask.exitCode(), size.exitCode())).as(name).containsOnly(2);
        });
    }

    @Test
    void everyCommandWithPackSourceOptionsReadsThem() throws IOException {
        Map<String, List<String>> commands = loading();
        commands.forEach((name, args) -> {
            CliRun run = run(args, "--packs", tmp.resolve("none").toString());
            assertThat(run.exitCode()).as(name).isEqualTo(2);
            assertThat(run.err()).as(name).startsWith("vfio-compat: error: ").contains("none");
        });
        // collect and import read the packs' manifests: without packs, a type's version is not derived.
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        String sysfs = CliInventoryTest.FORMATS.resolve("sysfs-example").toString();
        CliRun withPacks = CliRun.run("inventory", "collect", "--sysfs", sysfs, "--host", "h");
        CliRun without = CliRun.run("inventory", "collect", "--sysfs", sysfs, "--host", "h", "--packs", empty.toString());
        assertThat(List.of(without.exitCode(), without.out(), without.err()))
                .isNotEqualTo(List.of(withPacks.exitCode(), withPacks.out(), withPacks.err()));
        Set<String> probed = new TreeSet<>(commands.keySet());
        probed.addAll(List.of("inventory collect", "inventory import"));
        assertThat(probed).containsExactlyInAnyOrderElementsOf(commandsWith(PACK_SOURCE));
    }

    @Test
    void everyCommandThatCompilesPacksKeepsThemInThePackCache() throws IOException {
        Map<String, List<String>> commands = loading();
        commands.put("pack test", List.of("pack", "test", DEMO));
        assertThat(commands.keySet()).containsExactlyInAnyOrderElementsOf(commandsWith(PACK_CACHE));
        for (Map.Entry<String, List<String>> c : commands.entrySet()) {
            Path cache = tmp.resolve("cache-" + c.getKey().replace(' ', '-'));
            List<String> args = new ArrayList<>(c.getValue());
            if (!c.getKey().startsWith("pack ")) {
                args.addAll(List.of("--packs", DEMO));
            }
            CliRun run = run(args, "--pack-cache", cache.toString());
            // pack test exits 1: the demo pack has a failing vector on purpose.
            assertThat(run.exitCode()).as("%s: %s", c.getKey(), run.err()).isIn(0, 1, c.getKey().equals("serve") ? 2 : 0);
            try (Stream<Path> files = Files.walk(cache)) {
                assertThat(files.filter(Files::isRegularFile).count()).as(c.getKey()).isPositive();
            }
        }
    }

    @Test
    void verboseMeansTheSameBeforeAndAfterTheSubcommand() {
        String cache = tmp.resolve("cache").toString();
        CliRun after = CliRun.run("pack", "test", "-v", "--pack-cache", cache, DEMO);
        CliRun before = CliRun.run("--verbose", "pack", "test", "--pack-cache", cache, DEMO);
        CliRun terse = CliRun.run("pack", "test", "--pack-cache", cache, DEMO);
        assertThat(after.out()).isEqualTo(before.out()).isNotEqualTo(terse.out());
        assertThat(after.out().lines().filter(l -> l.startsWith("     fired ")).count())
                .isGreaterThan(terse.out().lines().filter(l -> l.startsWith("     fired ")).count());
    }

    @Test
    void formatIsAnEnumPicocliChecksAndCompletes() {
        CliRun bad = CliRun.run("packs", "--format", "JSON");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("vfio-compat: error: Invalid value for option '--format': expected one of "
                + "[table, json] (case-sensitive) but was 'JSON'\n");
        CliRun help = CliRun.run("pack", "lint", "--help");
        assertThat(help.out()).contains("--format=FORMAT").contains("text, json (default: text).");
    }

    private static Set<String> commandsWith(Set<String> options) {
        Set<String> found = new TreeSet<>();
        OPTIONS.forEach((cmd, opts) -> {
            if (opts.containsAll(options)) {
                found.add(cmd);
            }
        });
        return found;
    }

    /**
     * Without the test suites' property, every command that evaluates pairs runs unsigned packs in
     * worker JVMs: {@code --isolation process} is the CLI's and the server's default.
     */
    @Test
    void isolationDefaultsToProcessOutsideTheTestSuites() {
        List<String> commands = List.of("check", "rank", "explain", "batch", "place", "drain", "upgrade", "serve");
        String suite = System.clearProperty(EngineOptions.DEFAULT_ISOLATION_PROPERTY);
        try {
            for (String command : commands) {
                assertThat(isolationDefault(command)).as(command).isEqualTo("process");
            }
            System.setProperty(EngineOptions.DEFAULT_ISOLATION_PROPERTY, "in-process");
            assertThat(isolationDefault("check")).isEqualTo("in-process");
        } finally {
            if (suite == null) {
                System.clearProperty(EngineOptions.DEFAULT_ISOLATION_PROPERTY);
            } else {
                System.setProperty(EngineOptions.DEFAULT_ISOLATION_PROPERTY, suite);
            }
        }
    }

    /** What {@code --isolation} of {@code command} defaults to now. */
    private static String isolationDefault(String command) {
        CommandLine sub = Main.commandLine(new VfioCompatCommand()).getSubcommands().get(command);
        return sub.getCommandSpec().findOption("--isolation").defaultValue();
    }
}
