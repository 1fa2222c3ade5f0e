package org.vfiocompat.engine.pack;

import org.vfiocompat.engine.Signature;
import org.vfiocompat.engine.drl.PackRule;
import java.util.List;
import org.kie.api.KieBase;
import org.vfiocompat.engine.compile.VerifiedBuild;
import org.vfiocompat.rules.TableRow;

/**
 * A pack that passed every check, with its KieBase when this JVM evaluates it (a pack that a
 * worker JVM evaluates has none here: {@link KieBases}). Immutable; shared by all threads.
 *
 * @param id                 the manifest's id
 * @param version            the manifest's version
 * @param vendor             the name every reason of this pack starts with
 * @param description        the manifest's description
 * @param namespaces         migration-type prefixes the pack owns
 * @param acceptsTargetsFrom other packs' namespaces whose targets this pack judges
 * @param digest             {@code sha256:...} over the manifest and every file it names
 * @param files              the bytes of every file of the pack, as checked and compiled
 * @param tests              the pack's test-vector files, relative paths into {@code files}
 * @param kieBase            the pack's one KieBase, or null when a worker JVM creates it instead
 * @param tableRows          every row of the pack's data tables, checked against their declared
 *                           columns; inserted once into every session of the pack
 * @param view               the profile parts the pack's rules see
 * @param types              which migration types the pack declares can ever be compatible
 * @param rules              every rule the pack declares, in file and declaration order
 * @param signer             who signed it, as far as the engine could tell
 * @param platform           for a platform pack, the pairs it judges besides their owning pack;
 *                           null for a vendor pack
 * @param targetsJudgedBy    ids of the packs this one consents to judging targets in its namespaces
 * @param grants             what the operator's trust store grants the pack's signer
 * @param build              every file of the pack's build as the checks read them: what its
 *                           worker JVM, if it gets one, creates the KieBase from ({@link VerifiedPack})
 */
public record LoadedPack(String id, String version, String vendor, String description,
                         List<String> namespaces, List<String> acceptsTargetsFrom, String digest,
                         PackFiles files, List<String> tests, KieBase kieBase, List<TableRow> tableRows,
                         ProfileView view, TypeCompatibility types, List<PackRule> rules,
                         Signature signer, PlatformScope platform, List<String> targetsJudgedBy,
                         org.vfiocompat.engine.trust.TrustGrants grants, VerifiedBuild build) {

    public LoadedPack {
        namespaces = List.copyOf(namespaces);
        acceptsTargetsFrom = List.copyOf(acceptsTargetsFrom);
        tests = List.copyOf(tests);
        tableRows = List.copyOf(tableRows);
        rules = List.copyOf(rules);
        targetsJudgedBy = List.copyOf(targetsJudgedBy);
        java.util.Objects.requireNonNull(grants, "grants");
        java.util.Objects.requireNonNull(build, "build");
    }

    /** Whether the pack's KieBase was created in this JVM (else only its worker has one). */
    public boolean hasKieBase() {
        return kieBase != null;
    }

    /** Whether this is a platform pack: it owns no type and judges pairs other packs own. */
    public boolean isPlatform() {
        return platform != null;
    }

    /** Where the pack was read from, as messages show it: a folder, a zip, a class-path location. */
    public String location() {
        return files.origin();
    }

    /** Whether {@code migrationType} lies in one of this pack's namespaces. */
    public boolean owns(String migrationType) {
        for (String ns : namespaces) {
            if (migrationType.startsWith(ns)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return id + "@" + version;
    }
}
