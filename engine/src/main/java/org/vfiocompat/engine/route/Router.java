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

    /** Evaluate the pair with {@code pack}. */
    public record Evaluate(LoadedPack pack) implements Route {
    }

    /** The pair needs no evaluation: the verdict is already known. */
    public record Decided(Verdict verdict) implements Route {
    }

    private final NamespaceTable table;

    public Router(NamespaceTable table) {
        this.table = table;
    }

    /**
     * Whether a pair of these migration types would be evaluated by a pack at all; when not,
     * the route alone refuses it (NONE or UNKNOWN). Lets a batch skip whole candidate groups.
     */
    public boolean evaluates(String sourceType, String targetType) {
        Optional<LoadedPack> owner = table.owner(sourceType);
        if (owner.isEmpty()) {
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

    public Route route(DeviceProfile source, DeviceProfile target) {
        Optional<LoadedPack> owner = table.owner(source.getMigrationType());
        if (owner.isEmpty()) {
            return new Decided(Verdict.ofEngine(Level.UNKNOWN, Limit.TYPE,
                    "vfio-compat: no pack owns migration type " + source.getMigrationType(), "", "", ""));
        }
        LoadedPack pack = owner.get();
        Optional<LoadedPack> targetOwner = table.owner(target.getMigrationType());
        if (targetOwner.isPresent() && targetOwner.get() == pack) {
            return new Evaluate(pack);
        }
        for (String ns : pack.acceptsTargetsFrom()) {
            if (target.getMigrationType().startsWith(ns)) {
                return new Evaluate(pack);
            }
        }
        String whose = targetOwner.map(p -> "owned by pack " + p.id()).orElse("owned by no pack");
        return new Decided(Verdict.ofEngine(Level.NONE, Limit.TYPE,
                pack.vendor() + ": target type " + target.getMigrationType() + " lies outside the namespaces of pack "
                        + pack.id() + " (" + whose + ")", pack.id(), pack.version(), pack.digest()));
    }
}
