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

/**
 * Reads packs' manifests without compiling their rules: what collectors need, in milliseconds
 * rather than the seconds a rule build takes. The manifest is checked exactly as
 * {@link PackLoader} checks it, so a manifest that reads here also loads there.
 */
public final class PackManifests {

    private PackManifests() {
    }

    /**
     * The manifests of every pack at {@code locations} (folders, archives, {@code classpath:}) (found as {@link PackLoader#loadAllOrThrow} finds
     * them), sorted by pack id.
     *
     * @throws InvalidPackException with every problem of every manifest that does not read
     */
    public static List<PackDerivation> derivations(List<String> locations) {
        List<Problem> problems = new ArrayList<>();
        List<PackSource> sources = new ArrayList<>();
        for (String location : locations) {
            sources.addAll(PackLoader.findPacks(location, problems));
        }
        Map<String, PackDerivation> byId = new TreeMap<>();
        for (PackSource source : sources) {
            String file = source.origin() + "/" + PackManifest.FILE_NAME;
            try {
                PackManifest[] manifest = new PackManifest[1];
                List<Problem> unread = new ArrayList<>();
                PackFiles files = source.read(bytes -> {
                    manifest[0] = JsonInput.read(bytes, file, PackManifest.class, PackProblems::new);
                    return manifest[0].files();
                }, unread);
                PackManifest m = manifest[0];
                List<Problem> found = unread.isEmpty() ? m.check(file, files) : unread;
                if (!found.isEmpty()) {
                    problems.addAll(found);
                } else if (byId.putIfAbsent(m.id(), new PackDerivation(m.id(), m.namespaces(), m.derive())) != null) {
                    problems.add(new Problem(ProblemCodes.PACK_DUPLICATE_ID, Location.pointer(file, "/id"), "pack id '" + m.id() + "' is used by two packs"));
                }
            } catch (PackProblems e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPackException(problems);
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
