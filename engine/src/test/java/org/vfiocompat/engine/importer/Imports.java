package org.vfiocompat.engine.importer;

import org.vfiocompat.engine.Inventories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vfiocompat.engine.inventory.InventoryContent;
import org.vfiocompat.engine.inventory.InventoryJson;
import org.vfiocompat.engine.inventory.InventoryReader;

/** Test helpers: the example files, the bundled packs, and reading an import's output back strictly. */
final class Imports {

    static final Path ROOT = locateRoot();
    static final Path FORMATS = ROOT.resolve("engine/src/test/resources/formats");
    static final Path SYSFS = FORMATS.resolve("sysfs-example");
    static final List<String> PACKS = List.of(ROOT.resolve("vendor-packs").toString());
    static final Inventories.Assignments NONE = new Inventories.Assignments(List.of(), List.of());

    private Imports() {
    }

    /** The output read back by the project's strict reader, as the JSON records. */
    static InventoryJson json(Importers.Output out) {
        Path file = write(out);
        InventoryJson json = InventoryReader.readJson(file, "output.json");
        InventoryReader.check(json, "output.json");
        return json;
    }

    /** The output read back by the project's strict reader, as the engine sees it. */
    static InventoryContent content(Importers.Output out) {
        return InventoryReader.read(write(out), "output.json");
    }

    private static Path write(Importers.Output out) {
        try {
            Path file = Files.createTempFile("inventory", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, out.json());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InventoryJson.HostJson onlyHost(InventoryJson json) {
        if (json.hosts().size() != 1) {
            throw new AssertionError("expected one host, got " + json.hosts().size());
        }
        return json.hosts().get(0);
    }

    static InventoryJson.DeviceJson device(InventoryJson.HostJson host, String id) {
        return host.devices().stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no device " + id));
    }

    static InventoryJson.ParentJson parent(InventoryJson.HostJson host, String id) {
        return host.mdevParents().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no parent " + id));
    }

    static InventoryJson.TypeJson type(InventoryJson.ParentJson parent, String id) {
        return parent.types().stream().filter(t -> t.migrationType().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no type " + id));
    }

    private static Path locateRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("vendor-packs")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
}
