package org.vfiocompat.engine.route;

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
 * source whose type no pack owns gets UNKNOWN: the engine never guesses.
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

    public Router(NamespaceTable table) {
        this.table = table;
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
        return table.owner(source.getMigrationType()).map(p -> p.view().project(source)).orElse(source);
    }

    /**
     * A target as the packs that would judge it for {@code source} see it, kind included:
     * targets with equal keys get equal verdicts for this source (and every source of equal key).
     */
    public Object targetKey(DeviceProfile source, DeviceProfile target, boolean targetCreatable) {
        record Seen(DeviceProfile target, boolean creatable) {
        }
        Optional<LoadedPack> owner = table.owner(source.getMigrationType());
        return owner.isEmpty() ? new Seen(target, targetCreatable)
                : new Seen(owner.get().view().project(target), owner.get().view().projectCreatable(targetCreatable));
    }
}
