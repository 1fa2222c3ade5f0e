package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS from PEM files and mutual TLS, with certificates made for the test by the JDK's keytool
 * (a server certificate for 127.0.0.1, a client CA, a client certificate it signed, and a
 * self-signed client certificate it did not), against java.net.http clients that trust the
 * server's certificate only.
 */
class TlsTest {

    private static final String PASSWORD = "test-only";
    private static final String CHECK = "{\"source\": \"" + TestServers.SOURCE + "\", \"target\": \"" + TestServers.TARGET + "\"}";

    @TempDir
    static Path dir;
    private static Path serverCert;
    private static Path serverKey;
    private static Path clientCa;
    private static KeyStore serverTrust;
    private static KeyStore signedClient;
    private static KeyStore rogueClient;

    @BeforeAll
    static void certificates() throws Exception {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", "server.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=test client CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=scheduler",
                "-validity", "2", "-keystore", "client.p12");
        keytool("-certreq", "-alias", "client", "-keystore", "client.p12", "-file", "client.csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "client.csr", "-outfile", "client.crt", "-rfc",
                "-validity", "2");

        KeyStore server = load(dir.resolve("server.p12"));
        serverCert = Files.writeString(dir.resolve("server.pem"), pem("CERTIFICATE", server.getCertificate("server").getEncoded()));
        serverKey = Files.writeString(dir.resolve("server.key"), pem("PRIVATE KEY",
                server.getKey("server", PASSWORD.toCharArray()).getEncoded()));
        Certificate ca = load(dir.resolve("ca.p12")).getCertificate("ca");
        clientCa = Files.writeString(dir.resolve("client-ca.pem"), pem("CERTIFICATE", ca.getEncoded()));

        serverTrust = empty();
        serverTrust.setCertificateEntry("server", server.getCertificate("server"));
        KeyStore client = load(dir.resolve("client.p12"));
        PrivateKey clientKey = (PrivateKey) client.getKey("client", PASSWORD.toCharArray());
        Certificate signed;
        try (InputStream in = Files.newInputStream(dir.resolve("client.crt"))) {
            signed = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        signedClient = empty();
        signedClient.setKeyEntry("client", clientKey, PASSWORD.toCharArray(), new Certificate[] {signed, ca});
        rogueClient = empty();
        rogueClient.setKeyEntry("client", clientKey, PASSWORD.toCharArray(), new Certificate[] {client.getCertificate("client")});
    }

    @Test
    void httpsFromPemFilesAnswersAClientThatTrustsTheCertificate() throws Exception {
        try (VfioCompatServer server = TestServers.builder().tls(serverCert, serverKey).build().start()) {
            assertThat(server.scheme()).isEqualTo("https");
            HttpResponse<String> r = send(client(null), server, "/v1/check", CHECK, null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"verdict\"");
            // A client that trusts only the JDK's CAs refuses the server; plain HTTP gets no answer.
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(server, "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
            HttpResponse<String> plain = tryPlain(server);
            assertThat(plain == null || plain.statusCode() == 400).as("plain HTTP is not served").isTrue();
        }
    }

    @Test
    void mutualTlsAdmitsOnlyClientsWithACertificateOfTheClientCa() throws Exception {
        try (VfioCompatServer server = TestServers.builder().tls(serverCert, serverKey).tlsClientCa(clientCa).build().start()) {
            assertThat(send(client(signedClient), server, "/v1/check", CHECK, null).statusCode()).isEqualTo(200);
            long before = evaluations();
            assertThatThrownBy(() -> send(client(null), server, "/v1/check", CHECK, null)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> send(client(rogueClient), server, "/v1/check", CHECK, null)).isInstanceOf(IOException.class);
            assertThat(evaluations()).isEqualTo(before);
        }
    }

    @Test
    void overTlsA401CostsNoEvaluationAsTheMetricsShow() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "tls-token-0123456789\n");
        try (VfioCompatServer server = TestServers.builder().tls(serverCert, serverKey).tokenFile(tokens).build().start()) {
            HttpClient c = client(null);
            String auth = "Bearer tls-token-0123456789";
            assertThat(send(c, server, "/v1/check", CHECK, auth).statusCode()).isEqualTo(200);
            long before = cacheLookups(send(c, server, "/metrics", null, auth).body());
            for (int i = 0; i < 5; i++) {
                assertThat(send(c, server, "/v1/check", CHECK, null).statusCode()).isEqualTo(401);
                assertThat(send(c, server, "/v1/rank", "{\"device\": \"" + TestServers.SOURCE + "\"}", "Bearer wrong").statusCode())
                        .isEqualTo(401);
            }
            String after = send(c, server, "/metrics", null, auth).body();
            assertThat(cacheLookups(after)).as("verdict-cache lookups, hits and misses").isEqualTo(before);
            assertThat(after).containsPattern("vfiocompat_http_requests_seconds_count\\{endpoint=\"/v1/check\",method=\"POST\",status=\"401\"\\} 5");
            assertThat(send(c, server, "/v1/check", CHECK, auth).statusCode()).isEqualTo(200);
            assertThat(cacheLookups(send(c, server, "/metrics", null, auth).body())).isEqualTo(before + 1);
        }
    }

    @Test
    void badPemFilesAreRefusedNamingTheFile() throws IOException {
        Path rsa = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TestServers.builder().tls(serverCert, rsa).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rsa.key").hasMessageContaining("PKCS #8");
        assertThatThrownBy(() -> TestServers.builder().tls(serverKey, serverKey).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-cert").hasMessageContaining("server.key");
        assertThatThrownBy(() -> TestServers.builder().tlsClientCa(clientCa).build()).isInstanceOf(IllegalStateException.class);
    }

    private static long cacheLookups(String metrics) {
        long total = 0;
        Matcher m = Pattern.compile("(?m)^vfiocompat_cache_(hits|misses)_total (\\S+)$").matcher(metrics);
        int found = 0;
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(2));
            found++;
        }
        assertThat(found).isEqualTo(2);
        return total;
    }

    private static long evaluations() {
        return TestServers.engine().cacheStats().hits() + TestServers.engine().cacheStats().misses();
    }

    private static HttpResponse<String> tryPlain(VfioCompatServer server) {
        try {
            return TestServers.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/live"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(VfioCompatServer server, String path) {
        return URI.create("https://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> send(HttpClient client, VfioCompatServer server, String path, String body, String auth)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(10));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        b = body == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A client that trusts the server's certificate only, presenting {@code identity} when asked (null: none). */
    private static HttpClient client(KeyStore identity) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(serverTrust);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity == null ? empty() : identity, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static KeyStore empty() throws Exception {
        KeyStore k = KeyStore.getInstance("PKCS12");
        k.load(null, null);
        return k;
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore k = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            k.load(in, PASSWORD.toCharArray());
        }
        return k;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + ": " + output).isZero();
    }
}
