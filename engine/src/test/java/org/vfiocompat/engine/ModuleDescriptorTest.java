package org.vfiocompat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The module descriptors as compiled: each module exports exactly its API package, the engine
 * opens only the packages whose records Jackson binds and only to Jackson, and it provides the
 * one implementation of the API through ServiceLoader. (Tests run on the class path; these are
 * the promises made to an embedder on the module path.)
 */
class ModuleDescriptorTest {

    @Test
    void theEngineExportsOnlyItsApiAndOpensOnlyToJackson() throws Exception {
        ModuleDescriptor engine = descriptorOf(CompatibilityEngine.class);
        assertThat(engine.name()).isEqualTo("org.vfiocompat.engine");
        assertThat(engine.exports()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("org.vfiocompat.engine");
            assertThat(e.isQualified()).isFalse();
        });
        assertThat(engine.opens()).isNotEmpty().allSatisfy(o -> {
            assertThat(o.targets()).containsExactly("com.fasterxml.jackson.databind");
            assertThat(o.source()).startsWith("org.vfiocompat.engine.");
        });
        assertThat(engine.isOpen()).isFalse();
        assertThat(engine.uses()).containsExactly(EngineProvider.class.getName());
        assertThat(engine.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo(EngineProvider.class.getName());
            assertThat(p.providers()).containsExactly("org.vfiocompat.engine.provider.DefaultEngineProvider");
        });
        Set<String> requires = engine.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertThat(requires).contains("org.vfiocompat.rules", "org.kie.api", "com.fasterxml.jackson.databind");
        assertThat(engine.requires()).filteredOn(r -> r.name().equals("org.vfiocompat.rules"))
                .singleElement().satisfies(r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
    }

    @Test
    void everyPackageJacksonBindsIsOpenedAndNoOther() throws Exception {
        ModuleDescriptor engine = descriptorOf(CompatibilityEngine.class);
        Set<String> opened = engine.opens().stream().map(ModuleDescriptor.Opens::source).collect(Collectors.toSet());
        assertThat(opened).containsExactlyInAnyOrder("org.vfiocompat.engine.derive", "org.vfiocompat.engine.inventory",
                "org.vfiocompat.engine.json", "org.vfiocompat.engine.pack", "org.vfiocompat.engine.tools",
                "org.vfiocompat.engine.trust");
    }

    @Test
    void theRulesApiExportsItsOnePackageAndNeedsNothing() throws Exception {
        ModuleDescriptor rules = descriptorOf(DeviceProfile.class);
        assertThat(rules.name()).isEqualTo("org.vfiocompat.rules");
        assertThat(rules.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("org.vfiocompat.rules");
        assertThat(rules.requires()).extracting(ModuleDescriptor.Requires::name).containsExactly("java.base");
        assertThat(rules.opens()).isEmpty();
    }

    @Test
    void theServiceFileNamesTheSameProviderAsTheDescriptor() throws Exception {
        try (InputStream in = CompatibilityEngine.class.getResourceAsStream(
                "/META-INF/services/" + EngineProvider.class.getName())) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip())
                    .isEqualTo("org.vfiocompat.engine.provider.DefaultEngineProvider");
        }
    }

    /** The compiled module-info.class next to {@code anchor}, in a classes folder or a jar. */
    private static ModuleDescriptor descriptorOf(Class<?> anchor) throws IOException, URISyntaxException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(root)) {
            try (InputStream in = Files.newInputStream(root.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }
        try (FileSystem jar = FileSystems.newFileSystem(root); InputStream in = Files.newInputStream(jar.getPath("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }
}
