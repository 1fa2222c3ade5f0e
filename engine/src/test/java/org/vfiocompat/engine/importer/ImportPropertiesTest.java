package org.vfiocompat.engine.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vfiocompat.engine.importer.Imports.NONE;
import static org.vfiocompat.engine.importer.Imports.PACKS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.inventory.InventoryContent;
import org.vfiocompat.engine.inventory.InventoryJson;
import org.vfiocompat.engine.inventory.InventoryWriter;

/**
 * Every import of a generated host round-trips through the inventory format: the strict reader
 * reads the output back without a problem, and what it reads is what the host had.
 */
class ImportPropertiesTest {

    @Provide
    Arbitrary<GeneratedHost> hosts() {
        return GeneratedHost.hosts();
    }

    @Property(tries = 60)
    void aCollectedSysfsTreeReadsBackWithTheSameContent(@ForAll("hosts") GeneratedHost host) throws IOException {
        Path root = Files.createTempDirectory("sysfs");
        try {
            host.writeSysfs(root);
            Importers.Output out = Importers.collect(root, "gen", PACKS, NONE);

            assertSameDevices(host, Imports.content(out));
            InventoryJson json = Imports.json(out);
            for (InventoryJson.ParentJson p : json.hosts().get(0).mdevParents()) {
                GeneratedHost.Parent gp = host.parents().stream().filter(x -> x.address().equals(p.id())).findFirst().orElseThrow();
                assertThat(p.model()).isEqualTo(gp.vendor() + ":" + gp.device());
                assertThat(p.types()).hasSize(gp.types().size());
                for (GeneratedHost.Type t : gp.types()) {
                    InventoryJson.TypeJson tj = Imports.type(p, t.id());
                    assertThat(tj.deviceApi()).isEqualTo(t.api());
                    assertThat(tj.availableInstances()).isEqualTo(t.available());
                    assertThat(tj.name()).isEqualTo(t.name());
                    assertThat(tj.description()).isEqualTo(t.description());
                    assertThat(tj.migrationVersion()).isEqualTo(GeneratedHost.version(gp, t, t.migrationVersion()));
                }
            }
            for (GeneratedHost.Mdev m : host.mdevs()) {
                GeneratedHost.Parent gp = host.parents().get(m.parent());
                assertThat(Imports.device(json.hosts().get(0), m.uuid()).migrationVersion())
                        .isEqualTo(GeneratedHost.version(gp, gp.types().get(m.type()), m.migrationVersion()));
            }
            for (GeneratedHost.Function f : host.functions()) {
                InventoryJson.PciJson pci = Imports.device(json.hosts().get(0), f.address()).pci();
                assertThat(pci).isEqualTo(new InventoryJson.PciJson(f.vendor(), f.device(), null, null, f.driver(), f.physfn()));
            }
            assertThat(InventoryWriter.write(json)).as("writing what was read gives the same bytes").isEqualTo(out.json());
        } finally {
            GeneratedHost.delete(root);
        }
    }

    @Property(tries = 60)
    void importedMdevctlOutputReadsBackWithTheSameContent(@ForAll("hosts") GeneratedHost host) throws IOException {
        Path dir = Files.createTempDirectory("mdevctl");
        try {
            Path types = Files.writeString(dir.resolve("types.json"), host.mdevctlTypes());
            Path list = Files.writeString(dir.resolve("list.json"), host.mdevctlList());
            Importers.Output out = Importers.fromTools("gen", types, list, List.of(), PACKS, NONE);

            InventoryContent content = Imports.content(out);
            assertThat(content.devices()).extracting(FleetDevice::id)
                    .containsExactlyElementsOf(host.mdevs().stream().map(GeneratedHost.Mdev::uuid).sorted().toList());
            assertThat(creatable(content)).isEqualTo(creatable(host));
            InventoryJson json = Imports.json(out);
            for (GeneratedHost.Parent gp : host.parents()) {
                for (GeneratedHost.Type t : gp.types()) {
                    InventoryJson.TypeJson tj = Imports.type(Imports.parent(json.hosts().get(0), gp.address()), t.id());
                    assertThat(tj.name()).isEqualTo(t.name());
                    assertThat(tj.description()).isEqualTo(t.description());
                }
            }
        } finally {
            GeneratedHost.delete(dir);
        }
    }

    @Property(tries = 60)
    void importedNodeDevicesReadBackWithTheSameContent(@ForAll("hosts") GeneratedHost host) throws IOException {
        Path dir = Files.createTempDirectory("nodedev");
        try {
            Path xml = Files.writeString(dir.resolve("all.xml"), host.nodedevXml());
            Importers.Output out = Importers.fromTools("gen", null, null, List.of(xml), PACKS, NONE);

            InventoryContent content = Imports.content(out);
            assertSameDevices(host, content);
            InventoryJson json = Imports.json(out);
            for (GeneratedHost.Parent gp : host.parents()) {
                for (GeneratedHost.Type t : gp.types()) {
                    InventoryJson.TypeJson tj = Imports.type(Imports.parent(json.hosts().get(0), gp.address()), t.id());
                    assertThat(tj.name()).isEqualTo(t.name());
                    assertThat(tj.migrationVersion()).isEqualTo(GeneratedHost.version(gp, t, null));
                }
            }
        } finally {
            GeneratedHost.delete(dir);
        }
    }

    private static void assertSameDevices(GeneratedHost host, InventoryContent content) {
        assertThat(content.hosts()).containsExactly("gen");
        assertThat(content.devices()).extracting(d -> new GeneratedHost.Expected(d.id(), d.profile().getKind(), d.parent(),
                d.profile().getDeviceApi(), d.profile().getMigrationType())).containsExactlyElementsOf(host.expectedDevices());
        assertThat(creatable(content)).isEqualTo(creatable(host));
    }

    /** Creatable candidates as "parent/type" to capacity. */
    private static Map<String, Integer> creatable(InventoryContent content) {
        Map<String, Integer> out = new TreeMap<>();
        for (Candidate c : content.creatable()) {
            out.put(c.id(), c.capacity());
        }
        return out;
    }

    private static Map<String, Integer> creatable(GeneratedHost host) {
        Map<String, Integer> out = new TreeMap<>();
        host.parents().forEach(p -> p.types().stream().filter(t -> t.available() > 0)
                .forEach(t -> out.put(p.address() + "/" + t.id(), t.available())));
        return out;
    }
}
