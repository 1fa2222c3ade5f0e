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

    /**
     * The table for {@code packs}; overlapping claims are an error naming both packs. Near-linear
     * in the number of namespaces (issue 13, class 8: two packs of 100,000 namespaces took 219 s
     * pairwise): in sorted order, the namespaces that are prefixes of one are exactly those on a
     * stack of the open prefixes before it, so each overlap is found once, by a sort and a scan.
     */
    public static NamespaceTable of(List<LoadedPack> packs) {
        List<Overlap> overlaps = overlaps(packs);
        if (!overlaps.isEmpty()) {
            throw new InvalidPackException(overlaps.stream().map(o -> o.problemOf(packs, o.first())).toList());
        }
        return new NamespaceTable(packs);
    }

    /**
     * Two packs claim overlapping namespaces: pack {@code first} (an index into the list checked)
     * its {@code firstNamespace}, and pack {@code second}, a later one, its {@code secondNamespace}.
     */
    public record Overlap(int first, String firstNamespace, int second, String secondNamespace) {

        /** The overlap as a problem of pack {@code side} (first or second), in its manifest, naming the other pack. */
        public Problem problemOf(List<LoadedPack> packs, int side) {
            boolean isFirst = side == first;
            LoadedPack self = packs.get(isFirst ? first : second);
            LoadedPack other = packs.get(isFirst ? second : first);
            return new Problem(ProblemCodes.PACK_NAMESPACE_OVERLAP, Location.pointer(self.files().display("pack.json"), "/namespaces"),
                    "namespace '" + (isFirst ? firstNamespace : secondNamespace) + "' of pack " + self.id() + " overlaps namespace '"
                            + (isFirst ? secondNamespace : firstNamespace) + "' of pack " + other.id() + " ("
                            + other.files().display("pack.json") + ")");
        }
    }

    /** Every overlap between the namespaces of {@code packs}, by first pack, second pack, then each one's order. */
    public static List<Overlap> overlaps(List<LoadedPack> packs) {
        List<Claim> claims = new ArrayList<>();
        for (int p = 0; p < packs.size(); p++) {
            List<String> namespaces = packs.get(p).namespaces();
            for (int n = 0; n < namespaces.size(); n++) {
                claims.add(new Claim(namespaces.get(n), p, n));
            }
        }
        claims.sort(java.util.Comparator.comparing(Claim::namespace).thenComparingInt(Claim::pack).thenComparingInt(Claim::index));
        List<Claim[]> overlaps = new ArrayList<>();
        java.util.ArrayDeque<Claim> open = new java.util.ArrayDeque<>();
        for (Claim c : claims) {
            while (!open.isEmpty() && !c.namespace().startsWith(open.peek().namespace())) {
                open.pop();
            }
            for (Claim prefix : open) {
                if (prefix.pack() != c.pack()) {
                    overlaps.add(prefix.pack() < c.pack() ? new Claim[] {prefix, c} : new Claim[] {c, prefix});
                }
            }
            open.push(c);
        }
        // Reported as the pairwise check did: by first pack, second pack, then each one's order.
        overlaps.sort(java.util.Comparator.<Claim[]>comparingInt(o -> o[0].pack()).thenComparingInt(o -> o[1].pack())
                .thenComparingInt(o -> o[0].index()).thenComparingInt(o -> o[1].index()));
        List<Overlap> out = new ArrayList<>();
        for (Claim[] o : overlaps) {
            out.add(new Overlap(o[0].pack(), o[0].namespace(), o[1].pack(), o[1].namespace()));
        }
        return out;
    }

    /** Namespace {@code index} of pack {@code pack}. */
    private record Claim(String namespace, int pack, int index) {
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
}
