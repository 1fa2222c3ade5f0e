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
 */
public record CompiledPack(PackIdentity identity, InternalKieModule module, List<String> classFiles) {

    public CompiledPack {
        classFiles = List.copyOf(classFiles);
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
