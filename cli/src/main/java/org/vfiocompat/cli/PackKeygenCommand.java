package org.vfiocompat.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vfiocompat.engine.PackSigning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "keygen",
        description = "Create an Ed25519 key pair for signing packs: NAME.key (private, PKCS#8 PEM, owner-only), "
                + "NAME.pub (X.509 PEM) and, with --namespace, NAME.trust.json, a trust-store file for operators "
                + "binding the key to those namespaces. Never overwrites a file.",
        footer = {"", "Example:", "  vfio-compat pack keygen --out keys --name acme --namespace acme-"})
final class PackKeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write the key files into.")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "Key name: file names and the signer shown by status.")
    String name;

    @Option(names = "--namespace", paramLabel = "PREFIX", description = "Namespace the key may sign for; repeatable.")
    List<String> namespaces = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        for (Path p : PackSigning.keygen(out, name, namespaces)) {
            w.print("wrote " + p + (p.toString().endsWith(".key") ? "  (private: keep it secret, never ship it)" : "") + "\n");
        }
        w.flush();
        return ExitCodes.OK;
    }
}
