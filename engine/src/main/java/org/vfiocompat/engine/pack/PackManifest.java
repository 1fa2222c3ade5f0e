package org.vfiocompat.engine.pack;

import org.vfiocompat.engine.derive.DeriveRule;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

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
 * @param reads              the profile parts the rules see beyond kind, device API, type and
 *                           version (see {@link ProfileView}); null: every part
 * @param compatibleTypes    which types can ever be compatible (see {@link TypeCompatibility});
 *                           null: any
 * @param tables             data tables the pack ships, each checked against its declared columns
 * @param fileHashes         {@code files}: every file of the pack but {@code pack.json} and
 *                           {@code pack.sig}, relative path to lower-case hex SHA-256, or null;
 *                           required for a signed pack (checked by {@code trust/PackTrustCheck})
 * @param rulesApi           the rules API version the pack was written for ({@code "1.0"}), or
 *                           null (checked by {@link RulesApiCheck})
 * @param derive             how collectors build this pack's profiles from what a host exposes
 *                           ({@link DeriveRule}); optional
 * @param planning           what the planner needs to know of the pack's types ({@link PlanningDeclaration}); optional
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
        @JsonProperty("reads") List<String> reads,
        @JsonProperty("compatibleTypes") List<TypeCompatibility.Entry> compatibleTypes,
        @JsonProperty("tables") List<TableDeclaration> tables,
        @JsonProperty("files") java.util.Map<String, String> fileHashes,
        @JsonProperty("rulesApi") String rulesApi,
        @JsonProperty("derive") List<DeriveRule> derive,
        @JsonProperty("planning") PlanningDeclaration planning) {

    static final String FILE_NAME = "pack.json";

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}([-+][0-9A-Za-z.-]+)?");

    PackManifest {
        description = description == null ? "" : description;
        acceptsTargetsFrom = acceptsTargetsFrom == null ? List.of() : List.copyOf(acceptsTargetsFrom);
        tests = tests == null ? List.of() : List.copyOf(tests);
        // Not List.copyOf: a null element is reported by check() with its JSON pointer.
        tables = tables == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(tables));
        fileHashes = fileHashes == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(fileHashes));
        derive = derive == null ? List.of() : derive;
        planning = planning == null ? new PlanningDeclaration(null, null, null) : planning;
    }

    /** The Java package every DRL file of this pack must declare (or lie under): {@code packs.intel_gvtg}. */
    String drlPackage() {
        return "packs." + id.replace('-', '_');
    }

    /** The manifest and every file it names (in {@code files} too), relative to the pack: what the digest covers. */
    List<String> files() {
        List<String> all = new ArrayList<>();
        all.add(FILE_NAME);
        all.addAll(rules == null ? List.of() : rules);
        all.addAll(tests);
        tables.stream().filter(t -> t != null && t.file() != null).forEach(t -> all.add(t.file()));
        if (fileHashes != null) {
            all.addAll(fileHashes.keySet());
        }
        return all;
    }

    /** Everything Jackson cannot check, each problem located by JSON pointer in {@code file}. */
    List<Problem> check(String file, PackFiles packFiles) {
        List<Problem> problems = new ArrayList<>();
        // Jackson lets an explicit null through for a required field; nothing below expects one.
        String[] names = {"id", "version", "vendor", "namespaces", "rules"};
        Object[] values = {id, version, vendor, namespaces, rules};
        for (int i = 0; i < names.length; i++) {
            if (values[i] == null) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/" + names[i]), "must not be null"));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        if (!ID.matcher(id).matches()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/id"), "pack id '" + id
                    + "' must start with a lower-case letter and hold only lower-case letters, digits and dashes"));
        } else if (!javax.lang.model.SourceVersion.isName(drlPackage())) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/id"), "pack id '" + id + "' makes the DRL package " + drlPackage()
                    + ", which is not a valid Java package name (a Java keyword?)"));
        }
        if (!VERSION.matcher(version).matches()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/version"), "version '" + version + "' is not a dotted version number"));
        }
        if (vendor.isBlank()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/vendor"), "vendor must not be empty"));
        }
        if (namespaces.isEmpty()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/namespaces"), "a pack must own at least one namespace"));
        }
        checkNamespaces(problems, file, "/namespaces", namespaces);
        checkNamespaces(problems, file, "/acceptsTargetsFrom", acceptsTargetsFrom);
        if (rules.isEmpty()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/rules"), "a pack needs at least one DRL file"));
        }
        checkFiles(problems, file, "/rules", rules, packFiles, ".drl");
        checkFiles(problems, file, "/tests", tests, packFiles, ".json");
        view(file, problems);
        types(file, problems);
        TableDeclaration.checkAll(problems, file, tables, packFiles);
        problems.addAll(DeriveRule.checkAll(file, derive, namespaces));
        problems.addAll(planning.check(file, namespaces));
        return problems;
    }

    /** What the rules see of a profile; problems of {@code reads} go to {@code problems}. */
    ProfileView view(String file, List<Problem> problems) {
        return ProfileView.of(reads, rulesApi, file, problems);
    }

    /** Which types may be compatible; problems of {@code compatibleTypes} go to {@code problems}. */
    TypeCompatibility types(String file, List<Problem> problems) {
        return TypeCompatibility.of(compatibleTypes, namespaces, acceptsTargetsFrom, file, problems);
    }

    private static void checkNamespaces(List<Problem> problems, String file, String field, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            String ns = values.get(i);
            if (ns == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, field + "/" + i), "must be a string, not null"));
                continue;
            }
            if (ns == null || ns.length() < 3 || ns.isBlank()) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, field + "/" + i),
                        "a namespace is a migration-type prefix of at least 3 characters"));
            }
        }
    }

    private static void checkFiles(List<Problem> problems, String file, String field, List<String> paths,
                                   PackFiles packFiles, String suffix) {
        for (int i = 0; i < paths.size(); i++) {
            String p = paths.get(i);
            String at = field + "/" + i;
            if (p == null || p.isBlank()) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_PATH, Location.pointer(file, at), "file name must not be empty"));
            } else if (!insidePack(p)) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_PATH, Location.pointer(file, at), "'" + p + "' lies outside the pack folder"));
            } else if (!p.endsWith(suffix)) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_PATH, Location.pointer(file, at), "'" + p + "' must end in " + suffix));
            } else if (!packFiles.contains(p)) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_MISSING_FILE, Location.pointer(file, at), "'" + p + "' does not exist in the pack"));
            }
        }
    }

    /** A relative path with {@code /} separators that never climbs above the pack's root. */
    static boolean insidePack(String p) {
        if (p.startsWith("/") || p.contains("\\")) {
            return false;
        }
        int depth = 0;
        for (String part : p.split("/", -1)) {
            if (part.equals("..")) {
                depth--;
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
            if (depth < 0) {
                return false;
            }
        }
        return depth > 0;
    }
}
