package org.vfiocompat.engine.trust;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A trust-store file: public keys, each bound to the namespaces it may sign packs for.
 * <pre>{@code
 * {"keys": [{"name": "intel", "publicKey": "-----BEGIN PUBLIC KEY-----...", "namespaces": ["i915-"]}]}
 * }</pre>
 */
record TrustStoreJson(@JsonProperty(value = "keys", required = true) List<Key> keys) {

    /**
     * @param name       how messages and {@code status} name the signer
     * @param publicKey  PEM text, or the bare base64 of the X.509 SubjectPublicKeyInfo
     * @param namespaces migration-type prefixes the key may sign for: a pack's every namespace
     *                   must start with one of them
     * @param hardware   optional: what the key's packs may claim in {@code derive} entries,
     *                   {@code "pci:VVVV"} for a PCI vendor ID; without it, their vendor name's IDs
     * @param acceptsTargetsFrom optional: namespace prefixes whose targets the key's packs may judge
     *                   without the owning pack's consent
     */
    record Key(@JsonProperty(value = "name", required = true) String name,
               @JsonProperty(value = "publicKey", required = true) String publicKey,
               @JsonProperty(value = "namespaces", required = true) List<String> namespaces,
               @JsonProperty("hardware") List<String> hardware,
               @JsonProperty("acceptsTargetsFrom") List<String> acceptsTargetsFrom) {
    }
}
