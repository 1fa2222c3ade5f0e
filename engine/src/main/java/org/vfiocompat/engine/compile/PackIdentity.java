package org.vfiocompat.engine.compile;

import java.util.Objects;

/**
 * What a build needs to know of the pack it builds: its id and version (they name the build's
 * release and its cache entry) and the DRL package every generated class must lie in.
 *
 * @param id         the pack id
 * @param version    the pack version
 * @param drlPackage the package its DRL declares ({@code packs.<id>...})
 */
public record PackIdentity(String id, String version, String drlPackage) {

    public PackIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(drlPackage, "drlPackage");
    }
}
