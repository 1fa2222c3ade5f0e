package org.vfiocompat.spark;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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

    /** The profiles the {@link ParsedRow#PROFILE} rows of {@code parsed} tell. */
    static ProfileDictionary of(Dataset<Row> parsed) {
        HashMap<String, String> json = new HashMap<>();
        for (Row r : parsed.where(col("what").equalTo(ParsedRow.PROFILE)).select("profile", "json").distinct().collectAsList()) {
            json.put(r.getString(0), r.getString(1));
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
