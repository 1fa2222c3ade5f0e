package org.vfiocompat.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;

/** Writes small packs into a test's temporary folder, so each test shows the pack it loads. */
final class TestPacks {

    /** The imports every test DRL starts with. */
    static final String IMPORTS = """
            import org.vfiocompat.rules.Source;
            import org.vfiocompat.rules.Target;
            import org.vfiocompat.rules.Finding;
            import org.vfiocompat.rules.Limit;
            import org.vfiocompat.rules.Fields;
            import org.vfiocompat.rules.Versions;
            """;

    private TestPacks() {
    }

    /** A pack folder {@code root/id} owning {@code namespaces}, with one DRL file {@code rules/main.drl}. */
    static Path write(Path root, String id, List<String> namespaces, List<String> acceptsTargetsFrom, String drl) {
        Path dir = root.resolve(id);
        try {
            Files.createDirectories(dir.resolve("rules"));
            Files.writeString(dir.resolve("pack.json"), """
                    {
                      "id": "%s",
                      "version": "1.0.0",
                      "vendor": "%s",
                      "namespaces": [%s],
                      "acceptsTargetsFrom": [%s],
                      "rules": ["rules/main.drl"],
                      "rulesApi": "1.0"
                    }
                    """.formatted(id, vendorOf(id), quoted(namespaces), quoted(acceptsTargetsFrom)));
            Files.writeString(dir.resolve("rules/main.drl"), drl);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A DRL file of {@code id}'s package with the standard imports and {@code rules}. */
    static String drl(String id, String rules) {
        return "package packs." + id.replace('-', '_') + ";\n\n" + IMPORTS + "\n" + rules;
    }

    /** A pack that says LIVE with {@code score} to every pair whose target has the source's type. */
    static Path sameTypeLive(Path root, String id, String namespace, int score) {
        return write(root, id, List.of(namespace), List.of(), drl(id, """
                rule "same type"
                when
                    Source( $t : migrationType )
                    Target( migrationType == $t )
                then
                    insert(Finding.live(%d, "same type " + $t));
                end
                """.formatted(score)));
    }

    /** A pack whose one rule re-activates itself forever: only the firing bound stops it. */
    static Path spinning(Path root, String id, String namespace) {
        return write(root, id, List.of(namespace), List.of(), drl(id, """
                rule "again and again"
                when
                    $s : Source( )
                then
                    update($s);
                end
                """));
    }

    /** Adds {@code fields} (JSON members, without braces) to the manifest of the pack in {@code dir}. */
    static Path withManifestFields(Path dir, String fields) {
        try {
            Path manifest = dir.resolve("pack.json");
            String json = Files.readString(manifest).stripTrailing();
            Files.writeString(manifest, json.substring(0, json.length() - 1).stripTrailing() + ",\n  " + fields + "\n}\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The problems of loading {@code dirs}, of which some must be refused: the engine starts with
     * the others and lists the refused ones with their problems (or, when the packs cannot be
     * put together at all, refuses to start).
     */
    static List<Problem> problemsLoading(Path... dirs) {
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(dirs).build()) {
            List<Problem> problems = engine.refusedPacks().stream().flatMap(r -> r.problems().stream()).toList();
            if (problems.isEmpty()) {
                throw new AssertionError("the packs loaded, but should have been refused");
            }
            List<String> refused = engine.refusedPacks().stream().map(RefusedPack::id).toList();
            if (engine.packs().stream().anyMatch(p -> refused.contains(p.id()))) {
                throw new AssertionError("a refused pack was loaded too: " + engine.packs());
            }
            return problems;
        } catch (InvalidPackException e) {
            return e.problems();
        }
    }

    static String vendorOf(String id) {
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    static DeviceProfile mdev(String type, String version) {
        return DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType(type).migrationVersion(version).build();
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
    }
}
