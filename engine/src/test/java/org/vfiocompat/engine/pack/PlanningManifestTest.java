package org.vfiocompat.engine.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/** The optional planning section of pack.json: P2P types, capacity sharing, host facts, each checked by pointer. */
class PlanningManifestTest {

    @TempDir
    Path tmp;

    @Test
    void aBadPlanningSectionIsReportedWithPointers() throws IOException {
        Path pack = tmp.resolve("p");
        Files.createDirectories(pack.resolve("rules"));
        Files.writeString(pack.resolve("rules/a.drl"), "package packs.p;\n");
        Files.writeString(pack.resolve("pack.json"), """
                {"id": "p", "version": "1", "vendor": "P", "namespaces": ["ppp-"], "rules": ["rules/a.drl"],
                 "planning": {
                   "p2p": ["other-"],
                   "capacity": [
                     {"typePrefix": "ppp-a", "sharing": "sliced"},
                     {"typePrefix": "ppp-b", "sharing": "shared-budget"},
                     {"typePrefix": "ppp-c", "sharing": "independent", "independentWhen": "hetero"}
                   ],
                   "hostFacts": [{"name": "Driver", "typePrefix": "ppp-", "separator": "", "field": 64}]
                 }}
                """);
        String file = pack.resolve("pack.json").toString();

        assertThatThrownBy(() -> PackManifests.derivations(List.of(pack.toString())))
                .isInstanceOfSatisfying(InvalidPackException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/planning/p2p/0"),
                                "'other-' lies outside the pack's namespaces; a pack declares planning facts only for types it owns"),
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/planning/capacity/0/sharing"),
                                "must be one-type-per-parent, shared-budget or independent, got 'sliced'"),
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/planning/capacity/1/costAttribute"),
                                "a shared budget needs the attribute that holds each type's cost"),
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/planning/capacity/2/independentWhen"),
                                "an attribute name, and only on a one-type-per-parent entry"),
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/planning/hostFacts/0/name"),
                                "a fact name starts with a lower-case letter and holds only lower-case letters, digits and dashes"),
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/planning/hostFacts/0/separator"), "must be 1 to 8 characters"),
                        new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/planning/hostFacts/0/field"), "must be from 0 to 63, got 64")));
    }

    @Test
    void anUnknownMemberOfThePlanningSectionIsRefused() throws IOException {
        Path pack = tmp.resolve("q");
        Files.createDirectories(pack.resolve("rules"));
        Files.writeString(pack.resolve("rules/a.drl"), "package packs.q;\n");
        Files.writeString(pack.resolve("pack.json"), """
                {"id": "q", "version": "1", "vendor": "Q", "namespaces": ["qqq-"], "rules": ["rules/a.drl"],
                 "planning": {"p2P": ["qqq-"]}}
                """);

        assertThatThrownBy(() -> PackManifests.derivations(List.of(pack.toString()))).isInstanceOf(InvalidPackException.class)
                .hasMessageContaining("/planning/p2P");
    }
}
