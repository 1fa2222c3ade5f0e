package org.vfiocompat.engine.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.PackPlanning;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * A manifest's optional {@code planning} section, as read: which of the pack's types support P2P
 * migration, how creatable types share a parent, and which host facts its version strings carry.
 * Data only, bounded like {@code derive}; {@link #toPlanning} gives the public value.
 */
record PlanningDeclaration(
        @JsonProperty("p2p") List<String> p2p,
        @JsonProperty("capacity") List<Capacity> capacity,
        @JsonProperty("hostFacts") List<Fact> hostFacts) {

    /** Most entries of each list. */
    static final int MAX_ENTRIES = 64;
    private static final Pattern FACT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    PlanningDeclaration {
        p2p = p2p == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(p2p));
        capacity = capacity == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(capacity));
        hostFacts = hostFacts == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(hostFacts));
    }

    /** One {@code capacity} entry. */
    record Capacity(@JsonProperty(value = "typePrefix", required = true) String typePrefix,
                    @JsonProperty(value = "sharing", required = true) String sharing,
                    @JsonProperty("costAttribute") String costAttribute,
                    @JsonProperty("independentWhen") String independentWhen) {
    }

    /** One {@code hostFacts} entry. */
    record Fact(@JsonProperty(value = "name", required = true) String name,
                @JsonProperty(value = "typePrefix", required = true) String typePrefix,
                @JsonProperty(value = "separator", required = true) String separator,
                @JsonProperty(value = "field", required = true) int field) {
    }

    /** Every problem of the section, located by JSON pointer under {@code /planning} in {@code file}. */
    List<Problem> check(String file, List<String> namespaces) {
        List<Problem> problems = new ArrayList<>();
        String[] lists = {"p2p", "capacity", "hostFacts"};
        int[] sizes = {p2p.size(), capacity.size(), hostFacts.size()};
        for (int i = 0; i < lists.length; i++) {
            if (sizes[i] > MAX_ENTRIES) {
                problems.add(new Problem(ProblemCodes.PACK_LIMIT_EXCEEDED, Location.pointer(file, "/planning/" + lists[i]),
                        "at most " + MAX_ENTRIES + " entries, got " + sizes[i]));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        for (int i = 0; i < p2p.size(); i++) {
            prefix(file, "/planning/p2p/" + i, p2p.get(i), namespaces, problems);
        }
        for (int i = 0; i < capacity.size(); i++) {
            String at = "/planning/capacity/" + i;
            Capacity c = capacity.get(i);
            if (c == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at), "an entry must be an object, not null"));
                continue;
            }
            prefix(file, at + "/typePrefix", c.typePrefix(), namespaces, problems);
            PackPlanning.Sharing sharing = sharing(c.sharing());
            if (sharing == null) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/sharing"),
                        "must be one-type-per-parent, shared-budget or independent, got '" + c.sharing() + "'"));
                continue;
            }
            boolean budget = sharing == PackPlanning.Sharing.SHARED_BUDGET;
            if (budget != (c.costAttribute() != null)) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/costAttribute"),
                        budget ? "a shared budget needs the attribute that holds each type's cost" : "only a shared-budget entry has a costAttribute"));
            } else if (budget && !ATTRIBUTE.matcher(c.costAttribute()).matches()) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/costAttribute"), "must be an attribute name"));
            }
            if (c.independentWhen() != null && (sharing != PackPlanning.Sharing.ONE_TYPE_PER_PARENT
                    || !ATTRIBUTE.matcher(c.independentWhen()).matches())) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/independentWhen"),
                        "an attribute name, and only on a one-type-per-parent entry"));
            }
        }
        for (int i = 0; i < hostFacts.size(); i++) {
            String at = "/planning/hostFacts/" + i;
            Fact f = hostFacts.get(i);
            if (f == null) {
                problems.add(new Problem(ProblemCodes.JSON_NULL, Location.pointer(file, at), "an entry must be an object, not null"));
                continue;
            }
            if (f.name() == null || !FACT_NAME.matcher(f.name()).matches()) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/name"),
                        "a fact name starts with a lower-case letter and holds only lower-case letters, digits and dashes"));
            }
            prefix(file, at + "/typePrefix", f.typePrefix(), namespaces, problems);
            if (f.separator() == null || f.separator().isEmpty() || f.separator().length() > 8) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/separator"), "must be 1 to 8 characters"));
            }
            if (f.field() < 0 || f.field() > 63) {
                problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at + "/field"), "must be from 0 to 63, got " + f.field()));
            }
        }
        return problems;
    }

    /** The public value; call only on a section that passed {@link #check}. */
    PackPlanning toPlanning(String packId, List<String> namespaces) {
        List<PackPlanning.CapacityRule> rules = capacity.stream().map(c -> new PackPlanning.CapacityRule(c.typePrefix(), sharing(c.sharing()),
                c.costAttribute() == null ? "" : c.costAttribute(), c.independentWhen() == null ? "" : c.independentWhen())).toList();
        List<PackPlanning.HostFact> facts = hostFacts.stream().map(f -> new PackPlanning.HostFact(f.name(), f.typePrefix(), f.separator(), f.field())).toList();
        return new PackPlanning(packId, namespaces, p2p, rules, facts);
    }

    private static PackPlanning.Sharing sharing(String s) {
        if (s == null) {
            return null;
        }
        for (PackPlanning.Sharing v : PackPlanning.Sharing.values()) {
            if (v.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(s)) {
                return v;
            }
        }
        return null;
    }

    private static void prefix(String file, String at, String prefix, List<String> namespaces, List<Problem> problems) {
        if (prefix == null || prefix.length() < 3 || prefix.length() > 64) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at), "a type prefix of 3 to 64 characters"));
        } else if (namespaces.stream().noneMatch(ns -> ns != null && prefix.startsWith(ns))) {
            problems.add(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, at), "'" + prefix
                    + "' lies outside the pack's namespaces; a pack declares planning facts only for types it owns"));
        }
    }
}
