package org.vfiocompat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.PackTools;
import org.vfiocompat.engine.PackLint;
import org.vfiocompat.json.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Writes a new pack that loads and passes {@code pack test --fail-under 100} as it is: the
 * starting point of docs/pack-authoring.md. The pack is written into a hidden sibling folder,
 * linted there, and renamed into place only when it is whole and clean, so a failed run leaves
 * nothing behind and an existing folder is never touched.
 */
@Command(name = "init",
        description = "Create a new pack folder NAME: a manifest, one rule, one test vector that passes, and a README.",
        footer = {"", "Example:", "  vfio-compat pack init acme-accel --namespace acme- --vendor Acme"})
final class PackInitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "The pack id and folder name: lower-case letters, digits and dashes, starting with a letter.")
    String name;

    @Option(names = "--namespace", required = true, paramLabel = "PREFIX",
            description = "The migration-type prefix the pack owns (at least 3 characters), e.g. acme-.")
    String namespace;

    @Option(names = "--vendor", paramLabel = "NAME",
            description = "The vendor name every reason starts with (default: NAME's first part, capitalised).")
    String vendor;

    @Option(names = {"-C", "--directory"}, paramLabel = "DIR", defaultValue = ".",
            description = "Create the pack folder in DIR (default: the current folder).")
    Path directory;

    @Override
    public Integer call() {
        if (vendor == null) {
            String first = name.split("-", 2)[0];
            vendor = first.isEmpty() ? name : Character.toUpperCase(first.charAt(0)) + first.substring(1);
        }
        if (vendor.isBlank() || vendor.chars().anyMatch(Character::isISOControl)) {
            throw new UsageProblem("--vendor must be a non-empty name on one line");
        }
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new UsageProblem("pack name '" + name + "' must be a pack id, not a path: use --directory for the folder");
        }
        Path target = directory.resolve(name);
        if (Files.exists(target)) {
            throw new UsageProblem(target + " already exists; pack init never overwrites a folder");
        }
        if (!Files.isDirectory(directory)) {
            throw new UsageProblem("no such folder " + directory);
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory(directory, "." + name + ".init-");
            openForReading(temp);
            write(temp);
            PackLint lint = PackTools.lint(List.of(temp.toString()));
            if (!lint.ok()) {
                throw new UsageProblem("cannot create pack '" + name + "': "
                        + lint.findings().get(0).toString().replace(temp.toString(), target.toString()));
            }
            Files.move(temp, target);
            temp = null;
        } catch (FileAlreadyExistsException e) {
            throw new UsageProblem(target + " already exists; pack init never overwrites a folder");
        } catch (IOException e) {
            throw new UsageProblem("cannot create " + target + ": " + e.getMessage());
        } finally {
            deleteQuietly(temp);
        }
        spec.commandLine().getOut().print("created pack " + name + " in " + target + "\n"
                + "  pack.json, " + drlFile() + ", tests/vectors.json, README.md\n"
                + "next: edit the rule and the vectors, then run\n"
                + "  vfio-compat pack test --fail-under 100 " + target + "\n");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private String drlFile() {
        return "rules/" + name + ".drl";
    }

    private String exampleType() {
        return namespace + "example";
    }

    private void write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("rules"));
        Files.createDirectories(dir.resolve("tests"));
        Files.writeString(dir.resolve("pack.json"), pretty(manifest()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(drlFile()), drl(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tests/vectors.json"), pretty(vectors()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("README.md"), readme(), StandardCharsets.UTF_8);
    }

    private ObjectNode manifest() {
        ObjectNode m = JsonViews.object();
        m.put("id", name);
        m.put("version", "0.1.0");
        m.put("vendor", vendor);
        m.put("description", "What devices this pack judges, in one sentence.");
        m.putArray("namespaces").add(namespace);
        m.putArray("acceptsTargetsFrom");
        m.putArray("rules").add(drlFile());
        m.putArray("tests").add("tests/vectors.json");
        m.put("rulesApi", org.vfiocompat.rules.RulesApi.VERSION);
        return m;
    }

    private String drl() {
        return """
                // %s: which %s* devices can take each other's state.
                // Written by `vfio-compat pack init`; docs/pack-authoring.md explains every part.
                package packs.%s;

                import org.vfiocompat.rules.*;

                // Same migration type and the same migration version string: the state fits exactly.
                rule "same type and version"
                when
                    Source( $type : migrationType, $version : migrationVersion )
                    Target( migrationType == $type, migrationVersion == $version )
                then
                    insert(Finding.live(100, "same type " + $type + " and version " + $version));
                end
                """.formatted(name, namespace, name.replace('-', '_'));
    }

    private ObjectNode vectors() {
        ObjectNode root = JsonViews.object();
        ArrayNode list = root.putArray("vectors");
        ObjectNode v = list.addObject();
        v.put("name", "same type and version: live 100");
        v.set("source", profile());
        v.set("target", profile());
        ObjectNode expect = v.putObject("expect");
        expect.put("level", "LIVE");
        expect.put("score", 100);
        expect.put("reasonContains", vendor + ": same type " + exampleType());
        expect.putArray("rules").add("same type and version");
        return root;
    }

    private ObjectNode profile() {
        ObjectNode p = JsonViews.object();
        p.put("kind", "MDEV");
        p.put("deviceApi", "vfio-pci");
        p.put("migrationType", exampleType());
        p.put("migrationVersion", "1.0.0");
        return p;
    }

    private String readme() {
        return """
                # %s

                A vfio-compat rule pack by %s for migration types starting with `%s`.

                ## Version strings

                Describe your driver's migration version string here: its fields, what each means, and
                which differences the state can cross.

                ## Test

                ```
                vfio-compat pack test --fail-under 100 .
                vfio-compat pack lint .
                ```
                """.formatted(name, vendor, namespace);
    }

    private static String pretty(Object node) {
        StringWriter w = new StringWriter();
        JsonViews.writePretty(w, node);
        return w.toString();
    }

    /** A temporary folder is private to its owner; the pack it becomes is not. */
    private static void openForReading(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the folder has the platform's default permissions.
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a hidden .NAME.init-* folder is harmless and named after the pack.
        }
    }
}
