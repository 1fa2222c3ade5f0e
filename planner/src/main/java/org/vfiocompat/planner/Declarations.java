package org.vfiocompat.planner;

import java.util.List;
import java.util.Optional;
import org.vfiocompat.engine.PackPlanning;

/**
 * The packs' planning declarations, looked up by migration type: the pack whose namespace holds
 * the type speaks for it, and a type no pack owns gets the conservative defaults (no P2P, one
 * type per parent).
 */
final class Declarations {

    private final List<PackPlanning> packs;

    Declarations(List<PackPlanning> packs) {
        this.packs = List.copyOf(packs);
    }

    List<PackPlanning> packs() {
        return packs;
    }

    Optional<PackPlanning> owner(String type) {
        for (PackPlanning p : packs) {
            for (String ns : p.namespaces()) {
                if (type.startsWith(ns)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether devices of {@code type} support VFIO P2P migration, as their pack declares. */
    boolean p2p(String type) {
        return owner(type).map(p -> p.p2pTypes().stream().anyMatch(type::startsWith)).orElse(false);
    }

    /** The capacity rule for creatable {@code type}; empty means the conservative default. */
    Optional<PackPlanning.CapacityRule> capacity(String type) {
        return owner(type).flatMap(p -> p.capacity().stream().filter(c -> type.startsWith(c.typePrefix())).findFirst());
    }

    /** Every fact entry of the name {@code fact} that speaks for {@code type}. */
    Optional<PackPlanning.HostFact> fact(String fact, String type) {
        return owner(type).flatMap(p -> p.hostFacts().stream().filter(f -> f.name().equals(fact) && type.startsWith(f.typePrefix())).findFirst());
    }

    /** Whether any pack declares the host fact {@code fact}. */
    boolean knowsFact(String fact) {
        return packs.stream().flatMap(p -> p.hostFacts().stream()).anyMatch(f -> f.name().equals(fact));
    }
}
