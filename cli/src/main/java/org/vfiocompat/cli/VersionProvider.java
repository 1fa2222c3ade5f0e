package org.vfiocompat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.vfiocompat.rules.RulesApi;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: this command's version, the rules API version packs are written against,
 * and the Drools version found on the class path at run time.
 */
final class VersionProvider implements IVersionProvider {

    /** Maven-filtered at build time: {@code version=${project.version}}. */
    static final String VERSION_RESOURCE = "org/vfiocompat/cli/version.properties";
    /** Written by Maven into the Drools jar; read as a resource, so the CLI needs no Drools class. */
    static final String DROOLS_POM = "META-INF/maven/org.drools/drools-core/pom.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "vfio-compat " + cliVersion(),
            "rules API " + RulesApi.VERSION,
            "Drools " + droolsVersion()
        };
    }

    /** The jar manifest's Implementation-Version, else the filtered resource (classes run unpacked, as in tests). */
    static String cliVersion() {
        String fromManifest = VersionProvider.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        return property(VERSION_RESOURCE, "version");
    }

    static String droolsVersion() {
        return property(DROOLS_POM, "version");
    }

    private static String property(String resource, String key) {
        try (InputStream in = VersionProvider.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String value = p.getProperty(key, "").strip();
            return value.isEmpty() || value.startsWith("${") ? "unknown" : value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
