package org.vfiocompat.engine.compile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.drools.compiler.compiler.io.memory.MemoryFileSystem;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.compiler.kie.builder.impl.InternalKieModuleProvider;
import org.drools.compiler.kie.builder.impl.KieBuilderImpl;
import org.drools.compiler.kproject.models.KieModuleModelImpl;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;

/**
 * Every file of a pack's build, copied out of the built module once, before any of its classes
 * is checked: the class files here are the bytes the engine's checks read (generated-class
 * names, the bytecode verifier), and a worker JVM makes its module from these same bytes
 * ({@link #module}) instead of building or reading the pack again. So what a worker loads is
 * what was verified, by construction, whatever happened on disk since. Immutable.
 */
public final class VerifiedBuild {

    /** Where a built module keeps its configuration, which {@link #module} reads its KieBase model from. */
    static final String KMODULE_XML = "META-INF/kmodule.xml";

    private final SortedMap<String, byte[]> files;

    /** Over {@code files}, which this takes as they are: every caller hands it bytes of its own making. */
    private VerifiedBuild(SortedMap<String, byte[]> files) {
        this.files = Collections.unmodifiableSortedMap(files);
    }

    private static SortedMap<String, byte[]> copied(Map<String, byte[]> files) {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        files.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        return copy;
    }

    /** Every file of {@code compiled}'s module (folders are no files), copied. */
    public static VerifiedBuild of(CompiledPack compiled) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (String name : compiled.module().getFileNames()) {
            byte[] bytes = name.endsWith("/") ? null : compiled.module().getBytes(name);
            if (bytes != null) {
                files.put(name, bytes.clone());
            }
        }
        return new VerifiedBuild(files);
    }

    /** The build made of {@code files} (name to bytes, copied): what a worker received from the engine. */
    public static VerifiedBuild of(Map<String, byte[]> files) {
        return new VerifiedBuild(copied(files));
    }

    /**
     * The build made of {@code files}, which the caller hands over and keeps no reference to (so
     * they are not copied): a cached jar's files, just read ({@link CompiledPackCache}).
     */
    static VerifiedBuild ofOwned(SortedMap<String, byte[]> files) {
        return new VerifiedBuild(files);
    }

    /** The file names, sorted. */
    public List<String> names() {
        return List.copyOf(files.keySet());
    }

    /**
     * The bytes of file {@code name}, not copied: for the checks and for writing them to a worker,
     * neither of which changes them.
     */
    public byte[] bytesShared(String name) {
        return files.get(name);
    }

    /** The class files (name to bytes, not copied), for checks that read them all. */
    public Map<String, byte[]> classes() {
        Map<String, byte[]> out = new TreeMap<>();
        files.forEach((name, bytes) -> {
            if (name.endsWith(".class")) {
                out.put(name, bytes);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** The names of the class files, sorted. */
    public List<String> classFiles() {
        return List.copyOf(classes().keySet());
    }

    /**
     * The module of these files under {@code releaseId}, put in Drools' repository for
     * {@link PackCompiler#kieBase} to find (and {@link PackCompiler#release} to take out again):
     * a module in memory, as the engine's own build is, holding exactly these bytes. Nothing of
     * the pack runs here; its classes are defined when the KieBase is created.
     */
    public CompiledPack module(PackIdentity identity, ReleaseId releaseId) {
        MemoryFileSystem fs = new MemoryFileSystem();
        files.forEach((name, bytes) -> fs.write(name, bytes.clone()));
        byte[] xml = files.get(KMODULE_XML);
        if (xml == null || !Arrays.equals(xml, PackCompiler.KMODULE_XML.getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalStateException("the build of " + identity.id() + " holds " + (xml == null ? "no " : "another ")
                    + KMODULE_XML + " than the one every pack build has");
        }
        // That text declares nothing, so its model is the empty one with Drools' defaults, made
        // here rather than parsed: the kmodule.xml parser (XStream) reads every time-zone name on
        // first use, about a fifth of the CPU of opening cached packs in a fresh JVM.
        KieModuleModel model = new KieModuleModelImpl();
        KieBuilderImpl.setDefaultsforEmptyKieModule(model);
        InternalKieModule module = InternalKieModuleProvider.get(releaseId, model, fs);
        KieServices.Factory.get().getRepository().removeKieModule(releaseId);
        KieServices.Factory.get().getRepository().addKieModule(module);
        return new CompiledPack(identity, module, classFiles(), this);
    }
}
