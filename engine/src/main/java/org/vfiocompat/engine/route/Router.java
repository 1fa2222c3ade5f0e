package org.vfiocompat.engine.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Level;
import org.vfiocompat.rules.Limit;

/**
 * Decides which pack judges a pair: the pack that owns the source's migration type. A target
 * whose type lies in another pack's namespace (or in none) is refused without running any
 * rule, unless the source's pack declares that namespace in {@code acceptsTargetsFrom}. A
 * source whose type no pack owns gets UNKNOWN: the engine never guesses. Enabled platform packs
 * judge every pair that reaches an owning pack and lies in their scope, besides that pack
 * ({@link #platformJudges}); the engine combines their verdicts with the owner's.
 */
public final class Router {

    /** Where a pair goes: to a pack for evaluation, or straight to a verdict. */
    public sealed interface Route permits Evaluate, Decided {
    }

    /**
     * Evaluate the pair with {@code pack}, which sees {@code source}, {@code target} and
     * {@code targetCreatable}: the pair reduced to the parts the pack reads (equal pairs for the
     * pack are equal here, so they share one cache entry).
     */
    public record Evaluate(LoadedPack pack, DeviceProfile source, DeviceProfile target, boolean targetCreatable)
            implements Route {
    }

    /** The pair needs no evaluation: the verdict is already known. */
    public record Decided(Verdict verdict) implements Route {
    }

    private final NamespaceTable table;
    private final List<LoadedPack> platform;

    /** Routing over {@code table}'s packs, with no platform pack judging. */
    public Router(NamespaceTable table) {
        this(table, List.of());
    }

    /**
     * @param platform the enabled platform packs, which judge every pair in their scope that
     *                 reaches an owning pack, besides it
     */
    public Router(NamespaceTable table, List<LoadedPack> platform) {
        this.table = table;
        this.platform = List.copyOf(platform);
    }

    /**
     * The platform packs that judge a pair routed to {@code Evaluate} with these profiles, each
     * with the pair as it sees it; empty when none is enabled or none covers the source's kind.
     */
    public List<Evaluate> platformJudges(DeviceProfile source, DeviceProfile target, boolean targetCreatable) {
        if (platform.isEmpty()) {
            return List.of();
        }
        List<Evaluate> out = new ArrayList<>(platform.size());
        for (LoadedPack p : platform) {
            if (p.platform().judges(source)) {
                out.add(evaluate(p, source, target, targetCreatable));
            }
        }
        return out;
    }

    /**
     * Whether a pair of these migration types can be found compatible at all: it reaches a pack
     * and the pack does not declare the types never compatible. When not, the verdict can only be
     * a refusal (NONE or UNKNOWN), so a batch skips whole candidate groups of such types.
     */
    public boolean mayBeCompatible(String sourceType, String targetType) {
        Optional<LoadedPack> owner = table.owner(sourceType);
        if (owner.isEmpty() || !owner.get().types().mayBeCompatible(sourceType, targetType)) {
            return false;
        }
        Optional<LoadedPack> targetOwner = table.owner(targetType);
        if (targetOwner.isPresent() && targetOwner.get() == owner.get()) {
            return true;
        }
        for (String ns : owner.get().acceptsTargetsFrom()) {
            if (targetType.startsWith(ns)) {
                return true;
            }
        }
        return false;
    }

    /** Where the pair goes; {@code targetCreatable}: the target is a configuration to create. */
    public Route route(DeviceProfile source, DeviceProfile target, boolean targetCreatable) {
        Optional<LoadedPack> owner = table.owner(source.getMigrationType());
        if (owner.isEmpty()) {
            return new Decided(Verdict.ofEngine(Level.UNKNOWN, Limit.TYPE,
                    "vfio-compat: no pack owns migration type " + source.getMigrationType(), "", "", ""));
        }
        LoadedPack pack = owner.get();
        Optional<LoadedPack> targetOwner = table.owner(target.getMigrationType());
        if (targetOwner.isPresent() && targetOwner.get() == pack) {
            return evaluate(pack, source, target, targetCreatable);
        }
        for (String ns : pack.acceptsTargetsFrom()) {
            if (target.getMigrationType().startsWith(ns)) {
                return evaluate(pack, source, target, targetCreatable);
            }
        }
        String whose = targetOwner.map(p -> "owned by pack " + p.id()).orElse("owned by no pack");
        return new Decided(Verdict.ofEngine(Level.NONE, Limit.TYPE,
                pack.vendor() + ": target type " + target.getMigrationType() + " lies outside the namespaces of pack "
                        + pack.id() + " (" + whose + ")", pack.id(), pack.version(), pack.digest()));
    }

    private static Evaluate evaluate(LoadedPack pack, DeviceProfile source, DeviceProfile target, boolean targetCreatable) {
        return new Evaluate(pack, pack.view().project(source), pack.view().project(target),
                pack.view().projectCreatable(targetCreatable));
    }

    /**
     * A source as the packs that would judge it see it: sources with equal keys get equal
     * verdicts against every target. The profile as its owning pack sees it; the profile itself
     * when no pack owns its type.
     */
    public Object sourceKey(DeviceProfile source) {
        Object owned = table.owner(source.getMigrationType()).map(p -> p.view().project(source)).orElse(source);
        if (platform.isEmpty()) {
            return owned;
        }
        List<Object> key = new ArrayList<>(platform.size() + 1);
        key.add(owned);
        for (LoadedPack p : platform) {
            key.add(p.platform().judges(source) ? p.view().project(source) : null);
        }
        return key;
    }

    /**
     * A target as the packs that would judge it for {@code source} see it, kind included:
     * targets with equal keys get equal verdicts for this source (and every source of equal key).
     */
    public Object targetKey(DeviceProfile source, DeviceProfile target, boolean targetCreatable) {
        record Seen(DeviceProfile target, boolean creatable) {
        }
        Optional<LoadedPack> owner = table.owner(source.getMigrationType());
        Seen owned = owner.isEmpty() ? new Seen(target, targetCreatable)
                : new Seen(owner.get().view().project(target), owner.get().view().projectCreatable(targetCreatable));
        if (platform.isEmpty()) {
            return owned;
        }
        List<Object> key = new ArrayList<>(platform.size() + 1);
        key.add(owned);
        for (LoadedPack p : platform) {
            key.add(p.platform().judges(source)
                    ? new Seen(p.view().project(target), p.view().projectCreatable(targetCreatable)) : null);
        }
        return key;
    }

    /**
     * {@code profile} as the pack owning {@code sourceType} sees it (the profile itself when no
     * pack owns the type): the public API's projection, for a batch spread over many machines.
     */
    public DeviceProfile seenBy(String sourceType, DeviceProfile profile) {
        return table.owner(sourceType).map(p -> p.view().project(profile)).orElse(profile);
    }
}
