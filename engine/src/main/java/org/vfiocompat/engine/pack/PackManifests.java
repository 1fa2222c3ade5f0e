package org.vfiocompat.engine.pack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Problem;
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
     * The manifests of every pack under {@code roots} (found as {@link PackLoader#loadAll} finds
     * them), sorted by pack id.
     *
     * @throws InvalidPackException with every problem of every manifest that does not read
     */
    public static List<PackDerivation> derivations(List<Path> roots) {
        List<Problem> problems = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (Path root : roots) {
            dirs.addAll(PackLoader.findPacks(root, problems));
        }
        Map<String, PackDerivation> byId = new TreeMap<>();
        for (Path dir : dirs) {
            Path file = dir.resolve(PackManifest.FILE_NAME);
            try {
                PackManifest m = JsonInput.read(file, file.toString(), PackManifest.class, PackProblems::new);
                List<Problem> found = m.check(file.toString(), dir);
                if (!found.isEmpty()) {
                    problems.addAll(found);
                } else if (byId.putIfAbsent(m.id(), new PackDerivation(m.id(), m.namespaces(), m.derive())) != null) {
                    problems.add(new Problem(file.toString(), "/id", "pack id '" + m.id() + "' is used by two packs"));
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
}
