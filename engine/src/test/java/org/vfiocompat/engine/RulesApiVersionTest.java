package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.rules.RulesApi;

/** The manifest names the rules API it was written for; an incompatible one is refused clearly. */
class RulesApiVersionTest {

    @TempDir
    Path root;

    private Path packFor(String rulesApi) throws IOException {
        Path dir = TestPacks.sameTypeLive(root, "acme", "acme-", 10);
        String manifest = Files.readString(dir.resolve("pack.json"));
        String changed = rulesApi == null ? manifest.replace(",\n  \"rulesApi\": \"1.0\"", "")
                : manifest.replace("\"rulesApi\": \"1.0\"", "\"rulesApi\": \"" + rulesApi + "\"");
        if (!"1.0".equals(rulesApi)) {
            assertThat(changed).isNotEqualTo(manifest); // the test packs state 1.0
        }
        Files.writeString(dir.resolve("pack.json"), changed);
        return dir;
    }

    private static List<Problem> refused(Path dir) {
        try {
            CompatibilityEngine.builder().packs(dir).build();
        } catch (InvalidPackException e) {
            return e.problems();
        }
        throw new AssertionError("the pack loaded, but should have been refused");
    }

    @Test
    void theEngineProvidesVersionOneDotTwo() {
        assertThat(RulesApi.VERSION).isEqualTo("1.2");
    }

    @Test
    void packsWrittenForAnEarlierOrTheSameMinorVersionLoad() throws IOException {
        // 1.1 and 1.2 only added to 1.0: a pack written for 1.0 keeps loading unchanged.
        for (String version : new String[] {"1.0", "1.1", "1.2"}) {
            try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(packFor(version)).build()) {
                assertThat(engine.packs()).as(version).hasSize(1);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void anotherMajorVersionIsRefusedNamingBoth() throws IOException {
        Path dir = packFor("2.0");
        assertThat(refused(dir)).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(dir.resolve("pack.json").toString());
            assertThat(p.location().where()).isEqualTo("/rulesApi");
            assertThat(p.message()).isEqualTo("pack acme was written for rules API 2.0, but this engine provides 1.2: "
                    + "major versions 2 and 1 are incompatible; use a pack release written for 1.x or a newer vfio-compat");
        });
        assertThat(refused(packFor("0.9"))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("major versions 0 and 1 are incompatible"));
    }

    @Test
    void aLaterMinorVersionIsRefusedBecauseThePackMayUseWhatThisEngineLacks() throws IOException {
        assertThat(refused(packFor("1.7"))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("newer than the 1.2 this engine provides"));
    }

    @Test
    void somethingThatIsNoVersionIsRefused() throws IOException {
        assertThat(refused(packFor("one"))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is not a version of the form MAJOR.MINOR"));
    }

    @Test
    void aManifestWithoutTheFieldLoadsAsWrittenForOneDotZero() throws IOException {
        Path dir = packFor(null);
        assertThat(CompatibilityEngine.builder().packs(dir).build().packs()).hasSize(1);
        assertThat(PackTools.verify(dir).passed().get(0).checked()).contains("rules API not stated (taken as 1.0)");
    }
}
