package org.vfiocompat.engine.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;
import org.vfiocompat.rules.DeviceKind;

/**
 * The inventory file as JSON, field for field (see docs/inventory.md and
 * docs/inventory.schema.json). Read strictly: unknown fields are errors. The importers build
 * the same records and {@link InventoryWriter} writes them, so reading and writing share one
 * definition of the format.
 */
public record InventoryJson(
        @JsonProperty(value = "version", required = true) int version,
        @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "hosts", required = true) List<HostJson> hosts) {

    public static final int CURRENT_VERSION = 1;

    public record HostJson(
            @JsonProperty(value = "name", required = true) String name,
            @JsonDeserialize(using = RefuseNull.Devices.class) @JsonProperty("devices") List<DeviceJson> devices,
            @JsonDeserialize(using = RefuseNull.Parents.class) @JsonProperty("mdevParents") List<ParentJson> mdevParents,
            @JsonProperty("software") SoftwareJson software) {

        public HostJson {
            devices = devices == null ? List.of() : devices;
            mdevParents = mdevParents == null ? List.of() : mdevParents;
        }

        /** A host without software facts. */
        public HostJson(String name, List<DeviceJson> devices, List<ParentJson> mdevParents) {
            this(name, devices, mdevParents, null);
        }
    }

    /**
     * The host's software, as its tools report it; every field optional, none seen by packs (yet).
     *
     * @param kernel    the kernel release ({@code uname -r}): {@code 6.17.0-14-generic}
     * @param qemu      the QEMU version ({@code virsh version}, running hypervisor): {@code 8.2.2}
     * @param libvirt   the libvirt library version ({@code virsh version}, using library): {@code 10.0.0}
     * @param osId      os-release {@code ID}: {@code ubuntu}, {@code openEuler}
     * @param osVersion os-release {@code VERSION_ID}: {@code 24.04}
     */
    public record SoftwareJson(
            @JsonProperty("kernel") String kernel,
            @JsonProperty("qemu") String qemu,
            @JsonProperty("libvirt") String libvirt,
            @JsonProperty("osId") String osId,
            @JsonProperty("osVersion") String osVersion) {

        /** Whether no field is known. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isEmpty() {
            return kernel == null && qemu == null && libvirt == null && osId == null && osVersion == null;
        }
    }

    public record DeviceJson(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "kind", required = true) DeviceKind kind,
            @JsonProperty("parent") String parent,
            @JsonProperty(value = "deviceApi", required = true) String deviceApi,
            @JsonProperty(value = "migrationType", required = true) String migrationType,
            @JsonProperty(value = "migrationVersion", required = true) String migrationVersion,
            @JsonDeserialize(using = RefuseNull.Attributes.class) @JsonProperty("attributes") Map<String, String> attributes,
            @JsonProperty("assignedTo") String assignedTo,
            @JsonProperty("owner") String owner,
            @JsonProperty("versionFrom") VersionSource versionFrom,
            @JsonProperty("pci") PciJson pci) {
    }

    public record ParentJson(
            @JsonProperty(value = "id", required = true) String id,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "model", required = true) String model,
            @JsonDeserialize(using = RefuseNull.Types.class) @JsonProperty("types") List<TypeJson> types,
            @JsonProperty("pci") PciJson pci) {

        public ParentJson {
            types = types == null ? List.of() : types;
        }
    }

    public record TypeJson(
            @JsonProperty(value = "migrationType", required = true) String migrationType,
            @JsonProperty(value = "deviceApi", required = true) String deviceApi,
            @JsonProperty(value = "availableInstances", required = true) int availableInstances,
            @JsonProperty(value = "migrationVersion", required = true) String migrationVersion,
            @JsonDeserialize(using = RefuseNull.Attributes.class) @JsonProperty("attributes") Map<String, String> attributes,
            @JsonProperty("name") String name,
            @JsonProperty("description") String description,
            @JsonProperty("owner") String owner,
            @JsonProperty("versionFrom") VersionSource versionFrom) {
    }

    /**
     * What a collector saw of a PCI function: hex ids without {@code 0x}, the bound driver, and
     * for a VF the address of its physical function. For people and for audits; packs do not
     * see it.
     */
    public record PciJson(
            @JsonProperty("vendor") String vendor,
            @JsonProperty("device") String device,
            @JsonProperty("subsystemVendor") String subsystemVendor,
            @JsonProperty("subsystemDevice") String subsystemDevice,
            @JsonProperty("driver") String driver,
            @JsonProperty("physfn") String physfn) {
    }

    /** Where a collected {@code migrationVersion} came from. */
    public enum VersionSource {
        /** The driver's own {@code migration_version} attribute, copied verbatim. */
        DRIVER,
        /** Built by the owning pack's {@code derive} mapping from transparent facts. */
        PACK,
        /** Neither: {@code migrationVersion} is {@code ""}. */
        NONE
    }
}
