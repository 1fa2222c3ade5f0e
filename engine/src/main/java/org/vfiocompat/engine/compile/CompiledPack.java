package org.vfiocompat.engine.compile;

import java.util.List;
import java.util.Map;
import org.drools.compiler.kie.builder.impl.InternalKieModule;

/**
 * A pack after the executable-model build and before any of its classes is loaded: the
 * generated class files can still be inspected and the pack refused.
 *
 * @param identity     the pack it was built from
 * @param module       the built module, holding every generated class as bytes
 * @param classFiles   names of the generated {@code .class} entries of {@code module}
 * @param openedFrom   the files a cached build's module was made of ({@link VerifiedBuild#module}),
 *                     or null for a fresh build
 */
public record CompiledPack(PackIdentity identity, InternalKieModule module, List<String> classFiles, VerifiedBuild openedFrom) {

    public CompiledPack {
        classFiles = List.copyOf(classFiles);
    }

    /** A fresh build, made by {@link PackCompiler}. */
    public CompiledPack(PackIdentity identity, InternalKieModule module, List<String> classFiles) {
        this(identity, module, classFiles, null);
    }

    /**
     * Every file of this build as the checks read them and a worker receives them: for a build
     * opened from the cache, the files its module was made of (the module holds copies of the
     * same bytes), rather than a fourth copy; for a fresh build, copied out of its module.
     */
    public VerifiedBuild verifiedBuild() {
        return openedFrom != null ? openedFrom : VerifiedBuild.of(this);
    }

    /** The bytes of one generated class file. */
    byte[] bytes(String classFile) {
        return module.getBytes(classFile);
    }

    /** Class file name to bytes, for checks that read them all. */
    public Map<String, byte[]> classes() {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        for (String f : classFiles) {
            out.put(f, module.getBytes(f));
        }
        return out;
    }
}
