package org.vfiocompat.engine;

/**
 * Told the result of every pack reload, successful or refused, right after it took effect:
 * from {@link CompatibilityEngine#reload()} on the caller's thread, from a
 * {@link CompatibilityEngine#watch(java.time.Duration) watch} on the watcher's thread. Not
 * told of the first load by {@code build()} (its result is {@link CompatibilityEngine#lastReload()}).
 * An exception it throws is logged; the reload stands.
 */
@FunctionalInterface
public interface ReloadListener {

    void reloaded(ReloadResult result);
}
