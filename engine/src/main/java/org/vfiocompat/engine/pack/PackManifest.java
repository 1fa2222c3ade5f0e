package org.vfiocompat.engine.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.vfiocompat.engine.Problem;

/**
 * A pack's {@code pack.json}.
 *
 * @param id                 lower-case name, unique in an engine: {@code intel-gvtg}
 * @param version            the pack's own version (dotted numbers)
 * @param vendor             the name every reason of this pack starts with
 * @param description        one sentence on what the pack covers
 * @param namespaces         migration-type prefixes the pack owns; pairs whose source type starts
 *                           with one are routed to this pack
 * @param acceptsTargetsFrom namespaces of other packs whose targets this pack may judge
 * @param rules              DRL files, relative to the pack folder
 * @param tests              test-vector files, relative to the pack folder
 * @param derive             how collectors build this pack's profiles from what a host exposes
 *                           ({@link DeriveRule}); optional
 */
record PackManifest(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty(value = "version", required = true) String version,
        @JsonProperty(value = "vendor", required = true) String vendor,
        @JsonProperty("description") String description,
        @JsonProperty(value = "namespaces", required = true) List<String> namespaces,
        @JsonProperty("acceptsTargetsFrom") List<String> acceptsTargetsFrom,
        @JsonProperty(value = "rules", required = true) List<String> rules,
        @JsonProperty("tests") List<String> tests,
        @JsonProperty("derive") List<DeriveRule> derive) {

    static final String FILE_NAME = "pack.json";

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}([-+][0-9A-Za-z.-]+)?");

    PackManifest {
        description = description == null ? "" : description;
        acceptsTargetsFrom = acceptsTargetsFrom == null ? List.of() : List.copyOf(acceptsTargetsFrom);
        tests = tests == null ? List.of() : List.copyOf(tests);
        derive = derive == null ? List.of() : derive;
    }

    /** The Java package every DRL file of this pack must declare (or lie under): {@code packs.intel_gvtg}. */
    String drlPackage() {
        return "packs." + id.replace('-', '_');
    }

    /** Everything Jackson cannot check, each problem located by JSON pointer in {@code file}. */
    List<Problem> check(String file, Path packDir) {
        List<Problem> problems = new ArrayList<>();
        // Jackson lets an explicit null through for a required field; nothing below expects one.
        String[] names = {"id", "version", "vendor", "namespaces", "rules"};
        Object[] values = {id, version, vendor, namespaces, rules};
        for (int i = 0; i < names.length; i++) {
            if (values[i] == null) {
                problems.add(new Problem(file, "/" + names[i], "must not be null"));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        if (!ID.matcher(id).matches()) {
            problems.add(new Problem(file, "/id", "pack id '" + id
                    + "' must start with a lower-case letter and hold only lower-case letters, digits and dashes"));
        } else if (!javax.lang.model.SourceVersion.isName(drlPackage())) {
            problems.add(new Problem(file, "/id", "pack id '" + id + "' makes the DRL package " + drlPackage()
                    + ", which is not a valid Java package name (a Java keyword?)"));
        }
        if (!VERSION.matcher(version).matches()) {
            problems.add(new Problem(file, "/version", "version '" + version + "' is not a dotted version number"));
        }
        if (vendor.isBlank()) {
            problems.add(new Problem(file, "/vendor", "vendor must not be empty"));
        }
        if (namespaces.isEmpty()) {
            problems.add(new Problem(file, "/namespaces", "a pack must own at least one namespace"));
        }
        checkNamespaces(problems, file, "/namespaces", namespaces);
        checkNamespaces(problems, file, "/acceptsTargetsFrom", acceptsTargetsFrom);
        if (rules.isEmpty()) {
            problems.add(new Problem(file, "/rules", "a pack needs at least one DRL file"));
        }
        checkFiles(problems, file, "/rules", rules, packDir, ".drl");
        checkFiles(problems, file, "/tests", tests, packDir, ".json");
        problems.addAll(DeriveRule.checkAll(file, derive, namespaces));
        return problems;
    }

    private static void checkNamespaces(List<Problem> problems, String file, String field, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            String ns = values.get(i);
            if (ns == null) {
                problems.add(new Problem(file, field + "/" + i, "must be a string, not null"));
                continue;
            }
            if (ns == null || ns.length() < 3 || ns.isBlank()) {
                problems.add(new Problem(file, field + "/" + i,
                        "a namespace is a migration-type prefix of at least 3 characters"));
            }
        }
    }

    private static void checkFiles(List<Problem> problems, String file, String field, List<String> paths,
                                   Path packDir, String suffix) {
        for (int i = 0; i < paths.size(); i++) {
            String p = paths.get(i);
            String at = field + "/" + i;
            if (p == null || p.isBlank()) {
                problems.add(new Problem(file, at, "file name must not be empty"));
                continue;
            }
            Path resolved = packDir.resolve(p).normalize();
            if (Path.of(p).isAbsolute() || !resolved.startsWith(packDir.normalize())) {
                problems.add(new Problem(file, at, "'" + p + "' lies outside the pack folder"));
            } else if (!p.endsWith(suffix)) {
                problems.add(new Problem(file, at, "'" + p + "' must end in " + suffix));
            } else if (!java.nio.file.Files.isRegularFile(resolved)) {
                problems.add(new Problem(file, at, "'" + p + "' does not exist in the pack"));
            }
        }
    }
}
