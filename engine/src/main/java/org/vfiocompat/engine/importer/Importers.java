package org.vfiocompat.engine.importer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vfiocompat.engine.Inventories;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.inventory.InventoryJson;
import org.vfiocompat.engine.inventory.InventoryReader;
import org.vfiocompat.engine.inventory.InventoryWriter;
import org.vfiocompat.engine.pack.PackManifests;
import org.vfiocompat.engine.trust.TrustPolicy;

/** The importers' one entry point, behind the public {@code Inventories}. */
public final class Importers {

    /** Entries read from one directory at most; the rest are a warning. */
    static final int MAX_DIRECTORY_ENTRIES = 100_000;

    private Importers() {
    }

    /**
     * An inventory as canonical JSON text, the warnings met making it, and the problems of the
     * packs whose manifests could not be used (unreadable, untrusted, a duplicate id): the
     * inventory was made with the other packs' derive entries, and the caller decides whether
     * such a refusal fails the import ({@code --strict-packs}) or is a warning.
     */
    public record Output(String json, List<Problem> warnings, List<Problem> refusedPacks) {

        public Output {
            warnings = List.copyOf(warnings);
            refusedPacks = List.copyOf(refusedPacks);
        }
    }

    public static Output collect(Path sysfs, String host, List<String> packRoots, Inventories.Assignments assigned) {
        return collect(sysfs, host, packRoots, TrustPolicy.OFF, assigned, MAX_DIRECTORY_ENTRIES);
    }

    /** As {@link #collect(Path, String, List, Inventories.Assignments)}, checking the packs' signatures as {@code trust} says. */
    public static Output collect(Path sysfs, String host, List<String> packRoots, TrustPolicy trust, Inventories.Assignments assigned) {
        return collect(sysfs, host, packRoots, trust, assigned, MAX_DIRECTORY_ENTRIES);
    }

    static Output collect(Path sysfs, String host, List<String> packRoots, Inventories.Assignments assigned, int maxEntries) {
        return collect(sysfs, host, packRoots, TrustPolicy.OFF, assigned, maxEntries);
    }

    static Output collect(Path sysfs, String host, List<String> packRoots, TrustPolicy trust, Inventories.Assignments assigned,
                          int maxEntries) {
        Warnings warnings = new Warnings();
        if (!java.nio.file.Files.isDirectory(sysfs)) {
            warnings.error(ProblemCodes.FILE_NOT_FOUND, Place.of(sysfs), "no such directory");
            warnings.throwErrors();
        }
        HostFacts facts = new SysfsScanner(sysfs, warnings, maxEntries).scan();
        return build(host, facts, packRoots, trust, assigned, warnings, Map.of());
    }

    /**
     * From the tools' output: mdevctl's {@code types} and {@code list} JSON (either may be null)
     * and libvirt node devices (files or folders), all about the one host {@code host}.
     */
    public static Output fromTools(String host, Path mdevctlTypes, Path mdevctlList, List<Path> nodedevs,
                                   List<String> packRoots, Inventories.Assignments assigned) {
        return fromTools(host, mdevctlTypes, mdevctlList, nodedevs, packRoots, TrustPolicy.OFF, assigned);
    }

    /** As above, checking the packs' signatures as {@code trust} says. */
    public static Output fromTools(String host, Path mdevctlTypes, Path mdevctlList, List<Path> nodedevs,
                                   List<String> packRoots, TrustPolicy trust, Inventories.Assignments assigned) {
        Warnings warnings = new Warnings();
        HostFacts facts = new HostFacts();
        MdevctlReader mdevctl = new MdevctlReader(warnings);
        if (mdevctlTypes != null) {
            mdevctl.readTypes(mdevctlTypes, facts);
        }
        NodedevReader nodedev = new NodedevReader(warnings);
        for (Path p : nodedevs) {
            nodedev.read(p, facts);
        }
        if (mdevctlList != null) {
            mdevctl.readList(mdevctlList, facts);
        }
        return build(host, facts, packRoots, trust, assigned, warnings, Map.of());
    }

    /** From a folder of recorded tool output (see {@link RecordedHost}). */
    public static Output fromRecorded(Path dir, String host, List<String> packRoots, Inventories.Assignments assigned) {
        return fromRecorded(dir, host, packRoots, TrustPolicy.OFF, assigned);
    }

    /** As above, checking the packs' signatures as {@code trust} says. */
    public static Output fromRecorded(Path dir, String host, List<String> packRoots, TrustPolicy trust,
                                      Inventories.Assignments assigned) {
        Warnings warnings = new Warnings();
        if (!java.nio.file.Files.isDirectory(dir)) {
            warnings.error(ProblemCodes.FILE_NOT_FOUND, Place.of(dir), "no such directory");
            warnings.throwErrors();
        }
        RecordedHost recorded = new RecordedHost(dir, warnings, MAX_DIRECTORY_ENTRIES);
        HostFacts facts = recorded.read();
        List<Path> domains = new java.util.ArrayList<>(assigned.domainXml());
        domains.addAll(recorded.domainXml());
        return build(host, facts, packRoots, trust, new Inventories.Assignments(assigned.lists(), domains), warnings,
                recorded.assignments());
    }

    public static Output merge(List<Path> files) {
        InventoryJson merged = InventoryMerger.merge(files);
        return checked(merged, new Warnings(), List.of());
    }

    /** {@code fallback}: VMs by device from a source of lower rank (nvidia-smi), used where no assignment source names the device. */
    private static Output build(String host, HostFacts facts, List<String> packRoots, TrustPolicy trust,
                                Inventories.Assignments assigned, Warnings warnings, Map<String, String> fallback) {
        AssignmentReader assignments = new AssignmentReader(warnings);
        assigned.lists().forEach(assignments::readList);
        assigned.domainXml().forEach(assignments::readDomains);
        warnings.throwErrors();
        List<Problem> refusedPacks = new java.util.ArrayList<>();
        Derivations derivations = new Derivations(PackManifests.derivations(packRoots, trust, refusedPacks));
        Map<String, String> vms = new java.util.HashMap<>(assignments.map());
        fallback.forEach(vms::putIfAbsent);
        InventoryBuilder builder = new InventoryBuilder(derivations, warnings);
        InventoryJson inventory = new InventoryJson(InventoryJson.CURRENT_VERSION, List.of(builder.host(host, facts, vms)));
        try {
            return checked(inventory, warnings, refusedPacks);
        } catch (InvalidInventoryException e) {
            throw new InvalidInventoryException(e.problems().stream().map(p -> traced(p, inventory, builder)).toList());
        }
    }

    /**
     * A problem the reader found in what was about to be written, moved to the input the value
     * came from (the sysfs folder, the XML element, the JSON pointer of the tool's output), so
     * that the user is sent to the file to look at rather than to a file that was never written.
     * A problem about no parent, type or device (none so far) stays where it was.
     */
    static Problem traced(Problem p, InventoryJson inventory, InventoryBuilder builder) {
        String pointer = p.location().pointer().orElse("");
        String[] steps = pointer.split("/", -1);
        Object at = inventory;
        Place place = null;
        int rest = steps.length;
        for (int i = 1; i + 1 < steps.length && at != null; i += 2) {
            List<?> list = switch (steps[i]) {
                case "hosts" -> at instanceof InventoryJson inv ? inv.hosts() : null;
                case "devices" -> at instanceof InventoryJson.HostJson h ? h.devices() : null;
                case "mdevParents" -> at instanceof InventoryJson.HostJson h ? h.mdevParents() : null;
                case "types" -> at instanceof InventoryJson.ParentJson parent ? parent.types() : null;
                default -> null;
            };
            int index = index(steps[i + 1]);
            if (list == null || index < 0 || index >= list.size()) {
                break;
            }
            at = list.get(index);
            if (builder.placeOf(at) != null) {
                place = builder.placeOf(at);
                rest = i + 2;
            }
        }
        if (place == null) {
            return p;
        }
        String field = String.join("/", java.util.Arrays.asList(steps).subList(rest, steps.length));
        return place.problem(p.code(), "refused in the inventory" + (field.isEmpty() ? "" : " at " + field) + ": " + p.message());
    }

    private static int index(String step) {
        try {
            return Integer.parseInt(step);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Checks what is about to be written as the reader would check it, so every output reads back. */
    private static Output checked(InventoryJson inventory, Warnings warnings, List<Problem> refusedPacks) {
        InventoryReader.check(inventory, "(the inventory being written)");
        return new Output(InventoryWriter.write(inventory), warnings.list(), refusedPacks);
    }
}
