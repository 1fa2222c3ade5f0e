package org.vfiocompat.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kie.api.builder.ReleaseId;

/** The bytes the checks read are the bytes a module is made of, and nothing outside can change them. */
class VerifiedBuildTest {

    private static final PackIdentity PACK = new PackIdentity("verified-build-test", "1.0.0", "packs.verified_build_test");
    private static final String CLASS = "packs/verified_build_test/Rules.class";

    private static Map<String, byte[]> files() {
        Map<String, byte[]> files = new HashMap<>();
        files.put(VerifiedBuild.KMODULE_XML, PackCompiler.KMODULE_XML.getBytes(StandardCharsets.UTF_8));
        files.put(CLASS, new byte[] {(byte) 0xca, (byte) 0xfe, 1, 2});
        return files;
    }

    @Test
    void filesHandedToOfAreCopiedSoTheCallerCannotChangeThemLater() {
        Map<String, byte[]> files = files();
        VerifiedBuild build = VerifiedBuild.of(files);
        files.get(CLASS)[2] = 99;
        assertThat(build.bytesShared(CLASS)).containsExactly(0xca, 0xfe, 1, 2);
        assertThat(build.classFiles()).containsExactly(CLASS);
    }

    @Test
    void aModuleMadeOfABuildCarriesThatBuildAndHoldsCopiesOfItsBytes() {
        VerifiedBuild build = VerifiedBuild.ofOwned(new TreeMap<>(files()));
        ReleaseId release = PackCompiler.releaseId(PACK, "sha256:" + "0".repeat(64));
        CompiledPack opened = build.module(PACK, release);
        try {
            // What the checks read is the very build the module was made of, not another copy.
            assertThat(opened.verifiedBuild()).isSameAs(build);
            assertThat(opened.classFiles()).containsExactly(CLASS);
            byte[] inModule = opened.module().getBytes(CLASS);
            assertThat(inModule).isEqualTo(build.bytesShared(CLASS)).isNotSameAs(build.bytesShared(CLASS));
            // Drools holds the module's copy: changing it leaves the verified bytes as they were.
            inModule[3] = 42;
            assertThat(build.bytesShared(CLASS)).containsExactly(0xca, 0xfe, 1, 2);
        } finally {
            PackCompiler.forget(release);
        }
    }

    @Test
    void aBuildWithAnotherKmoduleMakesNoModule() {
        Map<String, byte[]> files = files();
        files.put(VerifiedBuild.KMODULE_XML, "<kmodule/>".getBytes(StandardCharsets.UTF_8));
        ReleaseId release = PackCompiler.releaseId(PACK, "sha256:" + "1".repeat(64));
        assertThatThrownBy(() -> VerifiedBuild.of(files).module(PACK, release))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another META-INF/kmodule.xml");
    }
}
