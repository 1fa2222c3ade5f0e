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
 * @param targetsJudgedBy    ids of other packs this pack consents to judging pairs whose target
 *                           lies in its namespaces (their {@code acceptsTargetsFrom}); none without it
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
 * @param platform           present for a platform pack: which pairs it judges besides their
 *                           owning pack ({@link PlatformScope}); such a pack owns no namespace
 */
record PackManifest(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty(value = "version", required = true) String version,
        @JsonProperty(value = "vendor", required = true) String vendor,
        @JsonProperty("description") String description,
        @JsonProperty(value = "namespaces", required = true) List<String> namespaces,
        @JsonProperty("acceptsTargetsFrom") List<String> acceptsTargetsFrom,
        @JsonProperty("targetsJudgedBy") List<String> targetsJudgedBy,
        @JsonProperty(value = "rules", required = true) List<String> rules,
        @JsonProperty("tests") List<String> tests,
        @JsonProperty("reads") List<String> reads,
        @JsonProperty("compatibleTypes") List<TypeCompatibility.Entry> compatibleTypes,
        @JsonProperty("tables") List<TableDeclaration> tables,
        @JsonProperty("files") java.util.Map<String, String> fileHashes,
        @JsonProperty("rulesApi") String rulesApi,
        @JsonProperty("derive") List<DeriveRule> derive,
        @JsonProperty("planning") PlanningDeclaration planning,
        @JsonProperty("platform") PlatformScope.Json platform) {

    static final String FILE_NAME = "pack.json";

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}([-+][0-9A-Za-z.-]+)?");

    PackManifest {
        description = description == null ? "" : description;
        acceptsTargetsFrom = acceptsTargetsFrom == null ? List.of() : List.copyOf(acceptsTargetsFrom);
        // Not List.copyOf: a null element is reported by check() with its JSON pointer.
        targetsJudgedBy = targetsJudgedBy == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(targetsJudgedBy));
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
        // Bounds before anything walks a list (issue 13, class 8: 100,000 acceptsTargetsFrom
        // entries were accepted and scanned once per routed pair).
        bound(problems, file, "/namespaces", namespaces.size(), MAX_NAMESPACES);
        bound(problems, file, "/acceptsTargetsFrom", acceptsTargetsFrom == null ? 0 : acceptsTargetsFrom.size(), MAX_NAMESPACES);
        bound(problems, file, "/rules", rules.size(), MAX_DRL_FILES);
        bound(problems, file, "/targetsJudgedBy", targetsJudgedBy.size(), MAX_NAMESPACES);
        for (int i = 0; i < targetsJudgedBy.size() && targetsJudgedBy.size() <= MAX_NAMESPACES; i++) {
            String other = targetsJudgedBy.get(i);
            if (other == null || !ID.matcher(other).matches()) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/targetsJudgedBy/" + i),
                        "must be a pack id (lower-case letters, digits and -)"));
            }
        }
        bound(problems, file, "/tests", tests.size(), MAX_TEST_FILES);
        bound(problems, file, "/reads", reads == null ? 0 : reads.size(), MAX_LIST);
        bound(problems, file, "/compatibleTypes", compatibleTypes == null ? 0 : compatibleTypes.size(), MAX_LIST);
        bound(problems, file, "/tables", tables.size(), MAX_TABLES);
        bound(problems, file, "/files", fileHashes == null ? 0 : fileHashes.size(), MAX_FILES);
        bound(problems, file, "/derive", derive == null ? 0 : derive.size(), MAX_LIST);
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
        } else if (!VENDOR.matcher(vendor).matches()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/vendor"), "vendor '" + visible(vendor)
                    + "' must be 1 to 64 characters of ASCII letters, digits, spaces and . , & ( ) + _ ' / - , starting with a letter"
                    + " or digit (every reason starts with it: no control characters, no look-alike letters)"));
        }
        if (platform != null) {
            checkPlatform(file, problems);
        } else if (namespaces.isEmpty()) {
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

    /**
     * A platform pack judges pairs other packs own: it owns no namespace, accepts no other
     * targets, declares no type compatibility and derives no profiles; and it reads host facts,
     * so it is written for rules API 1.2 or later.
     */
    private void checkPlatform(String file, List<Problem> problems) {
        if (!namespaces.isEmpty()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/namespaces"),
                    "a platform pack owns no namespace (it judges the pairs their owning pack is routed): use \"namespaces\": []"));
        }
        if (!acceptsTargetsFrom.isEmpty()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/acceptsTargetsFrom"),
                    "a platform pack judges every pair in its scope; acceptsTargetsFrom has no meaning for it"));
        }
        if (compatibleTypes != null) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/compatibleTypes"),
                    "a platform pack cannot declare type compatibility: the owning pack does"));
        }
        if (!derive.isEmpty()) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/derive"),
                    "a platform pack derives no profiles: the owning pack does"));
        }
        if (rulesApi == null || !rulesApi.matches("1\\.([2-9]|[1-9][0-9]{1,3})")) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, rulesApi == null ? "" : "/rulesApi"),
                    "a platform pack is written for rules API 1.2 or later: state \"rulesApi\": \"1.2\""));
        }
        platform(file, problems);
    }

    /** The platform scope, or null for a vendor pack; problems of {@code platform} go to {@code problems}. */
    PlatformScope platform(String file, List<Problem> problems) {
        return PlatformScope.of(platform, file, problems);
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
            } else if (!NAMESPACE.matcher(ns).matches()) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, field + "/" + i),
                        "namespace '" + visible(ns) + "' may hold only ASCII letters, digits and _ . : - (at most 128): a look-alike"
                                + " letter from another script would load beside the real namespace, indistinguishable in 'packs'"));
            }
        }
    }

    /** The most namespaces (and accepted target namespaces) one pack may list. */
    static final int MAX_NAMESPACES = 64;
    /** The most DRL files one pack may list. */
    static final int MAX_DRL_FILES = 32;
    /** The most test-vector files one pack may list. */
    static final int MAX_TEST_FILES = 64;
    /** The most data tables one pack may declare. */
    static final int MAX_TABLES = 16;
    /** The most entries of the signed {@code files} list. */
    static final int MAX_FILES = 256;
    /** The most entries of any other manifest list. */
    static final int MAX_LIST = 256;

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.:-]{3,128}");
    private static final Pattern VENDOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 .,&()+_'/-]{0,63}");

    /** Whether {@code id} has the form of a pack id. */
    static boolean validId(String id) {
        return ID.matcher(id).matches();
    }

    /** Whether {@code ns} has the form of a namespace (ASCII of the safe set, 3 to 128 characters). */
    static boolean validNamespace(String ns) {
        return NAMESPACE.matcher(ns).matches();
    }

    private static void bound(List<Problem> problems, String file, String field, int size, int max) {
        if (size > max) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.pointer(file, field), size + " entries; at most "
                    + max + " are allowed"));
        }
    }

    /** {@code s} cut to 64 characters, every character outside printable ASCII written as an escape. */
    static String visible(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return s.length() > 64 ? out + "..." : out.toString();
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
