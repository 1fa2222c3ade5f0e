package org.vfiocompat.engine.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.json.JsonInput;

/**
 * The public keys an operator trusts, each bound to the namespaces it may sign for: a key
 * trusted for {@code nvidia-} cannot vouch for a pack that claims {@code i915-}. Read from one
 * JSON file ({@link TrustStoreJson}) or from a folder, whose every {@code *.json} file is such
 * a file (so one key per file can be dropped in or taken out). Immutable.
 */
final class TrustStore {

    /** One trusted key. */
    record TrustedKey(String name, String keyId, PublicKey key, List<String> namespaces, String file, TrustGrants grants) {

        /** Whether this key may sign for a pack namespace: it must lie under one of the key's prefixes. */
        boolean covers(String namespace) {
            for (String prefix : namespaces) {
                if (namespace.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "'" + name + "' (" + keyId + ")";
        }
    }

    private final String location;
    private final Map<String, TrustedKey> byKeyId;

    private TrustStore(String location, Map<String, TrustedKey> byKeyId) {
        this.location = location;
        this.byKeyId = Map.copyOf(byKeyId);
    }

    /**
     * Reads the trust store at {@code path}, a JSON file or a folder of them.
     *
     * @throws InvalidPackException naming the file and JSON pointer of every problem
     */
    public static TrustStore load(Path path) {
        List<Path> files = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> list = Files.list(path)) {
                list.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                problems.add(new Problem(ProblemCodes.FILE_UNREADABLE, Location.file(path.toString()), "cannot be listed: " + e.getMessage()));
            }
            if (files.isEmpty() && problems.isEmpty()) {
                problems.add(new Problem(ProblemCodes.TRUST_STORE_INVALID, Location.file(path.toString()), "trust store folder holds no *.json key file"));
            }
        } else {
            files.add(path);
        }
        Map<String, TrustedKey> keys = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Path file : files) {
            TrustStoreJson json;
            try {
                json = JsonInput.read(file, file.toString(), TrustStoreJson.class, InvalidPackException::new);
            } catch (InvalidPackException e) {
                problems.addAll(e.problems());
                continue;
            }
            if (json.keys() == null || json.keys().isEmpty()) {
                problems.add(new Problem(ProblemCodes.TRUST_STORE_INVALID, Location.pointer(file.toString(), "/keys"), "a trust store file must hold at least one key"));
                continue;
            }
            for (int i = 0; i < json.keys().size(); i++) {
                readKey(file.toString(), "/keys/" + i, json.keys().get(i), keys, names, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPackException(problems);
        }
        return new TrustStore(path.toString(), keys);
    }

    private static void readKey(String file, String at, TrustStoreJson.Key k, Map<String, TrustedKey> keys,
                                Map<String, String> names, List<Problem> problems) {
        if (k == null || k.name() == null || k.publicKey() == null || k.namespaces() == null) {
            problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at), "a key needs a name, a publicKey and namespaces, none of them null"));
            return;
        }
        if (k.name().isBlank()) {
            problems.add(new Problem(ProblemCodes.TRUST_STORE_INVALID, Location.pointer(file, at + "/name"), "a key's name must not be empty"));
        }
        if (k.namespaces().isEmpty()) {
            problems.add(new Problem(ProblemCodes.TRUST_STORE_INVALID, Location.pointer(file, at + "/namespaces"),
                    "a key must be bound to at least one namespace (a key trusted for everything is not offered)"));
        }
        for (int j = 0; j < k.namespaces().size(); j++) {
            String ns = k.namespaces().get(j);
            if (ns == null || ns.length() < 3 || ns.isBlank()) {
                problems.add(new Problem(ProblemCodes.TRUST_STORE_INVALID, Location.pointer(file, at + "/namespaces/" + j),
                        "a namespace is a migration-type prefix of at least 3 characters"));
            }
        }
        List<String> pciVendors = new ArrayList<>();
        if (k.hardware() != null) {
            for (int j = 0; j < k.hardware().size(); j++) {
                String h = k.hardware().get(j);
                if (h == null || !h.matches("pci:[0-9a-f]{4}")) {
                    problems.add(new Problem(ProblemCodes.TRUST_STORE_INVALID, Location.pointer(file, at + "/hardware/" + j),
                            "hardware is \"pci:VVVV\", a PCI vendor ID in 4 lower-case hex digits, like pci:8086"));
                } else {
                    pciVendors.add(h.substring(4));
                }
            }
        }
        List<String> accepts = k.acceptsTargetsFrom() == null ? List.of() : k.acceptsTargetsFrom();
        for (int j = 0; j < accepts.size(); j++) {
            String ns = accepts.get(j);
            if (ns == null || !ns.matches("[A-Za-z0-9_.:-]{3,128}")) {
                problems.add(new Problem(ProblemCodes.TRUST_STORE_INVALID, Location.pointer(file, at + "/acceptsTargetsFrom/" + j),
                        "a namespace is a migration-type prefix of 3 to 128 ASCII letters, digits and _ . : -"));
            }
        }
        PublicKey key;
        try {
            key = Keys.publicKey(k.publicKey());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(ProblemCodes.TRUST_STORE_INVALID, Location.pointer(file, at + "/publicKey"), e.getMessage()));
            return;
        }
        String keyId = Keys.keyId(key);
        String otherName = names.putIfAbsent(k.name(), file + " at " + at);
        if (otherName != null) {
            problems.add(new Problem(ProblemCodes.TRUST_STORE_INVALID, Location.pointer(file, at + "/name"), "key name '" + k.name() + "' is used twice (also " + otherName + ")"));
        }
        TrustedKey trusted = new TrustedKey(k.name(), keyId, key, List.copyOf(k.namespaces()), file,
                new TrustGrants(k.hardware() != null, pciVendors, accepts.stream().filter(java.util.Objects::nonNull).toList()));
        TrustedKey other = keys.putIfAbsent(keyId, trusted);
        if (other != null) {
            problems.add(new Problem(ProblemCodes.TRUST_STORE_INVALID, Location.pointer(file, at + "/publicKey"), "key " + keyId + " is listed twice (also as '"
                    + other.name() + "' in " + other.file() + "): bind all its namespaces in one entry"));
        }
    }

    /** Where the store was read from. */
    public String location() {
        return location;
    }

    /** How many keys it holds. */
    public int size() {
        return byKeyId.size();
    }

    Optional<TrustedKey> byKeyId(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId));
    }
}
