package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command in-process with captured streams. */
record CliRun(int exitCode, String out, String err) {

    /** The repository root, found from the module's working directory. */
    static final Path ROOT = locateRoot();
    static final Path PACKS = ROOT.resolve("vendor-packs");
    static final Path FLEET = ROOT.resolve("examples/fleet.json");

    /** Runs {@code vfio-compat args...} with the bundled packs. */
    static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        boolean takesPacks = !all.isEmpty() && !all.get(0).equals("pack")
                && !(all.size() > 1 && all.get(0).equals("inventory") && all.get(1).equals("merge"));
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
