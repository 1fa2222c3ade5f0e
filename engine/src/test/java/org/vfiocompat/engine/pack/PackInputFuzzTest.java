package org.vfiocompat.engine.pack;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vfiocompat.engine.FuzzInvariants;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.drl.DrlSourceCheck;
import org.vfiocompat.engine.json.JsonInput;

/**
 * Fuzz targets: what a pack's loader reads before anything is compiled — the manifest
 * ({@code pack.json}, read and checked), a CSV and a JSON data table (against fixed column
 * declarations), and a DRL file (Drools' parser and the project's checks on its tree). Each gives
 * a value or the pack's problems, every one naming a file of the pack, and does the same twice.
 * Seeds: PackInputFuzzTestInputs/ (the reference packs' files and the hostile corpus's); the long
 * run is in docs/security.md ("Fuzzing").
 */
class PackInputFuzzTest {

    private static final String ORIGIN = "acme";
    private static final byte[] DRL = ("package packs.acme;\nimport org.vfiocompat.rules.*;\n"
            + "rule \"same\" when Source($v : version) Target(version == $v) then end\n").getBytes(StandardCharsets.UTF_8);
    /** The manifest the table targets read their table under: one CSV and one JSON table of every column type. */
    private static final String TABLES_MANIFEST = """
            {"id": "acme", "version": "1.0.0", "vendor": "Acme", "namespaces": ["acme-"], "rules": ["rules/main.drl"],
             "tables": [
               {"name": "matrix", "file": "tables/matrix.csv", "columns": [
                 {"name": "s", "type": "string"}, {"name": "v", "type": "version"},
                 {"name": "n", "type": "number"}, {"name": "b", "type": "boolean"}]},
               {"name": "pairs", "file": "tables/pairs.json", "columns": [
                 {"name": "s", "type": "string"}, {"name": "v", "type": "version"},
                 {"name": "n", "type": "number"}, {"name": "b", "type": "boolean"}]}]}
            """;

    @FuzzTest(maxDuration = "10m")
    void manifest(byte[] bytes) {
        FuzzInvariants.hold(bytes, () -> {
            String name = ORIGIN + "/" + PackManifest.FILE_NAME;
            PackManifest manifest = JsonInput.read(bytes, name, PackManifest.class, PackProblems::new);
            PackFiles files = files(PackManifest.FILE_NAME, bytes);
            List<Problem> problems = new ArrayList<>(manifest.check(name, files));
            RulesApiCheck.check(name, manifest.id(), manifest.rulesApi()).ifPresent(problems::add);
            if (!problems.isEmpty()) {
                throw new PackProblems(problems);
            }
            return manifest;
        }, PackInputFuzzTest::problems, PackInputFuzzTest::inPack);
    }

    @FuzzTest(maxDuration = "10m")
    void csvTable(byte[] bytes) {
        table("tables/matrix.csv", bytes);
    }

    @FuzzTest(maxDuration = "10m")
    void jsonTable(byte[] bytes) {
        table("tables/pairs.json", bytes);
    }

    @FuzzTest(maxDuration = "10m")
    void drl(byte[] bytes) {
        FuzzInvariants.hold(bytes, () -> {
            List<Problem> problems = new ArrayList<>();
            String display = ORIGIN + "/rules/main.drl";
            String text = files("rules/main.drl", bytes).text("rules/main.drl", display, "DRL file", problems);
            if (text != null) {
                DrlSourceCheck.Result result = DrlSourceCheck.check(display, text, "packs.acme", true);
                problems.addAll(result.problems());
                if (problems.isEmpty()) {
                    return result.rules();
                }
            }
            throw new PackProblems(problems);
        }, PackInputFuzzTest::problems, PackInputFuzzTest::inPack);
    }

    private static void table(String rel, byte[] bytes) {
        byte[] manifestBytes = TABLES_MANIFEST.getBytes(StandardCharsets.UTF_8);
        PackManifest manifest = JsonInput.read(manifestBytes, "pack.json", PackManifest.class, PackProblems::new);
        SortedMap<String, byte[]> all = new TreeMap<>();
        all.put(PackManifest.FILE_NAME, manifestBytes);
        all.put("rules/main.drl", DRL);
        all.put("tables/matrix.csv", "s,v,n,b\nx,1.0,1,true\n".getBytes(StandardCharsets.UTF_8));
        all.put("tables/pairs.json", "[{\"s\": \"x\", \"v\": \"1.0\", \"n\": 1, \"b\": true}]".getBytes(StandardCharsets.UTF_8));
        all.put(rel, bytes);
        PackFiles files = new PackFiles(ORIGIN, all);
        FuzzInvariants.hold(bytes, () -> TableReader.read(manifest, files), PackInputFuzzTest::problems, PackInputFuzzTest::inPack);
    }

    private static PackFiles files(String rel, byte[] bytes) {
        SortedMap<String, byte[]> all = new TreeMap<>();
        all.put(PackManifest.FILE_NAME, "{}".getBytes(StandardCharsets.UTF_8));
        all.put("rules/main.drl", DRL);
        all.put(rel, bytes);
        return new PackFiles(ORIGIN, all);
    }

    private static List<Problem> problems(Throwable t) {
        return t instanceof PackProblems p ? p.problems() : null;
    }

    private static boolean inPack(String file) {
        return file.startsWith(ORIGIN + "/");
    }
}
