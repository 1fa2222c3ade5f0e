package org.vfiocompat.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.HostSoftware;

/**
 * A device profile as one string, the form in which Spark groups, joins and ships profiles:
 * canonical compact JSON (fixed field order, attributes sorted, as the profile keeps them, and
 * the host's software the profile carries), so
 * equal profiles are equal strings and {@code distinct()} finds the distinct profiles.
 */
final class ProfileCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileCodec() {
    }

    static String encode(DeviceProfile p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", p.getKind().name());
        n.put("deviceApi", p.getDeviceApi());
        n.put("migrationType", p.getMigrationType());
        n.put("migrationVersion", p.getMigrationVersion());
        n.put("parentModel", p.getParentModel());
        ObjectNode attributes = n.putObject("attributes");
        p.getAttributes().forEach(attributes::put);
        HostSoftware h = p.getHost();
        n.putArray("host").add(h.getKernel()).add(h.getQemu()).add(h.getLibvirt()).add(h.getOsId()).add(h.getOsVersion());
        return n.toString();
    }

    static DeviceProfile decode(String encoded) {
        try {
            JsonNode n = JSON.readTree(encoded);
            DeviceProfile.Builder b = DeviceProfile.builder(DeviceKind.valueOf(n.get("kind").asText()))
                    .deviceApi(n.get("deviceApi").asText())
                    .migrationType(n.get("migrationType").asText())
                    .migrationVersion(n.get("migrationVersion").asText())
                    .parentModel(n.get("parentModel").asText());
            for (Map.Entry<String, JsonNode> a : n.get("attributes").properties()) {
                b.attribute(a.getKey(), a.getValue().asText());
            }
            JsonNode h = n.get("host");
            return b.host(HostSoftware.of(h.get(0).asText(), h.get(1).asText(), h.get(2).asText(), h.get(3).asText(), h.get(4).asText()))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What rows carry for a profile: 128 bits of the SHA-256 of its encoding, in base64url
     * (22 characters). Equal profiles have equal keys; unequal ones, in any fleet, do not (a
     * collision is as unlikely as one of a content-addressed store's).
     */
    static String key(String encoded) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(encoded.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
