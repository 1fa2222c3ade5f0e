package org.vfiocompat.engine;

import java.util.List;
import java.util.Objects;

/**
 * What a pack declares for planning whole VMs (its manifest's {@code planning} section): facts
 * only the vendor knows and that no pair verdict carries. Declarative data, read from the
 * manifest; no pack code runs to produce it.
 *
 * @param packId     the pack that declares it
 * @param namespaces the pack's namespaces: the types these declarations may speak for
 * @param p2pTypes   type prefixes whose devices support VFIO P2P migration (the driver sets
 *                   {@code VFIO_MIGRATION_P2P}); QEMU migrates a VM with more than one VFIO device
 *                   only when every one of them does. A type listed nowhere has no P2P.
 * @param capacity   how creating one type affects the others on the same parent, first match wins
 * @param hostFacts  the host facts the pack's version strings carry, which an upgrade what-if may change
 */
public record PackPlanning(String packId, List<String> namespaces, List<String> p2pTypes,
                           List<CapacityRule> capacity, List<HostFact> hostFacts) {

    public PackPlanning {
        Objects.requireNonNull(packId, "packId");
        namespaces = List.copyOf(namespaces);
        p2pTypes = List.copyOf(p2pTypes);
        capacity = List.copyOf(capacity);
        hostFacts = List.copyOf(hostFacts);
    }

    /** How the creatable types of one parent share it. */
    public enum Sharing {
        /** One type per parent per plan, each at most its {@code availableInstances}: NVIDIA time-sliced vGPUs, and the rule for types no pack declares. */
        ONE_TYPE_PER_PARENT,
        /** Every type takes from one budget of the parent, each instance costing its type's cost attribute: GVT-g. */
        SHARED_BUDGET,
        /** Each type on its own, at most its {@code availableInstances} (NVIDIA heterogeneous mode). */
        INDEPENDENT
    }

    /**
     * A capacity declaration for the creatable types starting with {@code typePrefix}.
     *
     * @param typePrefix      the types it speaks for, inside the pack's namespaces
     * @param sharing         how the parent's types share it
     * @param costAttribute   {@link Sharing#SHARED_BUDGET}: the type attribute holding one instance's cost (a positive integer)
     * @param independentWhen {@link Sharing#ONE_TYPE_PER_PARENT}: a type attribute that, when {@code true},
     *                        makes the parent's types {@link Sharing#INDEPENDENT} (heterogeneous mode); {@code ""} for none
     */
    public record CapacityRule(String typePrefix, Sharing sharing, String costAttribute, String independentWhen) {
        public CapacityRule {
            Objects.requireNonNull(typePrefix, "typePrefix");
            Objects.requireNonNull(sharing, "sharing");
            Objects.requireNonNull(costAttribute, "costAttribute");
            Objects.requireNonNull(independentWhen, "independentWhen");
        }
    }

    /**
     * A host fact carried in the version strings of the types starting with {@code typePrefix}:
     * field {@code field} (from 0) of the version split at {@code separator}. Changing the fact
     * on a host rewrites that field of every such device and creatable type on the host.
     *
     * @param name       the fact's name, as {@code upgrade --set host.NAME=value} names it
     * @param typePrefix the types whose version carries it
     * @param separator  what separates the version's fields
     * @param field      which field holds the fact
     */
    public record HostFact(String name, String typePrefix, String separator, int field) {
        public HostFact {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(typePrefix, "typePrefix");
            Objects.requireNonNull(separator, "separator");
        }
    }
}
