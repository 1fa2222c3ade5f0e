package org.vfiocompat.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API's OpenAPI 3.1 document, {@code openapi.json} beside this class (checked in, served at
 * {@code GET /v1/openapi.json}). A test holds it to the routing table: every route, method and
 * status in one is in the other.
 */
final class OpenApi {

    static final String RESOURCE = "openapi.json";

    private OpenApi() {
    }

    /** The document's bytes, as checked in. */
    static byte[] document() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + OpenApi.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
