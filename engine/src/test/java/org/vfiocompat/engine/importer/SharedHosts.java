package org.vfiocompat.engine.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared fixture hosts (/work/shared/formats/hosts: recorded outputs of real host tools),
 * read where they are, next to the repository (or at {@code -Dvfio.shared.hosts=DIR}); nothing of
 * them is copied into the repository. And golden files of what the parsers read from them.
 */
final class SharedHosts {

    static final Path HOSTS = locate();
    static final String[] ALL = {"host-1", "host-2", "host-3", "host-3/qat-host"};
    private static final Path GOLDEN = Imports.ROOT.resolve("engine/src/test/resources/golden/tool-output");

    private SharedHosts() {
    }

    /** The fixture folder of {@code host}; the test is skipped when the shared fixtures are not there. */
    static Path host(String host) {
        Assumptions.assumeTrue(Files.isDirectory(HOSTS), "shared fixture hosts not found at " + HOSTS);
        return HOSTS.resolve(host);
    }

    private static Path locate() {
        String property = System.getProperty("vfio.shared.hosts");
        if (property != null) {
            return Path.of(property);
        }
        Path parent = Imports.ROOT.getParent();
        return parent == null ? Path.of("shared/formats/hosts") : parent.resolve("shared/formats/hosts");
    }

    /** Compares with golden file {@code name}; {@code -Dgolden.update=true} rewrites it. */
    static void assertGolden(String name, String actual) {
        Path file = GOLDEN.resolve(name);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            Assertions.assertTrue(Files.exists(file), "golden file " + file + " is missing (create it with -Dgolden.update=true)");
            Assertions.assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                    "differs from golden file " + name + "; if intended, regenerate with -Dgolden.update=true");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
