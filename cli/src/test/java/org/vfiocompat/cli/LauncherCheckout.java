package org.vfiocompat.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A checkout as the launcher script {@code ./vfio-compat} expects one, for tests of the script:
 * the script itself, an empty {@code vendor-packs/}, and a {@code cli/target/vfio-compat.jar}
 * whose main class is a test's stand-in for the CLI (the jar holds only a manifest pointing at
 * the test classes), so the script runs exactly as in a checkout, without the build's jar.
 */
final class LauncherCheckout {

    private LauncherCheckout() {
    }

    /** The checkout made in {@code dir}/checkout, with {@code main} behind the script. */
    static Path make(Path dir, Class<?> main) throws IOException {
        Path root = Files.createDirectories(dir.resolve("checkout"));
        Path script = root.resolve("vfio-compat");
        Files.copy(CliRun.ROOT.resolve("vfio-compat"), script);
        script.toFile().setExecutable(true);
        Files.createDirectories(root.resolve("vendor-packs"));
        Path jar = Files.createDirectories(root.resolve("cli/target")).resolve("vfio-compat.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        Path classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().getPath());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return root;
    }
}
