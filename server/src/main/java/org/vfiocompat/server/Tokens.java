package org.vfiocompat.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bearer tokens a client may present, read once from a file: one token a line, blank lines
 * and lines starting with {@code #} ignored. A token is kept only as its SHA-256 digest, and a
 * presented token is hashed and compared with every digest by {@link MessageDigest#isEqual}
 * (constant time for equal lengths, and all digests have one length), so neither the time taken
 * nor an error message tells how much of a token was right. Tokens are never logged.
 */
final class Tokens {

    private final List<byte[]> digests;

    private Tokens(List<byte[]> digests) {
        this.digests = digests;
    }

    static Tokens read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the token file: " + e.getMessage(), e);
        }
        List<byte[]> digests = new ArrayList<>();
        for (String line : lines) {
            String token = line.strip();
            if (!token.isEmpty() && !token.startsWith("#")) {
                digests.add(sha256(token));
            }
        }
        if (digests.isEmpty()) {
            throw new IllegalArgumentException(file + ": the token file holds no token (one a line)");
        }
        return new Tokens(List.copyOf(digests));
    }

    /** Whether {@code authorization} (the whole header value, may be null) is {@code Bearer <a known token>}. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = sha256(authorization.substring(7).strip());
        boolean match = false;
        for (byte[] known : digests) {
            // No early exit: every digest is compared whatever matched before.
            match |= MessageDigest.isEqual(presented, known);
        }
        return match;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
