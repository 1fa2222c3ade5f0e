package org.vfiocompat.engine.pack;

import org.vfiocompat.engine.derive.PackDerivation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.engine.trust.PackTrustCheck;
import org.vfiocompat.engine.trust.TrustGrants;
import org.vfiocompat.engine.trust.TrustPolicy;

/**
 * Reads packs' manifests without compiling their rules: what collectors need, in milliseconds
 * rather than the seconds a rule build takes. The manifest is checked exactly as
 * {@link PackLoader} checks it, so a manifest that reads here also loads there.
 */
public final class PackManifests {

    private PackManifests() {
    }

    /** As {@link #derivations(List, TrustPolicy)}, without signature checks. */
    public static List<PackDerivation> derivations(List<String> locations) {
        return derivations(locations, TrustPolicy.OFF);
    }

    /**
     * The manifests of every pack at {@code locations} (folders, archives, {@code classpath:}) (found as {@link PackLoader#loadAllOrThrow} finds
     * them), sorted by pack id, each with the PCI vendors it may claim. Signatures are checked as
     * {@code trust} says, exactly as loading checks them (the signature over the manifest, the key
     * bound to every namespace, every file with its hash): a collector that uses a pack's
     * {@code derive} entries with signatures required uses only packs their signers vouch for.
     *
     * @throws InvalidPackException with every problem of every manifest that does not read or is not trusted
     */
    public static List<PackDerivation> derivations(List<String> locations, TrustPolicy trust) {
        List<Problem> problems = new ArrayList<>();
        List<PackDerivation> usable = derivations(locations, trust, problems);
        if (!problems.isEmpty()) {
            throw new InvalidPackException(problems);
        }
        return usable;
    }

    /**
     * As {@link #derivations(List, TrustPolicy)}, for a collector that goes on without the packs
     * it cannot use (as an engine starts without the packs it refuses): the manifests that read
     * and are trusted, while every problem of the others is added to {@code refused}, in the
     * order found. A location that holds no pack stays an error, as it is for an engine.
     *
     * @throws InvalidPackException for a location that holds no pack (or cannot be read)
     */
    public static List<PackDerivation> derivations(List<String> locations, TrustPolicy trust, List<Problem> refused) {
        List<Problem> problems = refused;
        List<PackSource> sources = new ArrayList<>();
        List<Problem> unfound = new ArrayList<>();
        for (String location : locations) {
            sources.addAll(PackLoader.findPacks(location, unfound));
        }
        if (!unfound.isEmpty()) {
            throw new InvalidPackException(unfound);
        }
        Map<String, PackDerivation> byId = new TreeMap<>();
        for (PackSource source : sources) {
            String file = source.origin() + "/" + PackManifest.FILE_NAME;
            try {
                PackManifest[] manifest = new PackManifest[1];
                List<Problem> unread = new ArrayList<>();
                PackFiles files = source.read(bytes -> {
                    manifest[0] = JsonInput.read(bytes, file, PackManifest.class, PackProblems::new);
                    List<String> toRead = new ArrayList<>(manifest[0].files());
                    toRead.add(PackLoader.SIGNATURE_FILE);
                    return toRead;
                }, unread);
                PackManifest m = manifest[0];
                List<Problem> found = unread;
                TrustGrants grants = TrustGrants.NONE;
                if (found.isEmpty()) {
                    PackTrustCheck.Result trusted = PackLoader.trustCheck(m, files, trust);
                    found = new ArrayList<>(trusted.problems());
                    grants = trusted.grants();
                }
                if (found.isEmpty()) {
                    found = m.check(file, files);
                }
                if (found.isEmpty()) {
                    found = PackLoader.hardwareBinding(m, file, grants);
                }
                if (!found.isEmpty()) {
                    problems.addAll(found);
                } else if (byId.putIfAbsent(m.id(), new PackDerivation(m.id(), m.namespaces(), m.derive(),
                        PackLoader.allowedVendors(m, grants))) != null) {
                    problems.add(new Problem(ProblemCodes.PACK_DUPLICATE_ID, Location.pointer(file, "/id"), "pack id '" + m.id() + "' is used by two packs"));
                }
            } catch (PackProblems e) {
                problems.addAll(e.problems());
            }
        }
        List<PackDerivation> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(PackDerivation::packId));
        return List.copyOf(out);
    }

    /**
     * The {@code planning} section of a loaded pack's manifest (empty lists when it has none). The
     * manifest was checked when the pack loaded, so this reads it again from the pack's own
     * snapshot of its files and cannot fail on content.
     */
    public static org.vfiocompat.engine.PackPlanning planning(LoadedPack pack) {
        String file = pack.files().display(PackManifest.FILE_NAME);
        PackManifest m = JsonInput.read(pack.files().bytesShared(PackManifest.FILE_NAME), file, PackManifest.class, PackProblems::new);
        return m.planning().toPlanning(pack.id(), pack.namespaces());
    }
}
