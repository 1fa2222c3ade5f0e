package org.vfiocompat.engine.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Which migration types can ever be compatible, from the manifest's {@code compatibleTypes}:
 * <pre>
 * "compatibleTypes": [
 *   {"source": "i915-GVTg_V5_1", "targets": ["=", "vfio-pci:8086:"]},
 *   {"source": "i915-GVTg_",     "targets": ["="]}
 * ]
 * </pre>
 * A pair may be compatible only when an entry's {@code source} is a prefix of the source type and
 * one of its {@code targets} is a prefix of the target type, or is {@code "="} and the two types
 * are equal. Every other pair the pack judges is NONE on type alone.
 *
 * <p>Why a pack says so: most pairs of a fleet differ in type, and a batch that knows they can
 * only be refused skips them without running a rule. The declaration binds the pack: should its
 * rules ever find such a pair LIVE or COLD, the engine answers NONE (see
 * {@link #contradiction}), so a batch that skips the pair and a check that evaluates it always
 * agree. The pack's own rules still run for {@code check} and {@code rank}, so refusals keep
 * their typed reasons.
 *
 * <p>A manifest without {@code compatibleTypes} declares nothing: every pair may be compatible.
 */
public final class TypeCompatibility {

    /** One entry of {@code compatibleTypes} as JSON; public for the worker protocol, which carries the checked entries. */
    public record Entry(@JsonProperty(value = "source", required = true) String source,
                 @JsonProperty(value = "targets", required = true) List<String> targets) {
    }

    static final TypeCompatibility ANY = new TypeCompatibility(null);
    static final String SAME = "=";
    private static final int MAX_ENTRIES = 1024;

    private final List<Entry> entries;

    private TypeCompatibility(List<Entry> entries) {
        this.entries = entries == null ? null : List.copyOf(entries);
    }

    /**
     * The declaration in {@code entries} (null: none), or problems located by JSON pointer. Every
     * prefix must lie in one of the pack's own namespaces (sources) or in those it owns or
     * accepts targets from (targets).
     */
    static TypeCompatibility of(List<Entry> entries, List<String> namespaces, List<String> acceptsTargetsFrom,
                                String file, List<Problem> problems) {
        if (entries == null) {
            return ANY;
        }
        if (entries.size() > MAX_ENTRIES) {
            problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.pointer(file, "/compatibleTypes"), "at most " + MAX_ENTRIES + " entries"));
            return ANY;
        }
        List<String> judged = new ArrayList<>(namespaces);
        judged.addAll(acceptsTargetsFrom);
        int before = problems.size();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String at = "/compatibleTypes/" + i;
            if (e == null || e.source() == null || e.targets() == null) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at), "needs a source (a type prefix) and targets (a list)"));
                continue;
            }
            if (!within(e.source(), namespaces)) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/source"), "'" + e.source()
                        + "' lies in none of the pack's namespaces " + namespaces));
            }
            if (e.targets().isEmpty()) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/targets"), "list at least one target prefix, or \"=\""));
            }
            for (int j = 0; j < e.targets().size(); j++) {
                String t = e.targets().get(j);
                if (t == null || !(t.equals(SAME) || within(t, judged))) {
                    problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/targets/" + j), "'" + t + "' is neither \"=\" nor a type prefix"
                            + " in the namespaces the pack judges " + judged));
                }
            }
        }
        return problems.size() == before ? new TypeCompatibility(entries) : ANY;
    }

    /** The declaration as it was checked: what {@link #declared} makes it again in a worker JVM; null when there is none. */
    List<Entry> entries() {
        return entries;
    }

    /** The declaration of {@code entries}, checked already where they were read ({@link #of}). */
    static TypeCompatibility declared(List<Entry> entries) {
        return new TypeCompatibility(entries);
    }

    /** Whether {@code prefix} names types inside one of {@code namespaces} (it may be longer or shorter). */
    private static boolean within(String prefix, List<String> namespaces) {
        if (prefix.isEmpty()) {
            return false;
        }
        for (String ns : namespaces) {
            if (prefix.startsWith(ns) || ns.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a pair of these types may be compatible at all. */
    public boolean mayBeCompatible(String sourceType, String targetType) {
        if (entries == null) {
            return true;
        }
        for (Entry e : entries) {
            if (!sourceType.startsWith(e.source())) {
                continue;
            }
            for (String t : e.targets()) {
                if (t.equals(SAME) ? sourceType.equals(targetType) : targetType.startsWith(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The reason of a verdict the declaration overrules. */
    public static String contradiction(String vendor, String packId, String sourceType, String targetType) {
        return vendor + ": pack " + packId + " declares type " + sourceType + " never compatible with "
                + targetType + " (compatibleTypes in pack.json), though its rules found the pair compatible";
    }
}
