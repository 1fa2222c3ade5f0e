package org.vfiocompat.engine.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.ProfileView;
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
    private final Map<String, String> refusedNamespaces;
    private final List<String> failClosed;

    /** Routing over {@code table}'s packs, with no platform pack judging. */
    public Router(NamespaceTable table) {
        this(table, List.of());
    }

    /**
     * @param platform the enabled platform packs, which judge every pair in their scope that
     *                 reaches an owning pack, besides it
     */
    public Router(NamespaceTable table, List<LoadedPack> platform) {
        this(table, platform, Map.of(), List.of());
    }

    /**
     * @param platform          the enabled platform packs, which judge every pair in their scope
     *                          that reaches an owning pack, besides it
     * @param refusedNamespaces the namespaces of packs that were refused at load, each with the
     *                          reason a source of its types is UNKNOWN for (when no loaded pack owns
     *                          the type): the engine says which pack is missing rather than that none
     *                          owns the type, and never answers LIVE for it
     * @param failClosed        reasons, one per platform pack enabled but refused at load: each
     *                          pair that reaches an owning pack is UNKNOWN for the first
     */
    public Router(NamespaceTable table, List<LoadedPack> platform, Map<String, String> refusedNamespaces,
                  List<String> failClosed) {
        this.table = table;
        this.platform = List.copyOf(platform);
        this.refusedNamespaces = Map.copyOf(refusedNamespaces);
        this.failClosed = List.copyOf(failClosed);
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
     * The packs that judge pairs with a source like {@code source}: the owner of its type and
     * the enabled platform packs covering it; empty when no pack owns it.
     */
    public List<LoadedPack> packsJudging(DeviceProfile source) {
        Optional<LoadedPack> owner = table.owner(source.getMigrationType());
        if (owner.isEmpty() || !failClosed.isEmpty()) {
            return List.of();
        }
        List<LoadedPack> out = new ArrayList<>(1 + platform.size());
        out.add(owner.get());
        for (LoadedPack p : platform) {
            if (p.platform().judges(source)) {
                out.add(p);
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
        if (owner.isEmpty() || !failClosed.isEmpty() || !owner.get().types().mayBeCompatible(sourceType, targetType)) {
            return false;
        }
        Optional<LoadedPack> targetOwner = table.owner(targetType);
        if (targetOwner.isPresent() && targetOwner.get() == owner.get()) {
            return true;
        }
        return accepts(owner.get(), targetType, targetOwner);
    }

    /**
     * Whether {@code pack} judges a target of {@code targetType}, owned by {@code targetOwner},
     * through its {@code acceptsTargetsFrom} (issue 13, class 9: 3-character prefixes claimed LIVE
     * onto every vendor's devices). An entry covering the type counts only when
     * <ul>
     *   <li>no pack owns the type (nor a refused one claims it): nobody's devices to protect; or</li>
     *   <li>the entry lies inside one of the owner's namespaces (a whole namespace or part of one,
     *       never a prefix spanning several), and the owner consents, its manifest listing this
     *       pack in {@code targetsJudgedBy}, or the operator's trust store grants the entry to the
     *       key that signed this pack.</li>
     * </ul>
     */
    private boolean accepts(LoadedPack pack, String targetType, Optional<LoadedPack> targetOwner) {
        for (String ns : pack.acceptsTargetsFrom()) {
            if (!targetType.startsWith(ns)) {
                continue;
            }
            if (targetOwner.isEmpty()) {
                if (refusedOwner(targetType).isEmpty()) {
                    return true;
                }
                continue;
            }
            LoadedPack owner = targetOwner.get();
            boolean inside = owner.namespaces().stream().anyMatch(ns::startsWith);
            if (inside && (owner.targetsJudgedBy().contains(pack.id()) || pack.grants().grantsTargets(ns))) {
                return true;
            }
        }
        return false;
    }

    /** Where the pair goes; {@code targetCreatable}: the target is a configuration to create. */
    public Route route(DeviceProfile source, DeviceProfile target, boolean targetCreatable) {
        Optional<LoadedPack> owner = table.owner(source.getMigrationType());
        if (owner.isEmpty()) {
            return new Decided(Verdict.ofEngine(Level.UNKNOWN, Limit.TYPE, refusedOwner(source.getMigrationType())
                    .orElse("vfio-compat: no pack owns migration type " + source.getMigrationType()), "", "", ""));
        }
        LoadedPack pack = owner.get();
        if (!failClosed.isEmpty()) {
            return new Decided(Verdict.ofEngine(Level.UNKNOWN, Limit.TYPE, failClosed.get(0), "", "", ""));
        }
        Optional<LoadedPack> targetOwner = table.owner(target.getMigrationType());
        if (targetOwner.isPresent() && targetOwner.get() == pack) {
            return evaluate(pack, source, target, targetCreatable);
        }
        if (accepts(pack, target.getMigrationType(), targetOwner)) {
            return evaluate(pack, source, target, targetCreatable);
        }
        String whose = targetOwner.map(p -> "owned by pack " + p.id()
                + (pack.acceptsTargetsFrom().stream().anyMatch(target.getMigrationType()::startsWith)
                        ? ", which does not consent to " + pack.id() + " judging its targets" : ""))
                .orElse(refusedOwner(target.getMigrationType()).isPresent() ? "claimed by a pack refused at load" : "owned by no pack");
        return new Decided(Verdict.ofEngine(Level.NONE, Limit.TYPE,
                pack.vendor() + ": target type " + target.getMigrationType() + " lies outside the namespaces of pack "
                        + pack.id() + " (" + whose + ")", pack.id(), pack.version(), pack.digest()));
    }

    /** Why a source of {@code migrationType} is UNKNOWN when the refused pack claiming it would have owned it. */
    private Optional<String> refusedOwner(String migrationType) {
        if (refusedNamespaces.isEmpty()) {
            return Optional.empty();
        }
        // The longest claiming namespace: of two refused packs, the more specific claim names the pack.
        String best = null;
        for (String ns : refusedNamespaces.keySet()) {
            if (migrationType.startsWith(ns) && (best == null || ns.length() > best.length()
                    || ns.length() == best.length() && ns.compareTo(best) < 0)) {
                best = ns;
            }
        }
        return Optional.ofNullable(best).map(refusedNamespaces::get);
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
     * {@code profile} as the pack owning {@code sourceType} sees it, together with the enabled
     * platform packs that judge such pairs too (the profile itself when no pack owns the type):
     * the public API's projection, for a batch spread over many machines.
     */
    public DeviceProfile seenBy(String sourceType, DeviceProfile profile) {
        Optional<LoadedPack> owner = table.owner(sourceType);
        if (owner.isEmpty()) {
            return profile;
        }
        if (platform.isEmpty()) {
            return owner.get().view().project(profile);
        }
        // Enabled platform packs judge the pair too and may read what the owner does not (host
        // facts): keep every part any of them reads, whatever the source's kind.
        return withPlatform.computeIfAbsent(owner.get(), o -> {
            List<ProfileView> views = new ArrayList<>();
            views.add(o.view());
            platform.forEach(p -> views.add(p.view()));
            return ProfileView.union(views);
        }).project(profile);
    }

    /** The owner's view joined with every enabled platform pack's, by owner. */
    private final java.util.Map<LoadedPack, ProfileView> withPlatform = new java.util.concurrent.ConcurrentHashMap<>();
}
