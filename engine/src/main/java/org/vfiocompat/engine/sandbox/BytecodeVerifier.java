package org.vfiocompat.engine.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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
 * Each refusal is one of the {@link Check}s, whose texts are the messages packs get.
 */
public final class BytecodeVerifier {

    /** String concatenations allowed in one method: output is at most 2^n times the input. */
    static final int MAX_CONCATS_PER_METHOD = 8;
    /** Instructions one call may run, its callees' included: far above any real rule, far below a hang. */
    static final long MAX_INSTRUCTIONS_PER_CALL = 1_000_000;
    /** The largest array a pack may create, and only with a constant size. */
    static final int MAX_ARRAY = 1024;

    private static final String MODEL_PACKAGE = "org/drools/project/model/";

    /**
     * The generator's rule-definition classes, {@code Rules<hash>RuleMethods<n>}: one static
     * method per rule, run once while the KieBase is built, describing the rule with the model
     * DSL. The names are the generator's; a pack cannot name a class (no declared types, no
     * classes of its own) and its functions land in {@code Rules<hash>}, not here.
     */
    private static final Pattern RULE_METHODS_CLASS = Pattern.compile("Rules[0-9A-F]+RuleMethods[0-9]+");
    private static final Pattern RULES_CLASS = Pattern.compile("Rules[0-9A-F]+");
    /**
     * The members the generator writes into {@code Rules<hash>} beside the pack's functions (the
     * model's list of rules). A function with the same name and descriptor would not compile, so
     * these never hold a pack's code; the static initialiser is not among them (it is checked as
     * pack code, which it may hold).
     */
    private static final Set<String> RULES_CLASS_MEMBERS = Set.of("<init>()V", "getRulesList()Ljava/util/List;",
            "getRules()Ljava/util/List;", "getGlobals()Ljava/util/List;", "getQueries()Ljava/util/List;",
            "getEntryPoints()Ljava/util/List;", "getTypeMetaDatas()Ljava/util/List;", "getName()Ljava/lang/String;");

    /** String searches whose cost is the product of the two lengths. */
    private static final Set<String> SEARCHES = Set.of("indexOf", "lastIndexOf", "contains");
    /** The one-argument forms, whose needle is the instruction right before the call. */
    private static final Set<String> SINGLE_TEXT_ARGUMENT = Set.of("(Ljava/lang/String;)I", "(Ljava/lang/CharSequence;)Z");
    /** The longest needle a string search may take: a constant, so the search is linear in the haystack. */
    static final int MAX_NEEDLE = 64;

    private static boolean takesText(String descriptor) {
        return descriptor.startsWith("(Ljava/lang/String;") || descriptor.startsWith("(Ljava/lang/CharSequence;");
    }

    /** Object's methods the JDK calls back on any object; no class of a pack may declare them. */
    private static final Set<String> OBJECT_METHODS = Set.of("equals(Ljava/lang/Object;)Z", "hashCode()I",
            "toString()Ljava/lang/String;");

    private final AllowList allowList;

    /** Package-private so that tests can verify against an allow-list of their own. */
    BytecodeVerifier(AllowList allowList) {
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
        Scan scan = scan(packId, ownPackage, classFiles, drlFiles);
        return new VerificationReport(scan.classes, scan.methods, scan.references,
                scan.refusals.stream().map(Refusal::problem).toList());
    }

    /** What {@link #verify} refuses, with the check behind each problem, in the same order. */
    List<Refusal> refusals(String packId, String ownPackage, Map<String, byte[]> classFiles, Map<String, String> drlFiles) {
        return List.copyOf(scan(packId, ownPackage, classFiles, drlFiles).refusals);
    }

    private Scan scan(String packId, String ownPackage, Map<String, byte[]> classFiles, Map<String, String> drlFiles) {
        Scan scan = new Scan(packId, ownPackage + "/", drlFiles);
        for (Map.Entry<String, byte[]> e : classFiles.entrySet()) {
            new ClassReader(e.getValue()).accept(scan.classVisitor(), ClassReader.SKIP_DEBUG);
        }
        if (scan.findCallCycles()) {
            scan.checkCallTrees();
        }
        return scan;
    }

    /** The state of one verification. */
    private final class Scan {
        final String packId;
        final String own;
        final Map<String, String> drlFiles;
        final List<Refusal> refusals = new ArrayList<>();
        final Set<String> reported = new HashSet<>();
        /** Each method of the pack to the own methods it calls, once per call site. */
        final Map<MethodRef, List<MethodRef>> calls = new LinkedHashMap<>();
        /**
         * Each method of the pack to the own methods it makes lambdas or method references of.
         * Edges for the cycle check only: how often a lambda runs is up to whoever receives it,
         * so the call-tree costs do not count them (see checkCallTrees).
         */
        final Map<MethodRef, List<MethodRef>> handles = new HashMap<>();
        final Map<MethodRef, Long> instructionsByMethod = new HashMap<>();
        final Map<MethodRef, Integer> concatsByMethod = new HashMap<>();
        final Set<MethodRef> modelMethods = new HashSet<>();
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
                    refuse(Check.LOCAL_CLASS, className, "", "new ", dotted(className));
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    methods++;
                    if (name.equals("finalize") && descriptor.equals("()V")) {
                        refuse(Check.FINALIZE, className, name, "finalize");
                    }
                    if ((access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                        refuse(Check.SYNCHRONIZED_METHOD, className, name, "synchronized");
                    }
                    if ((access & Opcodes.ACC_STATIC) == 0 && OBJECT_METHODS.contains(name + descriptor)) {
                        // The JDK calls these back on whatever object it is given (Objects.equals,
                        // String.valueOf, a list's contains): code the call graph could not see.
                        refuse(Check.OBJECT_METHOD, className, name, name, name);
                    }
                    return new MethodCheck(className, name, descriptor, model);
                }
            };
        }

        void checkSuper(String className, String superName, boolean model) {
            references++;
            if (!isOwn(superName) && !allowList.allows(AllowList.Kind.SUPER, superName, "", "")
                    && !(model && allowList.allows(AllowList.Kind.MODEL, superName, "", ""))) {
                refuse(Check.DISALLOWED_SUPER, className, "", simpleName(superName), dotted(superName));
            }
        }

        /** Checks one method's instructions. */
        private final class MethodCheck extends MethodVisitor {
            final String className;
            final String method;
            final MethodRef node;
            final boolean model;
            /** Whether this is the generator's rule-definition code ({@link #isRuleDefinition}). */
            final boolean definition;
            final Set<Label> seen = new HashSet<>();
            /**
             * Int locals known to hold at most a small constant (or an array's length, as 0), on
             * every path: the largest value any store so far put there. With no backward branch
             * the instructions before this one in code order include every path to it, so that
             * largest value bounds the local wherever the paths join.
             */
            final Map<Integer, Integer> boundedLocals = new HashMap<>();
            /** Int locals some store so far gave an unbounded value: no later store makes them bounded. */
            final Set<Integer> unboundedLocals = new HashSet<>();
            /** For each label a forward jump goes to, the bound of the int the jump leaves on top, or -1. */
            final Map<Label, Integer> topAtJumpTarget = new HashMap<>();
            /** Whether the last instruction lets control fall through to the next (not goto, return, throw, switch). */
            boolean fallsThrough = true;
            int concats;
            long instructions;
            /** Whether the last instruction duplicated a bounded int. */
            boolean dupOfBounded;
            /** A bound of the int the last instruction left on top, or -1 when unknown or none. */
            int lastConstant = -1;
            /** The length of the string constant the current instruction loaded, or -1. */
            int stringConstant = -1;
            /** The length of the string constant the instruction before this one loaded, or -1. */
            int previousStringConstant = -1;

            MethodCheck(String className, String method, String descriptor, boolean model) {
                super(Opcodes.ASM9);
                this.className = className;
                this.method = method;
                this.node = new MethodRef(className, method, descriptor);
                this.model = model;
                this.definition = !model && isRuleDefinition(className, method, descriptor);
                calls.computeIfAbsent(node, k -> new ArrayList<>());
            }

            private boolean allowed(AllowList.Kind kind, String owner, String name, String desc) {
                references++;
                return isOwn(owner) || allowList.allows(kind, owner, name, desc)
                        || (model && allowList.allows(AllowList.Kind.MODEL, owner, name, desc));
            }

            /**
             * Rule-definition code calls only what the generator emits there: the model DSL
             * and a few JDK helpers ({@code define} lines). Pack code that lands in it (a
             * salience or a constant {@code from} source) would run while the KieBase is built.
             */
            private boolean definitionMayCall(String owner, String name, String desc) {
                references++;
                return allowList.allows(AllowList.Kind.DEFINE, owner, name, desc);
            }

            /** Counts one instruction; returns whether the one before it was a DUP of a bounded int. */
            private boolean step() {
                instructions++;
                previousStringConstant = stringConstant;
                stringConstant = -1;
                boolean afterDup = dupOfBounded;
                dupOfBounded = false;
                return afterDup;
            }

            /** The bound of a value that arrives by two paths: the larger, if both are bounded. */
            private static int join(int a, int b) {
                return a < 0 || b < 0 ? -1 : Math.max(a, b);
            }

            @Override
            public void visitLabel(Label label) {
                seen.add(label);
                // Paths may join here: a constant loaded just before is not the value on every path.
                stringConstant = -1;
                // A label is where jumps arrive: the value on top is bounded only if it is on
                // every way in (new int[c ? n : 5] must not pass as new int[5]). A label no jump
                // goes to after a goto, return or throw is an exception handler or dead code.
                Integer jumped = topAtJumpTarget.remove(label);
                if (jumped != null) {
                    lastConstant = fallsThrough ? join(lastConstant, jumped) : jumped;
                } else if (!fallsThrough) {
                    lastConstant = -1;
                }
                fallsThrough = true;
                dupOfBounded = false;
            }

            @Override
            public void visitInsn(int opcode) {
                step();
                if ((opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) || opcode == Opcodes.ATHROW) {
                    fallsThrough = false;
                }
                if (opcode == Opcodes.MONITORENTER && !model) {
                    refuse(Check.MONITOR, className, method, "synchronized");
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
                step();
                if (opcode == Opcodes.NEWARRAY) {
                    checkArraySize("a primitive array");
                }
                lastConstant = opcode == Opcodes.BIPUSH || opcode == Opcodes.SIPUSH ? operand : -1;
            }

            @Override
            public void visitVarInsn(int opcode, int varIndex) {
                boolean afterDup = step();
                if (opcode == Opcodes.ISTORE) {
                    if (lastConstant >= 0 && !unboundedLocals.contains(varIndex)) {
                        boundedLocals.merge(varIndex, lastConstant, Math::max);
                    } else {
                        boundedLocals.remove(varIndex);
                        unboundedLocals.add(varIndex);
                    }
                    // After DUP; ISTORE the same bounded value is still on the stack.
                    lastConstant = afterDup ? lastConstant : -1;
                } else {
                    lastConstant = opcode == Opcodes.ILOAD ? boundedLocals.getOrDefault(varIndex, -1) : -1;
                }
            }

            @Override
            public void visitIincInsn(int varIndex, int increment) {
                step();
                boundedLocals.remove(varIndex);
                unboundedLocals.add(varIndex);
                lastConstant = -1;
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                step();
                if (opcode == Opcodes.ANEWARRAY) {
                    checkArraySize("an array of " + dotted(type));
                }
                String element = elementType(type);
                if (element != null && !allowed(AllowList.Kind.TYPE, element, "", "")) {
                    refuse(Check.DISALLOWED_TYPE, className, method, simpleName(element), dotted(element));
                }
                lastConstant = -1;
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
                step();
                refuse(Check.MULTI_DIMENSIONAL_ARRAY, className, method, "new ");
                lastConstant = -1;
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                step();
                boolean write = opcode == Opcodes.PUTFIELD || opcode == Opcodes.PUTSTATIC;
                if (isOwn(owner) || write) {
                    // A read outside the pack is counted by allowed(), once.
                    references++;
                }
                if (isOwn(owner) && opcode == Opcodes.PUTSTATIC && !method.equals("<clinit>") && !model) {
                    // Static state outlives a firing and an evaluation: only initialisers may set it.
                    refuse(Check.STATIC_FIELD_WRITE, className, method, name, dotted(owner) + "." + name);
                } else if (isOwn(owner) && opcode == Opcodes.PUTFIELD && !method.equals("<init>") && !model) {
                    refuse(Check.FIELD_WRITE, className, method, name, dotted(owner) + "." + name);
                }
                if (!isOwn(owner)) {
                    if (write) {
                        refuse(Check.FOREIGN_FIELD_WRITE, className, method, name, dotted(owner) + "." + name);
                    } else if (descriptor.startsWith("[")) {
                        references++;
                        refuse(Check.SHARED_ARRAY, className, method, name, dotted(owner) + "." + name);
                    } else if (!allowed(AllowList.Kind.FIELD, owner, name, "")) {
                        refuse(Check.DISALLOWED_FIELD_READ, className, method, name, dotted(owner) + "." + name);
                    }
                }
                lastConstant = -1;
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                step();
                if (owner.startsWith("[") && name.equals("clone")) {
                    // values() of an enum: copying an array the pack already has.
                    references++;
                } else if (isOwn(owner)) {
                    references++;
                    calls.get(node).add(new MethodRef(owner, name, descriptor));
                    if (definition && !isRuleDefinition(owner, name, descriptor)) {
                        // A salience or a constant from source calling a function: it would
                        // run while the KieBase is built, before any evaluation bound applies.
                        refuse(Check.LOAD_TIME_CODE, className, method, name + "(", new MethodRef(owner, name, descriptor).dotted());
                    }
                } else if (definition ? !definitionMayCall(owner, name, descriptor) : !allowed(AllowList.Kind.CALL, owner, name, descriptor)) {
                    MethodRef callee = new MethodRef(owner, name, descriptor);
                    if (definition && allowed(AllowList.Kind.CALL, owner, name, descriptor)) {
                        refuse(Check.LOAD_TIME_CODE, className, method, name + "(", callee.dotted());
                    } else if (!definition && allowList.allows(AllowList.Kind.DEFINE, owner, name, descriptor)) {
                        refuse(Check.DEFINITION_ONLY, className, method, name + "(", callee.dotted());
                    } else {
                        refuse(Check.DISALLOWED_CALL, className, method, name + "(", callee.dotted());
                    }
                } else if (owner.equals("java/lang/String") && name.equals("concat")) {
                    countConcat();
                } else if (owner.equals("java/lang/String") && SEARCHES.contains(name) && takesText(descriptor)) {
                    // The JDK's search is naive: its cost is the product of haystack and needle,
                    // 4096 x 1 MiB per call, and the call counts as one instruction here. With a
                    // short constant needle it is linear in the haystack (issue 13, class 2).
                    if (!SINGLE_TEXT_ARGUMENT.contains(descriptor) || previousStringConstant < 0
                            || previousStringConstant > MAX_NEEDLE) {
                        refuse(Check.SEARCH_NEEDLE, className, method, name + "(", name);
                    }
                }
                lastConstant = -1;
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... args) {
                step();
                references++;
                if (!allowList.allows(AllowList.Kind.BOOTSTRAP, bootstrap.getOwner(), bootstrap.getName(), bootstrap.getDesc())) {
                    refuse(Check.DISALLOWED_BOOTSTRAP, className, method, name, dotted(bootstrap.getOwner()) + "." + bootstrap.getName());
                }
                if (bootstrap.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
                    countConcat();
                }
                if (bootstrap.getOwner().equals("java/lang/invoke/LambdaMetafactory")) {
                    // A function object runs as often as whoever holds it calls it, outside the
                    // call graph. The generator makes none of the pack's code: it turns every
                    // constraint and consequence into a named class (LambdaPredicate..., an enum
                    // constant Drools calls); its only lambdas are constructor references to
                    // Drools' accumulate functions, in rule-definition code.
                    String target = args.length > 1 && args[1] instanceof Handle h ? h.getName() : name;
                    boolean ownTarget = args.length > 1 && args[1] instanceof Handle h && isOwn(h.getOwner());
                    if (ownTarget || !definition) {
                        refuse(Check.LAMBDA, className, method, "->", target);
                    }
                }
                for (Object arg : args) {
                    if (arg instanceof Handle h) {
                        checkHandle(h);
                    } else if (arg instanceof ConstantDynamic) {
                        refuse(Check.DYNAMIC_CONSTANT_ARGUMENT, className, method, name);
                    }
                }
                lastConstant = -1;
            }

            @Override
            public void visitLdcInsn(Object value) {
                step();
                if (value instanceof String str) {
                    stringConstant = str.length();
                }
                if (!(value instanceof Type t) || t.getSort() == Type.METHOD || elementType(t.getInternalName()) == null) {
                    // allowed() below counts the class constants it checks; every other constant counts here.
                    references++;
                }
                lastConstant = value instanceof Integer i ? i : -1;
                if (value instanceof Type t) {
                    if (t.getSort() == Type.METHOD) {
                        refuse(Check.METHOD_TYPE_CONSTANT, className, method, "");
                        return;
                    }
                    String element = elementType(t.getInternalName());
                    if (element != null && !allowed(AllowList.Kind.TYPE, element, "", "")) {
                        refuse(Check.DISALLOWED_CLASS_CONSTANT, className, method, simpleName(element), dotted(element));
                    }
                } else if (value instanceof Handle h) {
                    refuse(Check.METHOD_HANDLE_CONSTANT, className, method, h.getName(), dotted(h.getOwner()) + "." + h.getName());
                } else if (value instanceof ConstantDynamic) {
                    refuse(Check.DYNAMIC_CONSTANT, className, method, "");
                }
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                step();
                if (seen.contains(label) && !model) {
                    refuse(Check.BACKWARD_BRANCH, className, method, "while");
                }
                // A goto keeps the stack as it is; a conditional jump pops what was tracked.
                jumpsTo(label, opcode == Opcodes.GOTO ? lastConstant : -1);
                fallsThrough = opcode != Opcodes.GOTO;
                lastConstant = -1;
            }

            private void jumpsTo(Label label, int top) {
                topAtJumpTarget.merge(label, top, MethodCheck::join);
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
                step();
                boolean backward = seen.contains(dflt);
                jumpsTo(dflt, -1);
                for (Label l : labels) {
                    backward |= seen.contains(l);
                    jumpsTo(l, -1);
                }
                fallsThrough = false;
                if (backward && !model) {
                    refuse(Check.BACKWARD_SWITCH, className, method, "switch");
                }
                lastConstant = -1;
            }

            private void checkHandle(Handle h) {
                if (isOwn(h.getOwner())) {
                    references++;
                    if (h.getTag() >= Opcodes.H_INVOKEVIRTUAL) {
                        // A lambda or method reference to an own method: whoever receives it may
                        // call it, so f -> (y -> f(y)) is a cycle even though f never calls its lambda.
                        handles.computeIfAbsent(node, k -> new ArrayList<>()).add(new MethodRef(h.getOwner(), h.getName(),
                                h.getDesc()));
                    }
                } else if (definition ? !definitionMayCall(h.getOwner(), h.getName(), h.getDesc())
                        : !allowed(AllowList.Kind.CALL, h.getOwner(), h.getName(), h.getDesc())) {
                    refuse(Check.DISALLOWED_HANDLE, className, method, h.getName(), dotted(h.getOwner()) + "." + h.getName()
                            + h.getDesc());
                }
            }

            private void checkArraySize(String what) {
                if (lastConstant < 0 || lastConstant > MAX_ARRAY) {
                    refuse(Check.ARRAY_SIZE, className, method, "new ", what);
                }
            }

            private void countConcat() {
                concatsByMethod.merge(node, 1, Integer::sum);
                if (++concats == MAX_CONCATS_PER_METHOD + 1 && !model) {
                    refuse(Check.CONCATENATIONS, className, method, "+");
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
            Map<MethodRef, long[]> memo = new HashMap<>();
            MethodRef worstWork = null;
            long worstWorkValue = 0;
            MethodRef worstGrowth = null;
            long worstGrowthValue = 0;
            for (MethodRef m : calls.keySet()) {
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
                refuse(Check.INSTRUCTION_BUDGET, worstWork.owner(), worstWork.name(), worstWork.name() + "(",
                        worstWorkValue >= Long.MAX_VALUE / 4 ? "an unbounded number of" : "about " + worstWorkValue);
            }
            if (worstGrowth != null) {
                refuse(Check.CALL_TREE_CONCATENATIONS, worstGrowth.owner(), worstGrowth.name(), worstGrowth.name() + "(",
                        worstGrowthValue);
            }
        }

        /** {instructions, concatenations} of {@code m}'s whole call tree, saturating. */
        private long[] treeCost(MethodRef root, Map<MethodRef, long[]> memo) {
            // Post-order over an explicit stack, not recursion: a pack's chain of a few thousand
            // functions would otherwise overflow the verifier's own stack. A method is costed
            // once its callees are; the graph is acyclic, so each is on top at most twice.
            Deque<MethodRef> pending = new ArrayDeque<>();
            pending.push(root);
            while (!pending.isEmpty()) {
                MethodRef m = pending.peek();
                if (memo.containsKey(m)) {
                    pending.pop();
                    continue;
                }
                List<MethodRef> callees = calls.getOrDefault(m, List.of());
                boolean ready = true;
                for (MethodRef callee : callees) {
                    if (!memo.containsKey(callee)) {
                        pending.push(callee);
                        ready = false;
                    }
                }
                if (!ready) {
                    continue;
                }
                long work = instructionsByMethod.getOrDefault(m, 0L);
                long growth = concatsByMethod.getOrDefault(m, 0);
                for (MethodRef callee : callees) {
                    long[] c = memo.get(callee);
                    work = saturatingAdd(work, c[0]);
                    growth = saturatingAdd(growth, c[1]);
                }
                memo.put(m, new long[] {work, growth});
                pending.pop();
            }
            return memo.get(root);
        }

        private static long saturatingAdd(long a, long b) {
            long r = a + b;
            return r < 0 || r > Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : r;
        }

        /** Reports one cycle of calls among the pack's own methods; true when there is none. */
        boolean findCallCycles() {
            Map<MethodRef, Integer> state = new HashMap<>();
            for (MethodRef start : calls.keySet()) {
                List<MethodRef> path = cycleFrom(start, state);
                if (path != null) {
                    MethodRef first = path.get(0);
                    refuse(Check.CALL_CYCLE, first.owner(), first.name(), first.name() + "(",
                            String.join(" -> ", path.stream().map(MethodRef::shortName).toList()));
                    return false;
                }
            }
            return true;
        }

        private static final int ON_PATH = 1;
        private static final int FINISHED = 2;

        /**
         * Depth-first search from {@code start}, calls before lambdas, in the order they were
         * read: the cycle it returns ({@code f, g, f}) or null. Iterative for the same reason as
         * {@link #treeCost}; it visits in the order the recursive search did, so a pack is told
         * about the same cycle.
         */
        private List<MethodRef> cycleFrom(MethodRef start, Map<MethodRef, Integer> state) {
            if (state.containsKey(start)) {
                return null;
            }
            List<MethodRef> path = new ArrayList<>();
            Deque<Iterator<MethodRef>> next = new ArrayDeque<>();
            state.put(start, ON_PATH);
            path.add(start);
            next.push(successors(start));
            while (!next.isEmpty()) {
                Iterator<MethodRef> it = next.peek();
                if (!it.hasNext()) {
                    state.put(path.remove(path.size() - 1), FINISHED);
                    next.pop();
                    continue;
                }
                MethodRef callee = it.next();
                Integer s = state.get(callee);
                if (s == null) {
                    state.put(callee, ON_PATH);
                    path.add(callee);
                    next.push(successors(callee));
                } else if (s == ON_PATH) {
                    List<MethodRef> cycle = new ArrayList<>(path.subList(path.indexOf(callee), path.size()));
                    cycle.add(callee);
                    return cycle;
                }
            }
            return null;
        }

        private Iterator<MethodRef> successors(MethodRef m) {
            List<MethodRef> all = new ArrayList<>(calls.getOrDefault(m, List.of()));
            all.addAll(handles.getOrDefault(m, List.of()));
            return all.iterator();
        }

        /**
         * Records a refusal once per check, class, method and message; {@code hint} is what to
         * search the DRL for, {@code args} fill the check's text.
         */
        void refuse(Check check, String className, String method, String hint, Object... args) {
            String message = check.message(args);
            if (!reported.add(className + " " + method + " " + message)) {
                return;
            }
            String where = " (in generated class " + dotted(className) + (method.isEmpty() ? "" : ", method " + method) + ")";
            DrlLine line = DrlLine.find(drlFiles, hint);
            Problem problem = line == null ? new Problem(ProblemCodes.PACK_BYTECODE_REFUSED, Location.file(packId), message + where)
                    : new Problem(ProblemCodes.PACK_BYTECODE_REFUSED, Location.line(packId + "/" + line.file(), line.line()),
                            message + where);
            refusals.add(new Refusal(check, problem));
        }
    }

    /**
     * Whether a method of the pack is rule-definition code: generated by the executable model
     * to describe the rules, and the only code that may use the model DSL and create function
     * objects (see {@link Check#DEFINITION_ONLY}). Everything else of the pack (constraints,
     * consequences, functions, static initialisers) is where the pack's own code lands.
     */
    static boolean isRuleDefinition(String className, String method, String descriptor) {
        String simple = className.substring(className.lastIndexOf('/') + 1);
        return RULE_METHODS_CLASS.matcher(simple).matches()
                || RULES_CLASS.matcher(simple).matches() && RULES_CLASS_MEMBERS.contains(method + descriptor);
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

    /**
     * The name a DRL would use for a class: after the package and after the last {@code $} of a
     * nested class, but a leading {@code $} is part of the name ({@code $Proxy} stays whole). It is
     * the hint by which a refusal finds its DRL line, so the more of the name it keeps the better.
     */
    static String simpleName(String internalName) {
        String s = internalName.substring(internalName.lastIndexOf('/') + 1);
        int dollar = s.lastIndexOf('$');
        return dollar <= 0 ? s : s.substring(dollar + 1);
    }
}
