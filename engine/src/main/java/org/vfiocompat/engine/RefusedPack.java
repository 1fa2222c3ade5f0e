package org.vfiocompat.engine;

import java.util.List;
import java.util.Objects;

/**
 * A pack the engine found but did not load, and why. One pack that fails to load never takes
 * the others down: the engine starts (or reloads) with the packs that load, lists each refused
 * one here, and answers every pair whose source type lies in a refused pack's namespaces UNKNOWN
 * with a reason naming the refusal, never LIVE.
 *
 * @param id         the id its manifest gives; the name of its folder or archive when the manifest
 *                   does not read
 * @param location   where it was found, as the engine was told it
 * @param namespaces the namespaces its manifest claims, as far as the manifest reads (only names of
 *                   a valid namespace's form; empty when none reads)
 * @param problems   why it was refused, each naming file and place: at least one
 */
public record RefusedPack(String id, String location, List<String> namespaces, List<Problem> problems) {

    public RefusedPack {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        namespaces = List.copyOf(namespaces);
        problems = List.copyOf(problems);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a refused pack needs the problem it was refused for");
        }
    }

    /** The first problem's code ({@link ProblemCodes}), for programs to match on. */
    public String code() {
        return problems.get(0).code();
    }

    /** The first problem, in the one-line form the CLI prints ({@code file at place: message}). */
    public String reason() {
        return problems.get(0).toString();
    }
}
