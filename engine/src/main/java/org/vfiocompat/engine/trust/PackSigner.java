package org.vfiocompat.engine.trust;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.security.interfaces.EdECPrivateKey;
import org.vfiocompat.engine.files.AtomicWrite;

/**
 * The vendor's side: key pairs, and signing a pack folder. Signing writes the SHA-256 of every
 * file of the folder (but {@code pack.json} and {@code pack.sig}) into the manifest's
 * {@code files}, then the Ed25519 signature of the manifest's bytes into {@code pack.sig}. Each
 * file is written to a temporary file and renamed, so a failed run leaves no half-written file.
 */
public final class PackSigner {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setDefaultPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    /**
     * @param keyId the signing key's id
     * @param files the files listed in the manifest, sorted
     */
    public record Signed(String keyId, List<String> files) {
    }

    private PackSigner() {
    }

    /** Writes {@code name.key} (PKCS#8 PEM, owner-only where the file system allows) and {@code name.pub}. */
    public static List<Path> keygen(Path dir, String name, List<String> namespaces) throws IOException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("key name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        KeyPair pair = Keys.generate();
        Files.createDirectories(dir);
        Path priv = dir.resolve(name + ".key");
        Path pub = dir.resolve(name + ".pub");
        Path trust = dir.resolve(name + ".trust.json");
        for (Path p : namespaces.isEmpty() ? List.of(priv, pub) : List.of(priv, pub, trust)) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString(), null, "will not overwrite a key file");
            }
        }
        List<Path> written = new ArrayList<>();
        writeAtomically(priv, Keys.privatePem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII), true);
        written.add(priv);
        writeAtomically(pub, Keys.publicPem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII), false);
        written.add(pub);
        if (!namespaces.isEmpty()) {
            ObjectNode store = JSON.createObjectNode();
            ObjectNode key = store.putArray("keys").addObject();
            key.put("name", name);
            key.put("publicKey", Keys.publicPem(pair.getPublic()));
            ArrayNode ns = key.putArray("namespaces");
            namespaces.forEach(ns::add);
            writeAtomically(trust, (JSON.writeValueAsString(store) + "\n").getBytes(StandardCharsets.UTF_8), false);
            written.add(trust);
        }
        return written;
    }

    /**
     * Lists every file of {@code dir} with its SHA-256 in the manifest and signs the manifest
     * with the private key in {@code privateKeyFile}.
     *
     * @throws IOException              when a file cannot be read or written
     * @throws IllegalArgumentException when the key or the manifest cannot be used, saying why
     */
    public static Signed sign(Path dir, Path privateKeyFile) throws IOException {
        PrivateKey key = Keys.privateKey(Files.readString(privateKeyFile, StandardCharsets.US_ASCII));
        PublicKey publicKey = publicOf(key);
        Path manifestFile = dir.resolve(PackTrustCheck.MANIFEST);
        JsonNode manifest;
        try {
            manifest = JSON.readTree(Files.readAllBytes(manifestFile));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(manifestFile + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (!(manifest instanceof ObjectNode object)) {
            throw new IllegalArgumentException(manifestFile + ": the manifest must be a JSON object");
        }
        Map<String, String> files = new TreeMap<>();
        for (String rel : FolderEntries.list(dir)) {
            if (!rel.equals(PackTrustCheck.MANIFEST) && !rel.equals(SignatureFile.FILE_NAME)) {
                files.put(rel, PackTrustCheck.sha256(Files.readAllBytes(dir.resolve(rel))));
            }
        }
        object.set("files", JSON.valueToTree(files));
        byte[] manifestBytes = (JSON.writeValueAsString(object) + "\n").getBytes(StandardCharsets.UTF_8);
        String keyId = Keys.keyId(publicKey);
        ObjectNode sig = JSON.createObjectNode();
        sig.put("algorithm", Keys.ALGORITHM);
        sig.put("keyId", keyId);
        sig.put("signature", Base64.getEncoder().encodeToString(Keys.sign(key, manifestBytes)));
        writeAtomically(manifestFile, manifestBytes, false);
        writeAtomically(dir.resolve(SignatureFile.FILE_NAME),
                (JSON.writeValueAsString(sig) + "\n").getBytes(StandardCharsets.UTF_8), false);
        return new Signed(keyId, List.copyOf(files.keySet()));
    }

    /** The public key of an Ed25519 private key, which the JDK derives from the private key's bytes. */
    private static PublicKey publicOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        try {
            // An Ed25519 private key is a 32-byte seed and the public key is derived from it, but
            // the JDK offers no call for that. Its generator draws exactly the seed from its
            // SecureRandom, so one fed this seed gives the pair back; checked, never assumed.
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance(Keys.ALGORITHM);
            byte[] seed = ed.getBytes().get();
            g.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
            KeyPair pair = g.generateKeyPair();
            if (!java.util.Arrays.equals(pair.getPrivate().getEncoded(), key.getEncoded())) {
                throw new IllegalArgumentException("cannot derive the public key of this private key");
            }
            return pair.getPublic();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use this private key: " + e.getMessage(), e);
        }
    }

    /** Hands out one fixed seed: how an Ed25519 key pair is re-derived from its private key. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }

    private static void writeAtomically(Path target, byte[] bytes, boolean ownerOnly) throws IOException {
        AtomicWrite.write(target, bytes, ownerOnly);
    }
}
