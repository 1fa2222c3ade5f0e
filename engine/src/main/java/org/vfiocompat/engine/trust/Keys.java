package org.vfiocompat.engine.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 through the JDK alone ({@code KeyPairGenerator}, {@code KeyFactory} and
 * {@code Signature} named "Ed25519", Java 15 and later): key pairs, PEM text (X.509
 * SubjectPublicKeyInfo for public keys, PKCS#8 for private keys), key ids, signing, verifying.
 */
final class Keys {

    static final String ALGORITHM = "Ed25519";

    private static final String PUBLIC_PEM = "PUBLIC KEY";
    private static final String PRIVATE_PEM = "PRIVATE KEY";

    private Keys() {
    }

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK from 15 on", e);
        }
    }

    /** {@code ed25519:} and the first 32 hex digits of the SHA-256 of the key's X.509 encoding. */
    static String keyId(PublicKey key) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "ed25519:" + HexFormat.of().formatHex(sha, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String publicPem(PublicKey key) {
        return pem(PUBLIC_PEM, key.getEncoded());
    }

    static String privatePem(PrivateKey key) {
        return pem(PRIVATE_PEM, key.getEncoded());
    }

    /**
     * A public key from PEM text ({@code -----BEGIN PUBLIC KEY-----}) or from the bare base64 of
     * its X.509 encoding.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static PublicKey publicKey(String text) {
        byte[] der = der(text, PUBLIC_PEM);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (X.509 SubjectPublicKeyInfo): " + e.getMessage());
        }
    }

    /** A private key from PEM text ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8). */
    static PrivateKey privateKey(String text) {
        byte[] der = der(text, PRIVATE_PEM);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 private key (PKCS#8): " + e.getMessage());
        }
    }

    /** The Ed25519 signature of {@code message}. */
    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String text, String type) {
        String t = text.strip();
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        if (t.startsWith("-----BEGIN")) {
            int from = t.indexOf(begin);
            int to = t.indexOf(end);
            if (from != 0 || to < 0) {
                throw new IllegalArgumentException("PEM text must hold one '" + begin + "' block");
            }
            t = t.substring(begin.length(), to);
        }
        try {
            return Base64.getMimeDecoder().decode(t.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage());
        }
    }
}
