package org.vfiocompat.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * The vendor's side of pack signatures: Ed25519 key pairs, and signing a pack folder so that an
 * engine configured with a trust store can check who wrote it and that nothing changed since.
 */
public final class PackSigning {

    /**
     * @param keyId the id of the key that signed ({@code ed25519:} and 32 hex digits)
     * @param files every file the manifest now lists with its SHA-256, sorted
     */
    public record Signed(String keyId, List<String> files) {

        public Signed {
            files = List.copyOf(files);
        }
    }

    private PackSigning() {
    }

    /**
     * Writes a new key pair into {@code dir}: {@code NAME.key} (private, PKCS#8 PEM, readable by
     * its owner only), {@code NAME.pub} (X.509 PEM) and, when {@code namespaces} are given,
     * {@code NAME.trust.json}: a trust-store file binding the public key to them, for operators.
     * Never overwrites a file.
     *
     * @return the files written
     * @throws InvalidPackException naming the file that could not be written
     */
    public static List<Path> keygen(Path dir, String name, List<String> namespaces) {
        return Implementation.provider().keygen(dir, name, namespaces);
    }

    /**
     * Lists every file of the pack folder with its SHA-256 in {@code pack.json} ({@code files})
     * and writes the Ed25519 signature of the manifest to {@code pack.sig}.
     *
     * @throws InvalidPackException when the key or the manifest cannot be used, or a file cannot
     *                              be read or written
     */
    public static Signed sign(Path packDir, Path privateKey) {
        return Implementation.provider().sign(packDir, privateKey);
    }

}
