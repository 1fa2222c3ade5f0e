package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Runs the command in-process with captured streams. */
record CliRun(int exitCode, String out, String err) {

    /** The repository root, found from the module's working directory. */
    static final Path ROOT = locateRoot();
    static final Path PACKS = ROOT.resolve("vendor-packs");
    static final Path FLEET = ROOT.resolve("examples/fleet.json");

    /** The commands that take --packs (the first word, or the first two for inventory). */
    private static final Set<String> TAKE_PACKS = Set.of("rank", "check", "explain", "batch", "place", "drain", "upgrade", "packs", "status", "serve",
            "inventory collect", "inventory import");

    /** Runs {@code vfio-compat args...} with the bundled packs (for the commands that take --packs). */
    static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        boolean takesPacks = !all.isEmpty() && (TAKE_PACKS.contains(all.get(0))
                || all.size() > 1 && TAKE_PACKS.contains(all.get(0) + " " + all.get(1)));
        if (!all.contains("--packs") && takesPacks) {
            all.add("--packs");
            all.add(PACKS.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    private static Path locateRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("vendor-packs")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
}
