package org.vfiocompat.engine.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.vfiocompat.rules.DeviceKind;

/**
 * The inventory file as JSON, field for field (see docs/inventory.md and
 * docs/inventory.schema.json). Read strictly: unknown fields are errors.
 */
record InventoryJson(
        @JsonProperty(value = "version", required = true) int version,
        @JsonProperty(value = "hosts", required = true) List<HostJson> hosts) {

    static final int CURRENT_VERSION = 1;

    record HostJson(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("devices") List<DeviceJson> devices,
            @JsonProperty("mdevParents") List<ParentJson> mdevParents) {

        HostJson {
            devices = devices == null ? List.of() : devices;
            mdevParents = mdevParents == null ? List.of() : mdevParents;
        }
    }

    record DeviceJson(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "kind", required = true) DeviceKind kind,
            @JsonProperty("parent") String parent,
            @JsonProperty(value = "deviceApi", required = true) String deviceApi,
            @JsonProperty(value = "migrationType", required = true) String migrationType,
            @JsonProperty(value = "migrationVersion", required = true) String migrationVersion,
            @JsonProperty("attributes") Map<String, String> attributes,
            @JsonProperty("assignedTo") String assignedTo) {
    }

    record ParentJson(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "model", required = true) String model,
            @JsonProperty("types") List<TypeJson> types) {

        ParentJson {
            types = types == null ? List.of() : types;
        }
    }

    record TypeJson(
            @JsonProperty(value = "migrationType", required = true) String migrationType,
            @JsonProperty(value = "deviceApi", required = true) String deviceApi,
            @JsonProperty(value = "availableInstances", required = true) int availableInstances,
            @JsonProperty(value = "migrationVersion", required = true) String migrationVersion,
            @JsonProperty("attributes") Map<String, String> attributes,
            @JsonProperty("name") String name,
            @JsonProperty("description") String description) {
    }
}
