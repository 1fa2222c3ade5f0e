package org.vfiocompat.engine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every {@link Problem#code()}, in one place. A code names a kind of problem, not one place in
 * the engine that finds it: {@code area.kind}, lower case, words joined by {@code -}. Codes are
 * stable: a program may match on them, so a code is never renamed or reused for another kind.
 * {@code docs/errors.md} lists each with its meaning (a test keeps the two in step).
 */
public final class ProblemCodes {

    // Files, whatever they hold.
    /** A file or folder that is needed does not exist. */
    public static final String FILE_NOT_FOUND = "file.not-found";
    /** A file or folder exists but cannot be read or listed. */
    public static final String FILE_UNREADABLE = "file.unreadable";
    /** A file is larger than its limit. */
    public static final String FILE_TOO_LARGE = "file.too-large";
    /** A text file is not valid UTF-8. */
    public static final String FILE_NOT_UTF8 = "file.not-utf8";

    // JSON, read strictly.
    /** Not valid JSON: a syntax error, a duplicate key, trailing content. */
    public static final String JSON_SYNTAX = "json.syntax";
    /** A member the format does not define. */
    public static final String JSON_UNKNOWN_FIELD = "json.unknown-field";
    /** A required member is absent. */
    public static final String JSON_MISSING_FIELD = "json.missing-field";
    /** A value of the wrong JSON type, or not one of the allowed words. */
    public static final String JSON_WRONG_TYPE = "json.wrong-type";
    /** A value that is required is JSON {@code null}. */
    public static final String JSON_NULL = "json.null";
    /** Valid JSON that does not bind for another reason. */
    public static final String JSON_INVALID = "json.invalid";

    // XML (libvirt node devices and domains).
    /** Not well-formed XML. */
    public static final String XML_SYNTAX = "xml.syntax";
    /** A DOCTYPE, refused (no DTDs, no entities). */
    public static final String XML_DOCTYPE = "xml.doctype-refused";

    // Inventories and profiles.
    /** The inventory's format version is not one this engine reads. */
    public static final String INVENTORY_UNSUPPORTED_VERSION = "inventory.unsupported-version";
    /** A value in an inventory is not allowed: a bad name or id, a negative count, a malformed PCI id. */
    public static final String INVENTORY_INVALID_VALUE = "inventory.invalid-value";
    /** A host, parent or device id is used twice. */
    public static final String INVENTORY_DUPLICATE = "inventory.duplicate";
    /** A device's mdev parent is missing, unknown on its host, or given for a device that has none. */
    public static final String INVENTORY_BAD_PARENT = "inventory.bad-parent";
    /** Inventories being merged describe the same host or mdev differently. */
    public static final String INVENTORY_MERGE_CONFLICT = "inventory.merge-conflict";
    /** A device profile (inline, or in a vector) has a value it may not have. */
    public static final String PROFILE_INVALID_VALUE = "profile.invalid-value";

    // Importing inventories from sysfs, mdevctl and libvirt.
    /** A value the import needs is missing or malformed: the import fails. */
    public static final String IMPORT_MALFORMED = "import.malformed";
    /** Something optional is missing or empty; the import goes on without it. */
    public static final String IMPORT_MISSING = "import.missing";
    /** An entry is skipped: not a device, a dangling link, too many entries, an unusable value. */
    public static final String IMPORT_LEFT_OUT = "import.left-out";
    /** A device API the engine does not know, kept as it is. */
    public static final String IMPORT_UNKNOWN_DEVICE_API = "import.unknown-device-api";
    /** Two sources describe the same device or assignment differently. */
    public static final String IMPORT_CONFLICT = "import.conflict";
    /** A pack cannot derive a migration version, or derives it from a default. */
    public static final String IMPORT_NO_VERSION = "import.no-version";
    /** An assignment names a device the host does not have. */
    public static final String IMPORT_UNKNOWN_ASSIGNMENT = "import.unknown-assignment";
    /** A copy of sysfs stores links as files; they are read as links. */
    public static final String IMPORT_FLATTENED_LINKS = "import.flattened-links";
    /** More warnings than are listed; only their count is given. */
    public static final String IMPORT_WARNINGS_DROPPED = "import.warnings-dropped";

    // Finding and reading packs.
    /** No pack where one was named: no such folder or archive, or no pack.json in it. */
    public static final String PACK_NOT_FOUND = "pack.not-found";
    /** A pack archive that is not usable: not a zip, a duplicate, absolute, climbing or linked entry. */
    public static final String PACK_ARCHIVE_INVALID = "pack.archive.invalid";
    /** More of something than a pack may hold: entries, tables, columns, rows, rules, patterns, characters. */
    public static final String PACK_LIMIT_EXCEEDED = "pack.limit-exceeded";
    /** Two packs have the same id. */
    public static final String PACK_DUPLICATE_ID = "pack.duplicate-id";
    /** Two packs own overlapping namespaces. */
    public static final String PACK_NAMESPACE_OVERLAP = "pack.namespace-overlap";

    // The manifest, pack.json.
    /** A manifest field has a value it may not have: an id, version, namespace, table, derivation, read. */
    public static final String PACK_MANIFEST_INVALID_VALUE = "pack.manifest.invalid-value";
    /** A file named by the manifest is empty, lies outside the pack, or has the wrong ending. */
    public static final String PACK_MANIFEST_INVALID_PATH = "pack.manifest.invalid-path";
    /** A file named by the manifest does not exist in the pack. */
    public static final String PACK_MANIFEST_MISSING_FILE = "pack.manifest.missing-file";
    /** A table or column is declared twice in the manifest. */
    public static final String PACK_MANIFEST_DUPLICATE = "pack.manifest.duplicate";
    /** The pack was written for a rules API this engine does not provide. */
    public static final String PACK_RULES_API_INCOMPATIBLE = "pack.rules-api.incompatible";
    /**
     * A PHYS {@code derive} entry names no hardware: it must list PCI {@code ids} or
     * {@code vendors}, or a driver other than the generic {@code vfio-pci} (an entry matching every
     * function would retype every PCI function into the pack's namespace).
     */
    public static final String PACK_DERIVE_UNBOUND = "pack.derive.unbound";
    /** A platform pack to enable is not among the packs loaded, or is no platform pack. */
    public static final String PACK_PLATFORM_UNKNOWN = "pack.platform.unknown";

    // DRL, the build, the sandbox.
    /** A DRL file does not parse. */
    public static final String PACK_DRL_SYNTAX = "pack.drl.syntax";
    /** A DRL package lies outside the pack's namespace. */
    public static final String PACK_DRL_OUTSIDE_NAMESPACE = "pack.drl.outside-namespace";
    /** A DRL construct the sandbox refuses: a global, a declared type, a query, an import, a dialect, an attribute. */
    public static final String PACK_DRL_REFUSED = "pack.drl.refused";
    /** The DRL does not compile. */
    public static final String PACK_BUILD_FAILED = "pack.build.failed";
    /** A class the build generated is refused by the sandbox's bytecode checks. */
    public static final String PACK_BYTECODE_REFUSED = "pack.bytecode.refused";
    /** The pack's code threw, overflowed the stack or ran out of memory while its KieBase was built. */
    public static final String PACK_LOAD_FAILED = "pack.load.failed";
    /** Building the pack (its compile and its KieBase) did not finish within the load deadline. */
    public static final String PACK_LOAD_DEADLINE = "pack.load.deadline";
    /** The built model holds rules, queries or globals the DRL did not declare. */
    public static final String PACK_MODEL_MISMATCH = "pack.model.mismatch";

    // Data tables and test vectors.
    /** A data table's header, row or cell is malformed. */
    public static final String PACK_TABLE_INVALID = "pack.table.invalid";
    /** A data table holds the same row twice. */
    public static final String PACK_TABLE_DUPLICATE_ROW = "pack.table.duplicate-row";
    /** A test vector is malformed: it must be a pair vector or an order vector. */
    public static final String PACK_VECTOR_INVALID = "pack.vector.invalid";

    // Signatures and trust.
    /** Signatures are required and the pack has none. */
    public static final String TRUST_UNSIGNED = "trust.unsigned";
    /** The pack is signed by a key the trust store does not hold. */
    public static final String TRUST_UNKNOWN_KEY = "trust.unknown-key";
    /**
     * A {@code derive} entry claims PCI vendor IDs the pack may not claim: those its signing key's
     * trust-store entry lists under {@code hardware}, or, without such a list, those of its vendor name.
     */
    public static final String TRUST_HARDWARE_NOT_ALLOWED = "trust.hardware-not-allowed";
    /** The signing key is not trusted for one of the pack's namespaces. */
    public static final String TRUST_NAMESPACE_NOT_ALLOWED = "trust.namespace-not-allowed";
    /** A platform pack is signed by a key whose trust-store entry does not list {@code platform:}. */
    public static final String TRUST_PLATFORM_NOT_ALLOWED = "trust.platform-not-allowed";
    /** The signature file is malformed, or the signature does not match the manifest. */
    public static final String TRUST_BAD_SIGNATURE = "trust.bad-signature";
    /** A signed pack's {@code files} list is missing, incomplete or malformed. */
    public static final String TRUST_FILES_LIST = "trust.files-list";
    /** A file was changed, removed or added after signing, or that cannot be ruled out. */
    public static final String TRUST_FILE_CHANGED = "trust.file-changed";
    /** A trust store file or folder is malformed: no keys, a bad key, a key listed twice. */
    public static final String TRUST_STORE_INVALID = "trust.store.invalid";
    /** A key pair could not be made, or a pack could not be signed. */
    public static final String TRUST_SIGNING_FAILED = "trust.signing-failed";

    // Requests to the server (vfio-compat serve): the location is the request, "(request)".
    /** No valid {@code Authorization: Bearer} token (401). */
    public static final String REQUEST_UNAUTHORIZED = "request.unauthorized";
    /** A path that is no endpoint (404). */
    public static final String REQUEST_UNKNOWN_PATH = "request.unknown-path";
    /** A method the endpoint does not take (405). */
    public static final String REQUEST_METHOD_NOT_ALLOWED = "request.method-not-allowed";
    /** The server is serving as many requests as it may at once (429). */
    public static final String REQUEST_TOO_MANY_CONCURRENT = "request.too-many-concurrent";
    /** A body larger than the server's limit (413). */
    public static final String REQUEST_TOO_LARGE = "request.too-large";
    /** A value of the right type that is out of range or contradicts another one (400). */
    public static final String REQUEST_INVALID_VALUE = "request.invalid-value";
    /** More device references in one request than the server's limit (400). */
    public static final String REQUEST_TOO_MANY_REFERENCES = "request.too-many-references";
    /** A reference that names no device or creatable type of the loaded inventory (422). */
    public static final String REQUEST_UNKNOWN_REFERENCE = "request.unknown-reference";

    // Planning requests (place, drain, upgrade).
    /** A VM the request names is not in the fleet. */
    public static final String PLAN_UNKNOWN_VM = "plan.unknown-vm";
    /** A host the request names is not in the fleet. */
    public static final String PLAN_UNKNOWN_HOST = "plan.unknown-host";
    /** The inventory assigns devices of one VM name on two hosts, and the request touches that VM. */
    public static final String PLAN_VM_ON_TWO_HOSTS = "plan.vm-on-two-hosts";
    /** A waves file that names a host twice, names no host, or does not read. */
    public static final String PLAN_WAVES_INVALID = "plan.waves-invalid";
    /** A planned fact change that no loaded pack reads (a warning: it changes no profile). */
    public static final String PLAN_UNKNOWN_FACT = "plan.unknown-fact";
    /** A request that cannot be planned as asked: no host to drain, every host drained, a malformed --set. */
    public static final String PLAN_INVALID_REQUEST = "plan.invalid-request";

    // The engine itself.
    /** The engine's configuration is incomplete or contradictory. */
    public static final String ENGINE_CONFIGURATION = "engine.configuration";
    /** An unexpected error inside the engine (please report it). */
    public static final String ENGINE_INTERNAL_ERROR = "engine.internal-error";

    private ProblemCodes() {
    }

    /** Every code, sorted. */
    public static Set<String> all() {
        Set<String> codes = new TreeSet<>();
        for (Field f : ProblemCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    codes.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return codes;
    }
}
