package org.vfiocompat.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS from PEM files, as operators have them (from a CA, certbot or openssl): the server's
 * certificate chain, its private key (PKCS #8, {@code BEGIN PRIVATE KEY}: RSA, EC or Ed25519),
 * and optionally the CAs whose client certificates it accepts (mutual TLS: a client without
 * one the CAs signed fails the handshake, before any request is read). The JDK reads X.509
 * PEM itself and PKCS #8 once the base64 is decoded, so no other library is needed; keys stay
 * in memory in a keystore with a random password.
 *
 * @param certificateChain the server's certificate first, then its intermediates
 * @param privateKey       the key of the first certificate
 * @param clientCa         when present, client certificates are required and must chain to one of these
 */
record PemTls(Path certificateChain, Path privateKey, Optional<Path> clientCa) {

    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");

    /** Jetty's TLS factory for these files; TLS 1.2 and 1.3 only (Jetty's default exclusions). */
    SslContextFactory.Server contextFactory() {
        List<Certificate> chain = certificates(certificateChain, "--tls-cert");
        PrivateKey key = key(privateKey, chain.get(0));
        char[] password = randomPassword();
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(keys);
            tls.setKeyStorePassword(new String(password));
            tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            if (clientCa.isPresent()) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(clientCa.get(), "--tls-client-ca")) {
                    trusted.setCertificateEntry("client-ca-" + i++, ca);
                }
                tls.setTrustStore(trusted);
                tls.setNeedClientAuth(true);
            }
            return tls;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(certificateChain + ": cannot make a TLS key store of it: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file, String what) {
        byte[] pem = read(file, what);
        try {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(what + " " + file + ": holds no certificate (PEM, BEGIN CERTIFICATE)");
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " " + file + ": not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey key(Path file, Certificate cert) {
        String pem = new String(read(file, "--tls-key"), StandardCharsets.US_ASCII);
        Matcher m = PEM_KEY.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("--tls-key " + file + ": holds no PEM private key (BEGIN PRIVATE KEY)");
        }
        if (!m.group(1).isEmpty()) {
            throw new IllegalArgumentException("--tls-key " + file + ": a " + m.group(1).strip() + " PRIVATE KEY; give it as "
                    + "PKCS #8 (BEGIN PRIVATE KEY, not encrypted): openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        String algorithm = cert.getPublicKey().getAlgorithm();
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-key " + file + ": not a " + algorithm + " key of the certificate's kind: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[18];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).toCharArray();
    }
}
