package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.PackSigning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sign",
        description = "Sign a pack folder: list every file but pack.json and pack.sig with its SHA-256 in the manifest's "
                + "\"files\", then write the Ed25519 signature of pack.json to pack.sig. Sign last: any later change "
                + "to the folder makes an engine that checks signatures refuse the pack.",
        footer = {"", "Example:", "  vfio-compat pack sign vendor-packs/acme --key keys/acme.key"})
final class PackSignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The pack folder.")
    Path dir;

    @Option(names = "--key", paramLabel = "KEY", required = true, description = "The private key (PKCS#8 PEM, from pack keygen).")
    Path key;

    @Override
    public Integer call() {
        PackSigning.Signed signed = PackSigning.sign(dir, key);
        PrintWriter w = spec.commandLine().getOut();
        w.print("signed " + dir + " with key " + signed.keyId() + "; " + signed.files().size() + " file(s) listed in pack.json\n");
        w.flush();
        return ExitCodes.OK;
    }
}
