package org.vfiocompat.engine.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.pack.LoadedPack;

/**
 * Which pack owns which migration type. Namespaces are type prefixes; no two packs may claim
 * overlapping prefixes (one a prefix of the other), so every type has at most one owner and
 * routing never depends on load order.
 */
public final class NamespaceTable {

    private final List<LoadedPack> packs;
    private final Map<String, Optional<LoadedPack>> ownerByType = new ConcurrentHashMap<>();

    private NamespaceTable(List<LoadedPack> packs) {
        this.packs = List.copyOf(packs);
    }

    /** The table for {@code packs}; overlapping claims are an error naming both packs. */
    public static NamespaceTable of(List<LoadedPack> packs) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < packs.size(); i++) {
            for (int j = i + 1; j < packs.size(); j++) {
                checkOverlap(packs.get(i), packs.get(j), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPackException(problems);
        }
        return new NamespaceTable(packs);
    }

    /** The pack whose namespace holds {@code migrationType}, if any. */
    public Optional<LoadedPack> owner(String migrationType) {
        return ownerByType.computeIfAbsent(migrationType, this::findOwner);
    }

    private Optional<LoadedPack> findOwner(String migrationType) {
        for (LoadedPack pack : packs) {
            if (pack.owns(migrationType)) {
                return Optional.of(pack);
            }
        }
        return Optional.empty();
    }

    private static void checkOverlap(LoadedPack a, LoadedPack b, List<Problem> problems) {
        for (String x : a.namespaces()) {
            for (String y : b.namespaces()) {
                if (x.startsWith(y) || y.startsWith(x)) {
                    problems.add(new Problem(ProblemCodes.PACK_NAMESPACE_OVERLAP, Location.pointer(a.files().display("pack.json"), "/namespaces"),
                            "namespace '" + x + "' of pack " + a.id() + " overlaps namespace '" + y
                                    + "' of pack " + b.id() + " (" + b.files().display("pack.json") + ")"));
                }
            }
        }
    }
}
