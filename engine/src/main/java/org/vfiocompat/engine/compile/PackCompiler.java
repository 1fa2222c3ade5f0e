package org.vfiocompat.engine.compile;

import org.vfiocompat.engine.InvalidPackException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.KieModule;
import org.kie.api.builder.KieRepository;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.sandbox.PackClassLoader;

/**
 * Builds a pack's DRL with Drools' executable model, which turns every rule into Java classes
 * at load time. The classic MVEL engine is not on the class path, so nothing of a pack runs
 * through an interpreter that a class-level check could not see.
 */
public final class PackCompiler {

    private static final String RESOURCES = "src/main/resources/";

    /** What pack code can see while it is compiled and while it runs. */
    private static final ClassLoader PACK_LOADER = new PackClassLoader(PackCompiler.class.getClassLoader());

    /**
     * The kmodule.xml of every pack build: the default module (no KieBase declared, Drools adds
     * its default one). A build is opened again only with exactly this text ({@link VerifiedBuild#module}),
     * so opening one needs no XML parser.
     */
    static final String KMODULE_XML = "<kmodule xmlns=\"http://www.drools.org/xsd/kmodule\"/>";

    private PackCompiler() {
    }

    /**
     * Builds the DRL files (pack-relative path to text). Throws {@link InvalidPackException} naming
     * pack file and line for every compile error.
     */
    public static CompiledPack compile(PackIdentity manifest, Map<String, String> drlFiles, String digest) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = releaseId(manifest, digest);
        kfs.generateAndWritePomXML(releaseId);
        // An explicit (default) kmodule.xml, so the built module's jar can be reloaded from disk.
        kfs.writeKModuleXML(KMODULE_XML);
        String folder = RESOURCES + manifest.drlPackage().replace('.', '/') + "/";
        Map<String, String> packFileOf = new LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, String> drl : drlFiles.entrySet()) {
            String name = Math.abs(index++) + "_" + drl.getKey().replaceAll("[^A-Za-z0-9_.]", "_");
            packFileOf.put(folder + name, drl.getKey());
            kfs.write(folder + name, drl.getValue());
        }
        KieBuilder builder;
        try {
            builder = ks.newKieBuilder(kfs, PACK_LOADER).buildAll(ExecutableModelProject.class);
        } catch (RuntimeException | StackOverflowError e) {
            // The generator itself gave up (deeply nested expressions, constructs it only
            // supports with the classic engine): the pack is refused, the engine goes on.
            throw new InvalidPackException(List.of(new Problem(ProblemCodes.PACK_BUILD_FAILED, Location.file(manifest.id()), "DRL does not compile: the rule generator failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())))));
        }
        List<Problem> problems = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            String text = m.getText() == null ? "" : m.getText();
            if (text.startsWith("Java source of ")) {
                // A dump of the generated Java that failed; the error itself is reported separately.
                continue;
            }
            String path = m.getPath() == null ? "" : m.getPath();
            String file = packFileOf.getOrDefault(path, packFileOf.getOrDefault(RESOURCES + path, ""));
            Problem p;
            if (!file.isEmpty()) {
                String display = manifest.id() + "/" + file;
                Location where = m.getLine() <= 0 ? lineOfQuotedText(display, drlFiles.get(file), text)
                        : m.getColumn() > 0 ? Location.line(display, m.getLine(), m.getColumn()) : Location.line(display, m.getLine());
                p = new Problem(ProblemCodes.PACK_BUILD_FAILED, where, "DRL does not compile: " + oneLine(text));
            } else {
                // An error in generated Java (a consequence or a function): its line is in the
                // generated source, so point at the DRL line that holds the name it complains about.
                p = locateInDrl(manifest.id(), drlFiles, text);
            }
            if (!problems.contains(p)) {
                problems.add(p);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPackException(problems);
        }
        InternalKieModule module = (InternalKieModule) builder.getKieModule();
        List<String> classFiles = new ArrayList<>();
        for (String name : module.getFileNames()) {
            if (name.endsWith(".class")) {
                classFiles.add(name);
            }
        }
        return new CompiledPack(manifest, module, classFiles);
    }

    /** The module coordinates of a pack's build: the same content always gets the same ones. */
    public static ReleaseId releaseId(PackIdentity manifest, String digest) {
        return KieServices.Factory.get().newReleaseId("org.vfiocompat.pack", manifest.id(),
                manifest.version() + "-" + digest.substring("sha256:".length(), "sha256:".length() + 16));
    }

    /** Loads the verified classes and creates the pack's one KieBase. Pack code may run from here on. */
    public static KieBase kieBase(CompiledPack pack) {
        KieServices ks = KieServices.Factory.get();
        return ks.newKieContainer(pack.module().getReleaseId(), PACK_LOADER).getKieBase();
    }

    /**
     * Takes the pack's module out of Drools' global KieRepository, where the build (or the
     * compiled-pack cache) put it so that {@link #kieBase} could find it. Afterwards only the
     * engine's own references keep the build, its KieBase and its class loader alive, so a
     * replaced build is collected when the engine drops it.
     */
    public static void release(CompiledPack pack) {
        KieRepository repository = KieServices.Factory.get().getRepository();
        KieModule removed = repository.removeKieModule(pack.module().getReleaseId());
        if (removed != null && removed != pack.module()) {
            // Another build of the same content registered since (a reload after this build was
            // abandoned at its deadline and finished late): that one is still to be used.
            repository.addKieModule(removed);
        }
    }

    /**
     * Takes whatever module is registered under {@code releaseId} out of Drools' KieRepository:
     * for a build stopped at its load deadline, which may have registered its module just before
     * it was stopped but never returned it to {@link #release}.
     */
    public static void forget(ReleaseId releaseId) {
        KieServices.Factory.get().getRepository().removeKieModule(releaseId);
    }

    /** A problem for an error in generated Java, located at the first DRL line naming what it complains about. */
    static Problem locateInDrl(String packId, Map<String, String> drlFiles, String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?:method|type|field|variable) ([A-Za-z_$][A-Za-z0-9_$.]*)|([A-Za-z_$][A-Za-z0-9_$]*) cannot be resolved")
                .matcher(message);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String simple = name.substring(name.lastIndexOf('.') + 1);
            for (Map.Entry<String, String> drl : drlFiles.entrySet()) {
                Location at = lineOfQuotedText(packId + "/" + drl.getKey(), drl.getValue(), ": " + simple);
                if (!at.wholeFile()) {
                    return new Problem(ProblemCodes.PACK_BUILD_FAILED, at, "DRL does not compile: " + oneLine(message));
                }
            }
        }
        return new Problem(ProblemCodes.PACK_BUILD_FAILED, Location.file(packId), "DRL does not compile: " + oneLine(message));
    }

    /**
     * The executable-model generator reports some errors without a line but quotes the DRL it
     * could not handle ("Unable to parse left part of expression: noSuchField == \"x\""): find
     * that text in the file so the user still gets a line.
     */
    static Location lineOfQuotedText(String file, String drl, String message) {
        if (drl == null || message == null) {
            return Location.file(file);
        }
        int colon = message.lastIndexOf(": ");
        String quoted = (colon < 0 ? "" : message.substring(colon + 2)).strip();
        if (quoted.length() < 3) {
            return Location.file(file);
        }
        int at = drl.indexOf(quoted);
        if (at < 0) {
            return Location.file(file);
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (drl.charAt(i) == '\n') {
                line++;
            }
        }
        return Location.line(file, line);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replace('\n', ' ').replaceAll("\\s+", " ").trim();
        return t.length() > 400 ? t.substring(0, 399) + "\u2026" : t;
    }
}
