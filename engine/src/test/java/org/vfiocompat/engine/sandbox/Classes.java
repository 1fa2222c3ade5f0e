package org.vfiocompat.engine.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Small class files for the verifier's tests, written with ASM instead of built from DRL: each
 * test states the few instructions it is about, and a test fails only because of the verifier.
 * The classes are read, never loaded, so they carry no stack map frames and need not link.
 */
final class Classes {

    /** The pack's own package, in internal form, as the verifier is told it. */
    static final String OWN = "packs/t";
    static final String RULES = OWN + "/Rules";

    static final Handle CONCAT = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/StringConcatFactory",
            "makeConcatWithConstants", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/invoke/CallSite;", false);
    static final Handle METAFACTORY = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory",
            "metafactory", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
            + "Ljava/lang/invoke/CallSite;", false);

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    /** One class, {@code name} extending {@code superName}, whose members {@code body} writes. */
    Classes add(String name, String superName, String[] interfaces, Consumer<ClassWriter> body) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, superName, interfaces);
        body.accept(cw);
        cw.visitEnd();
        files.put(name + ".class", cw.toByteArray());
        return this;
    }

    Classes add(String name, Consumer<ClassWriter> body) {
        return add(name, "java/lang/Object", null, body);
    }

    /** {@link #RULES} with one static method {@code f} of {@code descriptor}. */
    static Classes method(String descriptor, Consumer<MethodVisitor> code) {
        return new Classes().add(RULES, cw -> method(cw, Opcodes.ACC_STATIC, "f", descriptor, code));
    }

    /** Writes a method; {@code code} ends it with its return. */
    static void method(ClassWriter cw, int access, String name, String descriptor, Consumer<MethodVisitor> code) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | access, name, descriptor, null, null);
        mv.visitCode();
        code.accept(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** A static void method that runs {@code code} and returns. */
    static void voidMethod(ClassWriter cw, String name, Consumer<MethodVisitor> code) {
        method(cw, Opcodes.ACC_STATIC, name, "()V", mv -> {
            code.accept(mv);
            mv.visitInsn(Opcodes.RETURN);
        });
    }

    static void callStatic(MethodVisitor mv, String owner, String name, String descriptor) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, descriptor, false);
    }

    /** {@code s + "!"} the way javac compiles it: one invokedynamic of StringConcatFactory. */
    static void concat(MethodVisitor mv) {
        mv.visitInvokeDynamicInsn("makeConcatWithConstants", "(Ljava/lang/String;)Ljava/lang/String;", CONCAT, "\u0001!");
    }

    Map<String, byte[]> files() {
        return files;
    }
}
