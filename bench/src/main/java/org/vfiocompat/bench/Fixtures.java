package org.vfiocompat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vfiocompat.engine.Profiles;
import org.vfiocompat.rules.DeviceProfile;

/** Finds the reference pack and reads fixed pairs out of its test vectors. */
final class Fixtures {

    /** Names a folder: {@code vendor-packs/} or a pack folder itself. Default: searched from the working directory up. */
    static final String PACKS_PROPERTY = "vfiocompat.packs";
    static final String PACK_ID = "intel-gvtg";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A fixed pair of the reference pack, named by its test vector. */
    enum Pair {
        /** Two identical V5_4 vGPUs: one accepting rule fires, LIVE 100. */
        LIVE("V5_4 to V5_4, same GPU model and software: live, best score"),
        /** V5_4 to V5_2 on the same GPU: one refusing rule fires, NONE (TYPE). */
        NONE("V5_4 to V5_2 on the same GPU: type not matched");

        final String vector;

        Pair(String vector) {
            this.vector = vector;
        }
    }

    private Fixtures() {
    }

    /** The intel-gvtg pack folder. */
    static Path packDir() {
        String configured = System.getProperty(PACKS_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath().normalize();
            if (Files.isRegularFile(p.resolve("pack.json"))) {
                return p;
            }
            if (Files.isRegularFile(p.resolve(PACK_ID).resolve("pack.json"))) {
                return p.resolve(PACK_ID);
            }
            throw new IllegalStateException("-D" + PACKS_PROPERTY + "=" + configured
                    + " is neither the " + PACK_ID + " pack folder nor a folder holding it");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("vendor-packs").resolve(PACK_ID);
            if (Files.isRegularFile(candidate.resolve("pack.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("vendor-packs/" + PACK_ID + " not found from " + Path.of("").toAbsolutePath()
                + " upwards; run from the repository or pass -D" + PACKS_PROPERTY + "=<path to vendor-packs>");
    }

    /** Source and target of the pair's test vector. */
    static DeviceProfile[] profiles(Path packDir, Pair pair) {
        JsonNode vectors = read(packDir.resolve("tests/vectors.json")).get("vectors");
        for (JsonNode v : vectors) {
            if (pair.vector.equals(v.path("name").asText())) {
                return pairOf(v);
            }
        }
        throw new IllegalStateException("no test vector named '" + pair.vector + "' in " + packDir);
    }

    /**
     * The first pair vector of the pack in {@code packDir} whose expected level is {@code level}
     * (LIVE, COLD or NONE): source and target profiles. Lets one benchmark cover every pack.
     */
    static DeviceProfile[] firstPair(Path packDir, String level) {
        JsonNode manifest = read(packDir.resolve("pack.json"));
        for (JsonNode file : manifest.path("tests")) {
            for (JsonNode v : read(packDir.resolve(file.asText())).path("vectors")) {
                if (v.hasNonNull("target") && level.equals(v.path("expect").path("level").asText())) {
                    return pairOf(v);
                }
            }
        }
        throw new IllegalStateException("no " + level + " pair vector in " + packDir);
    }

    /** Source and target profiles of one pair vector. */
    private static DeviceProfile[] pairOf(JsonNode vector) {
        String name = vector.path("name").asText();
        return new DeviceProfile[] {
            Profiles.read(vector.get("source").toString(), name + " source"),
            Profiles.read(vector.get("target").toString(), name + " target")};
    }

    /** The expected level of the pair's test vector, to check the benchmarks measure what they claim. */
    static String expectedLevel(Path packDir, Pair pair) {
        for (JsonNode v : read(packDir.resolve("tests/vectors.json")).get("vectors")) {
            if (pair.vector.equals(v.path("name").asText())) {
                return v.path("expect").path("level").asText();
            }
        }
        throw new IllegalStateException("no test vector named '" + pair.vector + "'");
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
