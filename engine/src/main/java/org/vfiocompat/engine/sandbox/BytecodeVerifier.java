package org.vfiocompat.engine.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Reads every class a pack's build generated, before any is loaded, and refuses the pack when
 * its code could reach beyond the rules API and plain value operations, or could fail to end.
 *
 * <p>Three properties are checked, all by construction rather than by watching at run time:
 * <ul>
 *   <li><b>allow-list</b>: every method call, field access, type reference, class constant,
 *       method handle and invokedynamic bootstrap outside the pack's own package must be on
 *       {@link AllowList} ({@code allowlist.txt}); anything else is refused;</li>
 *   <li><b>termination</b>: no backward branch (so no loop) and no cycle of calls among the
 *       pack's own methods (so no recursion): straight-line code over bounded input ends;</li>
 *   <li><b>bounded growth</b>: arrays only with small constant sizes, and at most
 *       {@link #MAX_CONCATS_PER_METHOD} string concatenations per method, so straight-line code
 *       cannot double a string without bound.</li>
 * </ul>
 */
public final class BytecodeVerifier {

    /** String concatenations allowed in one method: output is at most 2^n times the input. */
    static final int MAX_CONCATS_PER_METHOD = 8;
    /** Instructions one call may run, its callees' included: far above any real rule, far below a hang. */
    static final long MAX_INSTRUCTIONS_PER_CALL = 1_000_000;
    /** The largest array a pack may create, and only with a constant size. */
    static final int MAX_ARRAY = 1024;

    private static final String MODEL_PACKAGE = "org/drools/project/model/";

    private final AllowList allowList;

    private BytecodeVerifier(AllowList allowList) {
        this.allowList = allowList;
    }

    /** The verifier with the engine's allow-list. */
    public static BytecodeVerifier standard() {
        return new BytecodeVerifier(AllowList.standard());
    }

    /**
     * Verifies a pack's generated classes.
     *
     * @param packId     names the pack in problems
     * @param ownPackage the pack's package in internal form ({@code packs/intel_gvtg})
     * @param classFiles class file name to bytes, as the build produced them
     * @param drlFiles   pack-relative DRL path to text, to point refusals at a line
     */
    public VerificationReport verify(String packId, String ownPackage, Map<String, byte[]> classFiles,
                                     Map<String, String> drlFiles) {
        Scan scan = new Scan(packId, ownPackage + "/", drlFiles);
        for (Map.Entry<String, byte[]> e : classFiles.entrySet()) {
            new ClassReader(e.getValue()).accept(scan.classVisitor(), ClassReader.SKIP_DEBUG);
        }
        if (scan.findCallCycles()) {
            scan.checkCallTrees();
        }
        return new VerificationReport(scan.classes, scan.methods, scan.references, scan.problems);
    }

    /** The state of one verification. */
    private final class Scan {
        final String packId;
        final String own;
        final Map<String, String> drlFiles;
        final List<Problem> problems = new ArrayList<>();
        final Set<String> reported = new HashSet<>();
        final Map<String, List<String>> calls = new LinkedHashMap<>();
        final Map<String, Long> instructionsByMethod = new HashMap<>();
        final Map<String, Integer> concatsByMethod = new HashMap<>();
        final Set<String> modelMethods = new HashSet<>();
        int classes;
        int methods;
        int references;

        Scan(String packId, String own, Map<String, String> drlFiles) {
            this.packId = packId;
            this.own = own;
            this.drlFiles = drlFiles;
        }

        boolean isOwn(String internalName) {
            return internalName.startsWith(own);
        }

        ClassVisitor classVisitor() {
            return new ClassVisitor(Opcodes.ASM9) {
                String className;
                boolean model;

                @Override
                public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                    classes++;
                    className = name;
                    model = name.startsWith(MODEL_PACKAGE);
                    if (superName != null) {
                        checkSuper(className, superName, model);
                    }
                    for (String i : interfaces) {
                        checkSuper(className, i, model);
                    }
                }

                @Override
                public void visitOuterClass(String owner, String name, String descriptor) {
                    // Only anonymous and local classes have an enclosing method: the generator
                    // never emits one, so it was written in a consequence or function. Such a
                    // class could keep state in static fields, override finalize() (run later on
                    // the JVM's finalizer thread) or equals() (called back by the JDK).
                    refuse("bytecode check", className, "", "defines the anonymous or local class " + dotted(className)
                            + "; packs may not define classes of their own", "new ");
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    methods++;
                    if (name.equals("finalize") && descriptor.equals("()V")) {
                        refuse("bytecode check", className, name, "overrides finalize(), which the JVM would run outside any evaluation",
                                "finalize");
                    }
                    if ((access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                        refuse("bytecode check", className, name, "is synchronized; packs may not take locks", "synchronized");
                    }
                    return new MethodCheck(className, name, descriptor, model);
                }
            };
        }

        void checkSuper(String className, String superName, boolean model) {
            references++;
            if (!isOwn(superName) && !allowList.allows(AllowList.Kind.SUPER, superName, "", "")
                    && !(model && allowList.allows(AllowList.Kind.MODEL, superName, "", ""))) {
                refuse("bytecode check", className, "", "extends or implements " + dotted(superName)
                        + ", which is not on the allow-list", simpleName(superName));
            }
        }

        /** Checks one method's instructions. */
        private final class MethodCheck extends MethodVisitor {
            final String className;
            final String method;
            final String node;
            final boolean model;
            final Set<Label> seen = new HashSet<>();
            /** Int locals known to hold a small constant or an array's length. */
            final Map<Integer, Integer> boundedLocals = new HashMap<>();
            int concats;
            long instructions;
            /** Whether the last instruction duplicated a bounded int. */
            boolean dupOfBounded;
            /** The constant the last instruction pushed, or -1 when it pushed none. */
            int lastConstant = -1;

            MethodCheck(String className, String method, String descriptor, boolean model) {
                super(Opcodes.ASM9);
                this.className = className;
                this.method = method;
                this.node = className + "." + method + descriptor;
                this.model = model;
                calls.computeIfAbsent(node, k -> new ArrayList<>());
            }

            private boolean allowed(AllowList.Kind kind, String owner, String name, String desc) {
                references++;
                return isOwn(owner) || allowList.allows(kind, owner, name, desc)
                        || (model && allowList.allows(AllowList.Kind.MODEL, owner, name, desc));
            }

            @Override
            public void visitLabel(Label label) {
                seen.add(label);
            }

            @Override
            public void visitInsn(int opcode) {
                instructions++;
                if (opcode == Opcodes.MONITORENTER && !model) {
                    refuse("bytecode check", className, method, "takes a lock (synchronized); packs may not", "synchronized");
                }
                if (opcode >= Opcodes.ICONST_0 && opcode <= Opcodes.ICONST_5) {
                    lastConstant = opcode - Opcodes.ICONST_0;
                } else if (opcode == Opcodes.ARRAYLENGTH) {
                    // The length of an array the pack already holds is as bounded as that array
                    // (enum values() copies its constants this way).
                    lastConstant = 0;
                } else if (opcode != Opcodes.DUP) {
                    lastConstant = -1;
                }
                dupOfBounded = opcode == Opcodes.DUP && lastConstant >= 0;
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                instructions++;
                if (opcode == Opcodes.NEWARRAY) {
                    checkArraySize("a primitive array");
                }
                lastConstant = opcode == Opcodes.BIPUSH || opcode == Opcodes.SIPUSH ? operand : -1;
            }

            @Override
            public void visitVarInsn(int opcode, int varIndex) {
                instructions++;
                if (opcode == Opcodes.ISTORE) {
                    if (lastConstant >= 0) {
                        boundedLocals.put(varIndex, lastConstant);
                    } else {
                        boundedLocals.remove(varIndex);
                    }
                    // After DUP; ISTORE the same bounded value is still on the stack.
                    lastConstant = dupOfBounded ? lastConstant : -1;
                    dupOfBounded = false;
                } else {
                    lastConstant = opcode == Opcodes.ILOAD ? boundedLocals.getOrDefault(varIndex, -1) : -1;
                }
            }

            @Override
            public void visitIincInsn(int varIndex, int increment) {
                boundedLocals.remove(varIndex);
                lastConstant = -1;
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                instructions++;
                if (opcode == Opcodes.ANEWARRAY) {
                    checkArraySize("an array of " + dotted(type));
                }
                String element = elementType(type);
                if (element != null && !allowed(AllowList.Kind.TYPE, element, "", "")) {
                    refuse("bytecode check", className, method, "uses the type " + dotted(element)
                            + ", which is not on the allow-list", simpleName(element));
                }
                lastConstant = -1;
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
                refuse("bytecode check", className, method, "creates a multi-dimensional array", "new ");
                lastConstant = -1;
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                instructions++;
                boolean write = opcode == Opcodes.PUTFIELD || opcode == Opcodes.PUTSTATIC;
                references++;
                if (isOwn(owner) && opcode == Opcodes.PUTSTATIC && !method.equals("<clinit>") && !model) {
                    // Static state outlives a firing and an evaluation: only initialisers may set it.
                    refuse("bytecode check", className, method, "writes the static field " + dotted(owner) + "." + name
                            + " outside a static initialiser (state kept between evaluations)", name);
                } else if (isOwn(owner) && opcode == Opcodes.PUTFIELD && !method.equals("<init>") && !model) {
                    refuse("bytecode check", className, method, "writes the field " + dotted(owner) + "." + name
                            + " outside a constructor (state kept between firings)", name);
                }
                if (!isOwn(owner)) {
                    if (write) {
                        refuse("bytecode check", className, method, "writes the field " + dotted(owner) + "." + name
                                + " of a class outside the pack", name);
                    } else if (!allowed(AllowList.Kind.FIELD, owner, name, "")) {
                        refuse("bytecode check", className, method, "reads the field " + dotted(owner) + "." + name
                                + ", which is not on the allow-list", name);
                    }
                }
                lastConstant = -1;
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (owner.startsWith("[") && name.equals("clone")) {
                    // values() of an enum: copying an array the pack already has.
                    references++;
                } else if (isOwn(owner)) {
                    references++;
                    calls.get(node).add(owner + "." + name + descriptor);
                    instructions++;
                } else if (!allowed(AllowList.Kind.CALL, owner, name, descriptor)) {
                    refuse("bytecode check", className, method, "calls " + dotted(owner) + "." + name + descriptor
                            + ", which is not on the allow-list", name + "(");
                } else if (owner.equals("java/lang/String") && name.equals("concat")) {
                    countConcat();
                }
                lastConstant = -1;
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... args) {
                instructions++;
                references++;
                if (!allowList.allows(AllowList.Kind.BOOTSTRAP, bootstrap.getOwner(), bootstrap.getName(), bootstrap.getDesc())) {
                    refuse("bytecode check", className, method, "uses the invokedynamic bootstrap " + dotted(bootstrap.getOwner())
                            + "." + bootstrap.getName() + ", which is not on the allow-list", name);
                }
                if (bootstrap.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
                    countConcat();
                }
                for (Object arg : args) {
                    if (arg instanceof Handle h) {
                        checkHandle(h);
                    } else if (arg instanceof ConstantDynamic) {
                        refuse("bytecode check", className, method, "uses a dynamic constant", name);
                    }
                }
                lastConstant = -1;
            }

            @Override
            public void visitLdcInsn(Object value) {
                instructions++;
                references++;
                lastConstant = value instanceof Integer i ? i : -1;
                if (value instanceof Type t) {
                    if (t.getSort() == Type.METHOD) {
                        refuse("bytecode check", className, method, "loads a method type constant", "");
                        return;
                    }
                    String element = elementType(t.getInternalName());
                    if (element != null && !allowed(AllowList.Kind.TYPE, element, "", "")) {
                        refuse("bytecode check", className, method, "loads the class constant " + dotted(element)
                                + ", which is not on the allow-list", simpleName(element));
                    }
                } else if (value instanceof Handle h) {
                    refuse("bytecode check", className, method, "loads a method handle to " + dotted(h.getOwner()) + "."
                            + h.getName(), h.getName());
                } else if (value instanceof ConstantDynamic) {
                    refuse("bytecode check", className, method, "loads a dynamic constant", "");
                }
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                instructions++;
                if (seen.contains(label) && !model) {
                    refuse("termination check", className, method, "has a backward branch (a loop); "
                            + "iterate with rules and the helper functions instead", "while");
                }
                lastConstant = -1;
            }

            @Override
            public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                checkSwitch(dflt, labels);
            }

            @Override
            public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                checkSwitch(dflt, labels);
            }

            private void checkSwitch(Label dflt, Label[] labels) {
                boolean backward = seen.contains(dflt);
                for (Label l : labels) {
                    backward |= seen.contains(l);
                }
                if (backward && !model) {
                    refuse("termination check", className, method, "has a backward branch (a loop)", "switch");
                }
                lastConstant = -1;
            }

            private void checkHandle(Handle h) {
                if (isOwn(h.getOwner())) {
                    references++;
                } else if (!allowed(AllowList.Kind.CALL, h.getOwner(), h.getName(), h.getDesc())) {
                    refuse("bytecode check", className, method, "refers to " + dotted(h.getOwner()) + "." + h.getName()
                            + h.getDesc() + ", which is not on the allow-list", h.getName());
                }
            }

            private void checkArraySize(String what) {
                if (lastConstant < 0 || lastConstant > MAX_ARRAY) {
                    refuse("bytecode check", className, method, "creates " + what + " whose size is not a constant of at most "
                            + MAX_ARRAY, "new ");
                }
            }

            private void countConcat() {
                concatsByMethod.merge(node, 1, Integer::sum);
                if (++concats == MAX_CONCATS_PER_METHOD + 1 && !model) {
                    refuse("bytecode check", className, method, "concatenates strings more than " + MAX_CONCATS_PER_METHOD
                            + " times in one method (unbounded growth)", "+");
                }
            }

            @Override
            public void visitEnd() {
                instructionsByMethod.put(node, instructions);
                if (model) {
                    modelMethods.add(node);
                }
            }
        }

        /**
         * Per-method bounds do not compose by themselves: a function calling another four times,
         * twenty levels deep, has no loop and no cycle but runs 4^20 calls; nested calls of a
         * concatenating function multiply its growth. So the bounds are checked over each
         * method's whole call tree (the call graph is acyclic here): instructions run, and string
         * concatenations, counting every call site.
         */
        void checkCallTrees() {
            Map<String, long[]> memo = new HashMap<>();
            String worstWork = null;
            long worstWorkValue = 0;
            String worstGrowth = null;
            long worstGrowthValue = 0;
            for (String m : calls.keySet()) {
                if (modelMethods.contains(m)) {
                    continue;
                }
                long[] cost = treeCost(m, memo);
                if (cost[0] > MAX_INSTRUCTIONS_PER_CALL && cost[0] > worstWorkValue) {
                    worstWork = m;
                    worstWorkValue = cost[0];
                }
                if (cost[1] > MAX_CONCATS_PER_METHOD && cost[1] > worstGrowthValue) {
                    worstGrowth = m;
                    worstGrowthValue = cost[1];
                }
            }
            if (worstWork != null) {
                String cls = worstWork.substring(0, worstWork.indexOf('.'));
                String name = worstWork.substring(worstWork.indexOf('.') + 1, worstWork.indexOf('('));
                refuse("termination check", cls, name, "may run " + (worstWorkValue >= Long.MAX_VALUE / 4 ? "an unbounded number of"
                        : "about " + worstWorkValue) + " instructions in one call through the functions it calls (call fan-out); "
                        + "the limit is " + MAX_INSTRUCTIONS_PER_CALL, name + "(");
            }
            if (worstGrowth != null) {
                String cls = worstGrowth.substring(0, worstGrowth.indexOf('.'));
                String name = worstGrowth.substring(worstGrowth.indexOf('.') + 1, worstGrowth.indexOf('('));
                refuse("bytecode check", cls, name, "concatenates strings " + worstGrowthValue
                        + " times in one call through the functions it calls, more than " + MAX_CONCATS_PER_METHOD
                        + " (unbounded growth)", name + "(");
            }
        }

        /** {instructions, concatenations} of {@code m}'s whole call tree, saturating. */
        private long[] treeCost(String m, Map<String, long[]> memo) {
            long[] known = memo.get(m);
            if (known != null) {
                return known;
            }
            long work = instructionsByMethod.getOrDefault(m, 0L);
            long growth = concatsByMethod.getOrDefault(m, 0);
            for (String callee : calls.getOrDefault(m, List.of())) {
                long[] c = treeCost(callee, memo);
                work = saturatingAdd(work, c[0]);
                growth = saturatingAdd(growth, c[1]);
            }
            long[] cost = {work, growth};
            memo.put(m, cost);
            return cost;
        }

        private static long saturatingAdd(long a, long b) {
            long r = a + b;
            return r < 0 || r > Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : r;
        }

        /** Reports one cycle of calls among the pack's own methods; true when there is none. */
        boolean findCallCycles() {
            Map<String, Integer> state = new HashMap<>();
            for (String start : calls.keySet()) {
                List<String> path = new ArrayList<>();
                if (cycleFrom(start, state, path)) {
                    String first = path.get(0);
                    String cls = first.substring(0, first.indexOf('.'));
                    String m = first.substring(first.indexOf('.') + 1, first.indexOf('('));
                    refuse("termination check", cls, m, "calls itself (recursion): " + String.join(" -> ", path.stream()
                            .map(BytecodeVerifier::shortMethod).toList()), m + "(");
                    return false;
                }
            }
            return true;
        }

        /** Depth-first search; state 1 = on the current path, 2 = finished. */
        private boolean cycleFrom(String node, Map<String, Integer> state, List<String> path) {
            Integer s = state.get(node);
            if (s != null && s == 2) {
                return false;
            }
            if (s != null && s == 1) {
                int at = path.indexOf(node);
                List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
                cycle.add(node);
                path.clear();
                path.addAll(cycle);
                return true;
            }
            state.put(node, 1);
            path.add(node);
            for (String next : calls.getOrDefault(node, List.of())) {
                if (cycleFrom(next, state, path)) {
                    return true;
                }
            }
            path.remove(path.size() - 1);
            state.put(node, 2);
            return false;
        }

        void refuse(String check, String className, String method, String what, String hint) {
            String key = check + className + method + what;
            if (!reported.add(key)) {
                return;
            }
            String where = " (in generated class " + dotted(className) + (method.isEmpty() ? "" : ", method " + method) + ")";
            DrlLine line = DrlLine.find(drlFiles, hint);
            if (line == null) {
                problems.add(new Problem(ProblemCodes.PACK_BYTECODE_REFUSED, Location.file(packId), check + ": " + what + where));
            } else {
                problems.add(new Problem(ProblemCodes.PACK_BYTECODE_REFUSED, Location.line(packId + "/" + line.file(), line.line()), check + ": " + what + where));
            }
        }
    }

    /** The class a type descriptor or internal name refers to, or null for primitives. */
    static String elementType(String internalNameOrDescriptor) {
        String t = internalNameOrDescriptor;
        while (t.startsWith("[")) {
            t = t.substring(1);
        }
        if (t.startsWith("L") && t.endsWith(";")) {
            return t.substring(1, t.length() - 1);
        }
        return t.length() == 1 ? null : t;
    }

    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }

    static String simpleName(String internalName) {
        int slash = internalName.lastIndexOf('/');
        String s = slash < 0 ? internalName : internalName.substring(slash + 1);
        int dollar = s.lastIndexOf('$');
        return dollar < 0 ? s : s.substring(dollar + 1);
    }

    private static String shortMethod(String node) {
        String cls = node.substring(0, node.indexOf('.'));
        return simpleName(cls) + "." + node.substring(node.indexOf('.') + 1, node.indexOf('('));
    }
}
