package org.vfiocompat.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The distinct profiles of a run, by key ({@link ProfileCodec#key}): rows carry a profile's key,
 * and whatever needs the profile itself (projection, ranking, formatting) looks it up here. A
 * fleet has a few hundred distinct profiles (they grow with versions and types, not devices),
 * so the dictionary is collected once and broadcast; each executor decodes a profile once.
 */
final class ProfileDictionary implements Serializable {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, String> json;
    private transient volatile Map<String, DeviceProfile> decoded;

    private ProfileDictionary(HashMap<String, String> json) {
        this.json = json;
    }

    /** The profiles the chunks tell: merged in each partition, then on the driver (partitions times profiles). */
    static ProfileDictionary of(JavaRDD<ReadChunk> chunks) {
        HashMap<String, String> json = new HashMap<>();
        for (HashMap<String, String> part : chunks.mapPartitions(it -> {
            HashMap<String, String> merged = new HashMap<>();
            it.forEachRemaining(c -> merged.putAll(c.profiles()));
            return List.of(merged).iterator();
        }).collect()) {
            json.putAll(part);
        }
        return new ProfileDictionary(json);
    }

    int size() {
        return json.size();
    }

    /** The profile of {@code key}. */
    DeviceProfile profile(String key) {
        Map<String, DeviceProfile> d = decoded;
        if (d == null) {
            synchronized (this) {
                d = decoded;
                if (d == null) {
                    decoded = d = new ConcurrentHashMap<>();
                }
            }
        }
        return d.computeIfAbsent(key, k -> {
            String encoded = json.get(k);
            if (encoded == null) {
                throw new IllegalStateException("no profile has key " + k);
            }
            return ProfileCodec.decode(encoded);
        });
    }
}
