package org.vfiocompat.planner;

import java.util.Objects;

/**
 * A planned change of one host fact, {@code upgrade --set host.fact=value}.
 *
 * @param host  the host
 * @param fact  the fact, as a pack's {@code planning.hostFacts} names it
 * @param value its new value
 */
public record HostChange(String host, String fact, String value) {

    public HostChange {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(fact, "fact");
        Objects.requireNonNull(value, "value");
    }
}
