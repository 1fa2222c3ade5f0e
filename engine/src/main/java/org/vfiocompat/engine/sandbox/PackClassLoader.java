package org.vfiocompat.engine.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader a pack is built and run with: it sees the rules API, the executable-model
 * DSL and the JDK, minus the JDK classes that reach outside a value computation (processes,
 * threads, files, network). The engine, Drools' runtime and the embedding application are
 * invisible, so a reference that slipped past the bytecode check would still fail to link. This is the second line behind
 * {@link BytecodeVerifier}, not a replacement for it: the JDK classes it exposes are whole
 * classes, and only the verifier's allow-list names methods.
 */
public final class PackClassLoader extends ClassLoader {

    /**
     * Class-name prefixes a pack may see: the JDK, the rules API, and the executable-model DSL
     * the generated code is written in. Not Drools' runtime (org.drools.core, kiesession), not
     * the engine, not the embedding application.
     */
    private static final List<String> VISIBLE = List.of(
            "java.", "javax.", "jdk.internal.", "sun.", "com.sun.",
            "org.vfiocompat.rules.",
            "org.drools.model.", "org.drools.modelcompiler.", "org.drools.util.",
            "org.drools.core.base.accumulators.", "org.drools.base.factmodel.",
            "org.kie.api.", "org.kie.util.maven.support.");

    /** Single classes of otherwise hidden packages: the annotation the generator puts on lambdas. */
    private static final java.util.Set<String> VISIBLE_CLASSES = java.util.Set.of(
            "org.drools.compiler.kie.builder.MaterializedLambda");

    /** Package prefixes hidden although a visible prefix covers them. */
    private static final List<String> HIDDEN_PACKAGES = List.of(
            "java.net.", "java.nio.file.", "java.nio.channels.", "java.lang.management.", "javax.script.",
            "javax.naming.", "javax.management.", "sun.misc.", "jdk.internal.misc.");

    /** Single classes hidden although a visible prefix covers them. */
    private static final java.util.Set<String> HIDDEN_CLASSES = java.util.Set.of(
            "java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle",
            "java.lang.Thread", "java.lang.ThreadGroup", "java.io.File", "java.io.RandomAccessFile",
            "java.io.FileInputStream", "java.io.FileOutputStream", "java.io.ObjectInputStream",
            "java.io.ObjectOutputStream");

    private final ClassLoader delegate;

    public PackClassLoader(ClassLoader delegate) {
        super("vfio-compat-pack", null);
        this.delegate = delegate;
    }

    /** Whether a pack may see the class (or the class file resource) named {@code name}. */
    static boolean visible(String name) {
        if (VISIBLE_CLASSES.contains(name)) {
            return true;
        }
        int dollar = name.indexOf('$');
        if (HIDDEN_CLASSES.contains(dollar < 0 ? name : name.substring(0, dollar))) {
            return false;
        }
        for (String hidden : HIDDEN_PACKAGES) {
            if (name.startsWith(hidden)) {
                return false;
            }
        }
        for (String prefix : VISIBLE) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!visible(name)) {
            throw new ClassNotFoundException(name + " is not visible to rule packs");
        }
        return delegate.loadClass(name);
    }

    @Override
    public URL getResource(String name) {
        return resourceVisible(name) ? delegate.getResource(name) : null;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return resourceVisible(name) ? delegate.getResources(name) : Collections.emptyEnumeration();
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        return resourceVisible(name) ? delegate.getResourceAsStream(name) : null;
    }

    private static boolean resourceVisible(String name) {
        if (!name.endsWith(".class")) {
            // Configuration Drools reads while building (kie.conf, kmodule.xml); no pack code.
            return name.startsWith("META-INF/");
        }
        return visible(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
    }
}
