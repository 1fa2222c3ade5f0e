package org.vfiocompat.engine;

import java.security.MessageDigest;
import java.util.HexFormat;

/** Hashing for the cache tests, written out so the test does not trust the code it checks. */
final class CompiledPackCacheTestSupport {

    private CompiledPackCacheTestSupport() {
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
