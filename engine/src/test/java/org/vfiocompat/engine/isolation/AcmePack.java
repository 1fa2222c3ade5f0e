package org.vfiocompat.engine.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;

/** A small real pack for the isolation tests: LIVE 70 between equal versions of type {@code acme-a}. */
final class AcmePack {

    /** The pack's rules: one, LIVE 70 when the versions are equal. */
    static final String DRL = """
            package packs.acme;
            import org.vfiocompat.rules.Source;
            import org.vfiocompat.rules.Target;
            import org.vfiocompat.rules.Finding;
            rule "same version"
            when
                Source( $v : migrationVersion )
                Target( migrationVersion == $v )
            then
                insert(Finding.live(70, "same version " + $v));
            end
            """;

    private AcmePack() {
    }

    /** Writes the pack to {@code root/acme} and returns that folder. */
    static Path write(Path root) throws IOException {
        Path rules = Files.createDirectories(root.resolve("acme/rules"));
        Files.writeString(rules.getParent().resolve("pack.json"), """
                {"id": "acme", "version": "1.0.0", "vendor": "Acme", "namespaces": ["acme-"],
                 "rules": ["rules/main.drl"], "rulesApi": "1.0"}
                """);
        Files.writeString(rules.resolve("main.drl"), DRL);
        return rules.getParent();
    }

    /** An engine of the pack written under {@code dir/packs}, its compiled-pack cache in {@code dir/cache}. */
    static org.vfiocompat.engine.CompatibilityEngine engine(Path dir, org.vfiocompat.engine.Isolation isolation) {
        return org.vfiocompat.engine.CompatibilityEngine.builder().packs(dir.resolve("packs")).compiledPackCache(dir.resolve("cache"))
                .isolation(isolation).build();
    }

    /** A profile of the pack's type with {@code version}. */
    static DeviceProfile profile(String version) {
        return DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType("acme-a").migrationVersion(version).build();
    }
}
