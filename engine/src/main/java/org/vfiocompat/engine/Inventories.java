package org.vfiocompat.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * Makes inventories from what hosts expose (see docs/inventory.md, "Where an inventory comes
 * from"). Packs have their say through their manifests only: which pack owns a type, and the
 * manifest's {@code derive} mapping for versions a driver does not expose. No pack is compiled.
 */
public final class Inventories {

    private Inventories() {
    }

    /**
     * Which VM uses which device: plain lists ({@code <device id> <vm>} per line) and libvirt
     * domain XML files or folders ({@code <hostdev>} elements).
     */
    public record Assignments(List<Path> lists, List<Path> domainXml) {

        public Assignments {
            lists = List.copyOf(lists);
            domainXml = List.copyOf(domainXml);
        }

        /** No assignment source: every device comes out free. */
        public static Assignments none() {
            return new Assignments(List.of(), List.of());
        }
    }

    /**
     * Whose packs a collector may take {@code derive} entries from: with {@code requireSignatures},
     * only packs signed by a key of {@code trustStore} trusted for every namespace they claim, each
     * file as signed (the same check loading does); with a trust store alone, signatures present
     * are checked and a key's {@code hardware} grant applies.
     *
     * A pack that cannot be used (its manifest does not read, it is not trusted, its id is taken)
     * fails the import with {@code strictPacks}; without it the import goes on with the other
     * packs and says, as a warning per problem, that the pack's derive entries were left out
     * (as an engine starts without the packs it refuses).
     *
     * @param trustStore        the trust store (a JSON file or a folder of them), or null
     * @param requireSignatures whether an unsigned pack is refused (needs a trust store)
     * @param strictPacks       whether a pack that cannot be used fails the import
     */
    public record PackTrust(Path trustStore, boolean requireSignatures, boolean strictPacks) {

        /** No trust store, signatures not required, a pack that cannot be used fails the import. */
        public static final PackTrust NONE = new PackTrust(null, false);

        /** A pack that cannot be used fails the import (the behaviour before {@code strictPacks} existed). */
        public PackTrust(Path trustStore, boolean requireSignatures) {
            this(trustStore, requireSignatures, true);
        }
    }

    /**
     * Scans a sysfs tree ({@code /sys}, or a copy) for host {@code host}, checking the packs' signatures as {@code trust} says.
     *
     * @param packRoots pack locations (folders, archives, classpath:) whose manifests decide ownership and derivation
     * @throws InvalidInventoryException for a malformed required value, naming its path
     * @throws InvalidPackException      for a pack manifest that does not read, or a pack {@code trust} refuses
     */
    public static ImportResult collect(Path sysfs, String host, List<String> packRoots, PackTrust trust, Assignments assigned) {
        return Implementation.provider().collect(sysfs, host, packRoots, trust, assigned);
    }

    /** As {@link #fromTools(String, Path, Path, List, List, Assignments)}, checking the packs' signatures as {@code trust} says. */
    public static ImportResult fromTools(String host, Path mdevctlTypes, Path mdevctlList, List<Path> nodedevXml,
                                         List<String> packRoots, PackTrust trust, Assignments assigned) {
        return Implementation.provider().fromTools(host, mdevctlTypes, mdevctlList, nodedevXml, packRoots, trust, assigned);
    }

    /** As {@link #fromRecorded(Path, String, List, Assignments)}, checking the packs' signatures as {@code trust} says. */
    public static ImportResult fromRecorded(Path dir, String host, List<String> packRoots, PackTrust trust, Assignments assigned) {
        return Implementation.provider().fromRecorded(dir, host, packRoots, trust, assigned);
    }

    /**
     * Scans a sysfs tree ({@code /sys}, or a copy) for host {@code host}.
     *
     * @param packRoots pack locations (folders, archives, classpath:) whose manifests decide ownership and derivation
     * @throws InvalidInventoryException for a malformed required value, naming its path
     * @throws InvalidPackException      for a pack manifest that does not read
     */
    public static ImportResult collect(Path sysfs, String host, List<String> packRoots, Assignments assigned) {
        return Implementation.provider().collect(sysfs, host, packRoots, PackTrust.NONE, assigned);
    }

    /**
     * Reads mdevctl's {@code types --dumpjson} and {@code list --dumpjson} output (either may be
     * null) and libvirt node-device XML (files or folders), all describing host {@code host}.
     */
    public static ImportResult fromTools(String host, Path mdevctlTypes, Path mdevctlList, List<Path> nodedevXml,
                                         List<String> packRoots, Assignments assigned) {
        return Implementation.provider().fromTools(host, mdevctlTypes, mdevctlList, nodedevXml, packRoots, PackTrust.NONE, assigned);
    }

    /**
     * Builds host {@code host}'s inventory from a folder of its tools' recorded output, each file
     * named after its command ({@code uname-r.txt}, {@code os-release}, {@code virsh-version.txt},
     * {@code nvidia-smi-q-x.xml}, {@code nvidia-smi-vgpu-q.txt}, {@code devlink-*.json},
     * {@code lspci-nn-D-vmm-k.txt}, {@code mdevctl-types.json}, {@code mdevctl-list.json},
     * {@code virsh-nodedev-dumpxml-*.xml}, {@code virsh-dumpxml-*.xml}) and a {@code sysfs/} copy.
     * Every source is optional; see docs/inventory.md, "Recorded tool output".
     *
     * @throws InvalidInventoryException for a source that is there but malformed, naming file and place
     * @throws InvalidPackException      for a pack manifest that does not read
     */
    public static ImportResult fromRecorded(Path dir, String host, List<String> packRoots, Assignments assigned) {
        return Implementation.provider().fromRecorded(dir, host, packRoots, PackTrust.NONE, assigned);
    }

    /**
     * Merges inventories into one fleet inventory.
     *
     * @throws InvalidInventoryException for a file that does not read, a host in two files, or an
     *                                   mdev UUID in two files; both files are named
     */
    public static ImportResult merge(List<Path> files) {
        return Implementation.provider().merge(files);
    }

}
