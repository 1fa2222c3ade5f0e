package org.vfiocompat.engine.pack;

import java.util.List;
import java.util.TreeMap;
import org.kie.api.KieBase;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.Signature;
import org.vfiocompat.engine.compile.CompiledPack;
import org.vfiocompat.engine.compile.GeneratedModelCheck;
import org.vfiocompat.engine.compile.PackCompiler;
import org.vfiocompat.engine.compile.PackIdentity;
import org.vfiocompat.engine.compile.VerifiedBuild;
import org.vfiocompat.engine.drl.PackRule;
import org.vfiocompat.engine.trust.TrustGrants;
import org.vfiocompat.rules.TableRow;

/**
 * A pack the engine loaded, as it crosses to the worker JVM that evaluates it: what the engine's
 * checks made of the pack (its identity, rules, type declaration and table rows) and the bytes of
 * its build those checks passed ({@link VerifiedBuild}). The worker makes its module of these bytes
 * and creates the KieBase ({@link #load}); it reads nothing of the pack from disk and checks
 * nothing the engine checked, since every one of those checks is a function of these values:
 * checking them again could only give the same answer. It does run what needs the KieBase: the
 * model check, under the load deadline.
 * <p>
 * This is the value only: how it travels, and the bounds a worker reads it within, are the
 * worker protocol's ({@code isolation/WorkerProtocol}), which makes one of these again from the
 * values it read. (Equality compares the build by identity: compare its files to compare bytes.)
 *
 * @param location   where the engine read the pack from, as messages name it
 * @param id         the pack's id
 * @param version    the pack's version
 * @param vendor     the pack's vendor
 * @param digest     the digest the engine loaded the pack with
 * @param namespaces the migration-type prefixes the pack owns
 * @param platform   what the pack claims as a platform pack; null when it is none
 * @param types      the pack's {@code compatibleTypes} entries as the engine checked them; null when it declares none
 * @param tableRows  the rows of the pack's data tables
 * @param rules      the rules the pack's DRL declares
 * @param build      the bytes of the build the engine's checks passed
 */
public record VerifiedPack(String location, String id, String version, String vendor, String digest, List<String> namespaces,
                           PlatformScope platform, List<TypeCompatibility.Entry> types, List<TableRow> tableRows,
                           List<PackRule> rules, VerifiedBuild build) {

    public VerifiedPack {
        namespaces = List.copyOf(namespaces);
        types = types == null ? null : List.copyOf(types);
        tableRows = List.copyOf(tableRows);
        rules = List.copyOf(rules);
    }

    /** What the engine hands the worker of {@code pack}. */
    public static VerifiedPack of(LoadedPack pack) {
        return new VerifiedPack(pack.location(), pack.id(), pack.version(), pack.vendor(), pack.digest(), pack.namespaces(),
                pack.platform(), pack.types().entries(), pack.tableRows(), pack.rules(), pack.build());
    }

    /**
     * The pack with its KieBase, created here from the verified build (the pack's classes are
     * defined and its code may run from here on), then held against its declared rules, both
     * within the load deadline.
     *
     * @throws IllegalStateException saying why, when the KieBase creation or the model check fails
     */
    public LoadedPack load() {
        PackIdentity identity = new PackIdentity(id, version, "packs." + id.replace('-', '_'));
        String manifestName = location + "/" + PackManifest.FILE_NAME;
        CompiledPack compiled = build.module(identity, PackCompiler.releaseId(identity, digest));
        try {
            KieBase kieBase;
            try {
                LoadDeadline deadline = LoadDeadline.start(id, manifestName);
                kieBase = deadline.run("KieBase creation", () -> PackLoader.kieBase(compiled, manifestName));
                List<Problem> problems = GeneratedModelCheck.check(kieBase, rules, manifestName);
                if (!problems.isEmpty()) {
                    throw new PackProblems(problems);
                }
            } catch (PackProblems e) {
                throw new IllegalStateException(e.problems().get(0).toString());
            }
            // The worker's pack needs what its evaluator reads; the rest is the engine's (it
            // projects every profile through the pack's view before a pair is sent, so the
            // worker's view passes what it gets; its signer and grants decide nothing here).
            return new LoadedPack(id, version, vendor, "", namespaces, List.of(), digest,
                    new PackFiles(location, new TreeMap<>()), List.of(), kieBase, tableRows, ProfileView.EVERYTHING,
                    types == null ? TypeCompatibility.ANY : TypeCompatibility.declared(types), rules, Signature.NOT_VERIFIED,
                    platform, List.of(), TrustGrants.NONE, build);
        } finally {
            PackCompiler.release(compiled);
        }
    }
}
