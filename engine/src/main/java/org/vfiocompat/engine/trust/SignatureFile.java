package org.vfiocompat.engine.trust;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code pack.sig}, next to {@code pack.json} and not listed in it: the Ed25519 signature of the
 * manifest's exact bytes. The manifest lists every other file with its SHA-256, so the signature
 * covers the whole pack.
 * <pre>{@code {"algorithm": "Ed25519", "keyId": "ed25519:3f1c...", "signature": "base64..."}}</pre>
 *
 * @param algorithm always {@code Ed25519}
 * @param keyId     the signing key's id ({@code ed25519:} and 32 hex digits of the SHA-256 of its
 *                  X.509 encoding), to find it in the trust store
 * @param signature base64 of the 64-byte signature
 */
record SignatureFile(@JsonProperty(value = "algorithm", required = true) String algorithm,
                     @JsonProperty(value = "keyId", required = true) String keyId,
                     @JsonProperty(value = "signature", required = true) String signature) {

    static final String FILE_NAME = "pack.sig";
}
