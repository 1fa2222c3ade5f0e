package org.vfiocompat.engine.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.RefusedPack;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.engine.route.NamespaceTable;

/**
 * Which packs make the next pack set, from what a load gave (issue 13, class 7: one pack that
 * fails to load never takes the others down). Every pack that loaded is in, every refused one
 * is listed with its problems, and:
 * <ul>
 *   <li>a pack refused now that the current set holds (same id, same location) keeps its
 *       loaded version: a broken update never takes a working pack away, so a reload keeps the
 *       last good version of each pack; except when trust refused it (a key revoked or narrowed
 *       in the trust store must take effect);</li>
 *   <li>two packs claiming overlapping namespaces cannot both judge: a pack the current set
 *       already holds unchanged wins over one that is new or changed (a newcomer cannot push a
 *       loaded pack out by claiming its types), and when neither was held both are refused (no
 *       load order decides who owns a type). The loser falls back to its loaded version, if any;</li>
 *   <li>likewise for a pack id used twice: the pack at the location the current set holds it
 *       from keeps it, and the newcomer is refused.</li>
 * </ul>
 */
final class PackSelection {

    /** The packs of the next set, in load order, and the packs refused with why. */
    record Selected(List<LoadedPack> packs, List<RefusedPack> refused) {
        Selected {
            packs = List.copyOf(packs);
            refused = List.copyOf(refused);
        }
    }

    private PackSelection() {
    }

    private static boolean isDuplicateId(RefusedPack r) {
        return r.problems().stream().anyMatch(p -> p.code().equals(org.vfiocompat.engine.ProblemCodes.PACK_DUPLICATE_ID));
    }

    /**
     * @param entries  what the load found, in load order
     * @param previous the set in use now, or null for the first load
     */
    static Selected of(List<PackLoader.Entry> entries, PackSet previous) {
        Map<String, LoadedPack> before = new HashMap<>();
        Set<String> heldDigests = new HashSet<>();
        if (previous != null) {
            previous.packs().forEach(p -> before.put(p.id(), p));
            heldDigests.addAll(previous.digests());
        }
        Set<String> loadedIds = new HashSet<>();
        entries.stream().filter(e -> e.pack() != null).forEach(e -> loadedIds.add(e.pack().id()));
        List<LoadedPack> chosen = new ArrayList<>();
        List<RefusedPack> refused = new ArrayList<>();
        for (PackLoader.Entry e : entries) {
            if (e.pack() != null) {
                chosen.add(e.pack());
                continue;
            }
            RefusedPack r = e.refused();
            refused.add(r);
            LoadedPack last = before.get(r.id());
            if (isDuplicateId(r) && last != null && last.location().equals(r.location())) {
                // The id's owner in the current set lost only by load order to a newcomer with
                // its id: a newcomer cannot push a loaded pack out by taking its id, as it cannot
                // by claiming its types. The newcomer is refused and the owner keeps its version.
                for (int i = 0; i < chosen.size(); i++) {
                    LoadedPack newcomer = chosen.get(i);
                    if (newcomer.id().equals(r.id()) && !newcomer.location().equals(last.location())) {
                        chosen.remove(i);
                        // The duplicate problem names both places; it is the newcomer's refusal now.
                        refused.remove(r);
                        refused.add(new RefusedPack(newcomer.id(), newcomer.location(), newcomer.namespaces(), r.problems()));
                        loadedIds.remove(r.id());
                        break;
                    }
                }
            }
            // Not when trust refused it: the key that vouched for the loaded version may be
            // revoked or narrowed, and keeping that version would undo the operator's change.
            boolean trustRefused = r.problems().stream().anyMatch(p -> p.code().startsWith("trust."));
            if (last != null && !trustRefused && !loadedIds.contains(r.id()) && last.location().equals(r.location())) {
                chosen.add(last);
                loadedIds.add(r.id());
            }
        }
        // Each round refuses at least one pack and brings back only packs of the current set,
        // which never overlap one another: so this ends, after two rounds at most in practice.
        while (true) {
            List<NamespaceTable.Overlap> overlaps = NamespaceTable.overlaps(chosen);
            if (overlaps.isEmpty()) {
                return new Selected(chosen, refused);
            }
            Map<Integer, List<Problem>> losers = new TreeMap<>();
            for (NamespaceTable.Overlap o : overlaps) {
                boolean firstHeld = heldDigests.contains(chosen.get(o.first()).digest());
                boolean secondHeld = heldDigests.contains(chosen.get(o.second()).digest());
                if (!secondHeld || firstHeld == secondHeld) {
                    losers.computeIfAbsent(o.second(), i -> new ArrayList<>()).add(o.problemOf(chosen, o.second()));
                }
                if (!firstHeld || firstHeld == secondHeld) {
                    losers.computeIfAbsent(o.first(), i -> new ArrayList<>()).add(o.problemOf(chosen, o.first()));
                }
            }
            List<LoadedPack> next = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                LoadedPack p = chosen.get(i);
                List<Problem> why = losers.get(i);
                if (why == null) {
                    next.add(p);
                    continue;
                }
                refused.add(new RefusedPack(p.id(), p.location(), p.namespaces(), why));
                LoadedPack last = before.get(p.id());
                if (last != null && last != p && last.location().equals(p.location())) {
                    next.add(last);
                }
            }
            chosen = next;
        }
    }
}
