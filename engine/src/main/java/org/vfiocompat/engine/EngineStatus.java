package org.vfiocompat.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * What an operator asks a running engine: which packs it judges with, who signed them, whether
 * any is quarantined, how the cache does, and how the last reload went.
 *
 * @param packs              the packs in use, in load order
 * @param refusedPacks       the packs found but not loaded, each with why (their types are UNKNOWN)
 * @param cache              the verdict cache's statistics
 * @param lastReload         the last (re)load, successful or not
 * @param signaturesRequired whether unsigned packs are refused (the engine's configuration)
 * @param trustStore         where the trusted keys are read from, if they are configured
 */
public record EngineStatus(List<PackInfo> packs, List<RefusedPack> refusedPacks, CacheStats cache, ReloadResult lastReload,
                           boolean signaturesRequired, Optional<Path> trustStore) {

    public EngineStatus {
        packs = List.copyOf(packs);
        refusedPacks = List.copyOf(refusedPacks);
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(lastReload, "lastReload");
        Objects.requireNonNull(trustStore, "trustStore");
    }
}
