package org.vfiocompat.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vfiocompat.engine.sandbox.Classes.METAFACTORY;
import static org.vfiocompat.engine.sandbox.Classes.OWN;
import static org.vfiocompat.engine.sandbox.Classes.RULES;
import static org.vfiocompat.engine.sandbox.Classes.callStatic;
import static org.vfiocompat.engine.sandbox.Classes.concat;
import static org.vfiocompat.engine.sandbox.Classes.method;
import static org.vfiocompat.engine.sandbox.Classes.voidMethod;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
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
 * Every check of {@link BytecodeVerifier}, each from a class that passes just inside its bound
 * and one that is refused just outside it. The classes are written with ASM (see
 * {@link Classes}), against the engine's real allow-list; HostileCorpusTest covers the same
 * checks through whole packs built by Drools.
 */
class BytecodeVerifierTest {

    private static final BytecodeVerifier VERIFIER = BytecodeVerifier.standard();
    private static final String IN_F = " (in generated class packs.t.Rules, method f)";
    /** The generator's rule-definition class, as it names them. */
    private static final String RULE_METHODS = Classes.OWN + "/Rules0A1BRuleMethods0";
    private static final String IN_DEFINITION = " (in generated class packs.t.Rules0A1BRuleMethods0, method rule_x)";

    /** A rule-definition method {@code rule_x()V} with {@code code} before its return. */
    static Classes definition(Consumer<MethodVisitor> code) {
        return new Classes().add(RULE_METHODS, cw -> method(cw, Opcodes.ACC_STATIC, "rule_x", "()V", mv -> {
            code.accept(mv);
            mv.visitInsn(Opcodes.RETURN);
        }));
    }

    static List<Refusal> refusals(Classes classes) {
        return VERIFIER.refusals("t", OWN, classes.files(), Map.of());
    }

    static void passes(Classes classes) {
        assertThat(refusals(classes)).extracting(r -> r.problem().message()).isEmpty();
    }

    /** The one refusal {@code classes} get, asserted to come from {@code check}; returns its message. */
    static String refused(Classes classes, Check check) {
        List<Refusal> refusals = refusals(classes);
        assertThat(refusals).extracting(Refusal::check).as("%s", refusals).containsExactly(check);
        String message = refusals.get(0).problem().message();
        assertThat(message).startsWith(check.layer.prefix + ": ");
        return message;
    }

    /** {@code f()V} of {@link Classes#RULES} with {@code code} before its return. */
    static Classes f(Consumer<MethodVisitor> code) {
        return Classes.method("()V", mv -> {
            code.accept(mv);
            mv.visitInsn(Opcodes.RETURN);
        });
    }

    /**
     * {@link BytecodeVerifier#standard()} taken inside a test, not only in a static initialiser:
     * a mutation tool swaps a mutant into a JVM whose static initialisers already ran, so the
     * class's own {@code VERIFIER} could not show a {@code standard()} that returns nothing.
     */
    @Test
    void theStandardVerifierChecksAgainstTheEnginesAllowList() {
        BytecodeVerifier standard = BytecodeVerifier.standard();
        Classes allowed = f(mv -> {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
            mv.visitInsn(Opcodes.POP);
        });
        Classes refused = f(mv -> {
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            mv.visitInsn(Opcodes.POP);
        });
        assertThat(standard.refusals("t", OWN, allowed.files(), Map.of())).isEmpty();
        assertThat(standard.refusals("t", OWN, refused.files(), Map.of())).extracting(Refusal::check)
                .containsExactly(Check.DISALLOWED_TYPE);
    }

    /** The hint a refusal finds its DRL line by: a nested class by its own name, a leading '$' kept. */
    @Test
    void aClassIsNamedAsADrlWouldNameIt() {
        assertThat(BytecodeVerifier.simpleName("java/lang/String")).isEqualTo("String");
        assertThat(BytecodeVerifier.simpleName("Top")).isEqualTo("Top");
        assertThat(BytecodeVerifier.simpleName("java/util/Map$Entry")).isEqualTo("Entry");
        assertThat(BytecodeVerifier.simpleName("com/sun/proxy/$Proxy12")).isEqualTo("$Proxy12");
        assertThat(BytecodeVerifier.simpleName("packs/t/Rules$$Lambda")).isEqualTo("Lambda");
    }

    @Nested
    class Termination {

        @Test
        void aForwardBranchPasses() {
            passes(f(mv -> {
                Label end = new Label();
                mv.visitInsn(Opcodes.ICONST_0);
                mv.visitJumpInsn(Opcodes.IFEQ, end);
                mv.visitInsn(Opcodes.NOP);
                mv.visitLabel(end);
            }));
        }

        @Test
        void aBackwardBranchIsALoop() {
            assertThat(refused(f(mv -> {
                Label top = new Label();
                mv.visitLabel(top);
                mv.visitJumpInsn(Opcodes.GOTO, top);
            }), Check.BACKWARD_BRANCH)).isEqualTo("termination check: has a backward branch (a loop); "
                    + "iterate with rules and the helper functions instead" + IN_F);
        }

        @Test
        void aSwitchWhoseTargetsAllFollowItPasses() {
            passes(f(mv -> {
                Label a = new Label();
                Label b = new Label();
                mv.visitInsn(Opcodes.ICONST_0);
                mv.visitTableSwitchInsn(0, 0, b, a);
                mv.visitLabel(a);
                mv.visitInsn(Opcodes.NOP);
                mv.visitLabel(b);
            }));
        }

        @Test
        void aSwitchWithATargetBeforeItIsALoop() {
            assertThat(refused(f(mv -> {
                Label top = new Label();
                Label out = new Label();
                mv.visitLabel(top);
                mv.visitInsn(Opcodes.ICONST_0);
                mv.visitLookupSwitchInsn(out, new int[] {1}, new Label[] {top});
                mv.visitLabel(out);
            }), Check.BACKWARD_SWITCH)).isEqualTo("termination check: has a backward branch (a loop)" + IN_F);
        }

        @Test
        void theGeneratedProjectModelMayLoopBecauseDroolsWritesIt() {
            passes(new Classes().add("org/drools/project/model/ProjectModel", cw -> voidMethod(cw, "f", mv -> {
                Label top = new Label();
                mv.visitLabel(top);
                mv.visitJumpInsn(Opcodes.GOTO, top);
            })));
        }

        @Test
        void aChainOfCallsPasses() {
            passes(new Classes().add(RULES, cw -> {
                voidMethod(cw, "f", mv -> callStatic(mv, RULES, "g", "()V"));
                voidMethod(cw, "g", mv -> callStatic(mv, RULES, "h", "()V"));
                voidMethod(cw, "h", mv -> { });
            }));
        }

        @Test
        void aMethodCallingItselfIsRecursion() {
            assertThat(refused(new Classes().add(RULES, cw -> voidMethod(cw, "f", mv -> callStatic(mv, RULES, "f", "()V"))),
                    Check.CALL_CYCLE)).isEqualTo("termination check: calls itself (recursion): Rules.f -> Rules.f" + IN_F);
        }

        @Test
        void twoMethodsCallingEachOtherAreRecursionNamedAlongTheCycle() {
            assertThat(refused(new Classes().add(RULES, cw -> {
                voidMethod(cw, "f", mv -> callStatic(mv, RULES, "g", "()V"));
                voidMethod(cw, "g", mv -> callStatic(mv, RULES, "f", "()V"));
            }), Check.CALL_CYCLE)).isEqualTo("termination check: calls itself (recursion): Rules.f -> Rules.g -> Rules.f" + IN_F);
        }

        @Test
        void aCycleAcrossTwoClassesOfThePackIsRecursionToo() {
            String other = OWN + "/Other";
            assertThat(refused(new Classes()
                    .add(RULES, cw -> voidMethod(cw, "f", mv -> callStatic(mv, other, "g", "()V")))
                    .add(other, cw -> voidMethod(cw, "g", mv -> callStatic(mv, RULES, "f", "()V"))),
                    Check.CALL_CYCLE)).isEqualTo("termination check: calls itself (recursion): Rules.f -> Other.g -> Rules.f" + IN_F);
        }

        @Test
        void overloadsAreDifferentMethodsSoCallingOneFromTheOtherIsNoCycle() {
            passes(new Classes().add(RULES, cw -> {
                voidMethod(cw, "f", mv -> {
                    mv.visitInsn(Opcodes.ICONST_0);
                    callStatic(mv, RULES, "f", "(I)V");
                });
                method(cw, Opcodes.ACC_STATIC, "f", "(I)V", mv -> mv.visitInsn(Opcodes.RETURN));
            }));
        }

        @Test
        void aLambdaOrMethodReferenceToAnOwnMethodIsRefusedWhateverItsBody() {
            // int f(int x) { Function1<Integer, Integer> g = y -> f(y); return g.apply(x); }: whoever
            // holds a function object may call it any number of times, so none is allowed.
            Handle body = new Handle(Opcodes.H_INVOKESTATIC, RULES, "lambda$f$0", "()V", false);
            List<Refusal> recursing = refusals(new Classes().add(RULES, cw -> {
                voidMethod(cw, "f", mv -> {
                    mv.visitInvokeDynamicInsn("run", "()Lorg/drools/model/functions/Block0;", METAFACTORY,
                            Type.getMethodType("()V"), body, Type.getMethodType("()V"));
                    mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "org/drools/model/functions/Block0", "execute", "()V", true);
                });
                method(cw, Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, "lambda$f$0", "()V", mv -> {
                    callStatic(mv, RULES, "f", "()V");
                    mv.visitInsn(Opcodes.RETURN);
                });
            }));
            assertThat(recursing).extracting(Refusal::check).contains(Check.LAMBDA, Check.DISALLOWED_CALL);
            assertThat(recursing).extracting(r -> r.problem().message()).contains("termination check: creates a lambda or "
                    + "method reference (lambda$f$0); pack code may not create function objects, which run as often as "
                    + "whoever holds them calls them" + IN_F);
            // A lambda whose body leads nowhere, and a method reference to f inside f: refused the same.
            Handle self = new Handle(Opcodes.H_INVOKESTATIC, RULES, "f", "()V", false);
            assertThat(refusals(f(mv -> {
                mv.visitInvokeDynamicInsn("run", "()Lorg/drools/model/functions/Block0;", METAFACTORY,
                        Type.getMethodType("()V"), self, Type.getMethodType("()V"));
                mv.visitInsn(Opcodes.POP);
            }))).extracting(Refusal::check).containsExactly(Check.LAMBDA, Check.CALL_CYCLE);
            assertThat(refusals(new Classes().add(RULES, cw -> {
                voidMethod(cw, "f", mv -> {
                    mv.visitInvokeDynamicInsn("run", "()Lorg/drools/model/functions/Block0;", METAFACTORY,
                            Type.getMethodType("()V"), body, Type.getMethodType("()V"));
                    mv.visitInsn(Opcodes.POP);
                });
                voidMethod(cw, "lambda$f$0", mv -> callStatic(mv, RULES, "g", "()V"));
                voidMethod(cw, "g", mv -> { });
            }))).extracting(Refusal::check).containsExactly(Check.LAMBDA);
        }

        @Test
        void callingAFunctionObjectIsRefusedEvenInRuleDefinitions() {
            // ((Block2) this).execute(...) dispatches into pack code through an interface.
            Consumer<MethodVisitor> call = mv -> {
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "org/drools/model/functions/Function1", "apply",
                        "(Ljava/lang/Object;)Ljava/lang/Object;", true);
                mv.visitInsn(Opcodes.POP);
            };
            refused(f(call), Check.DISALLOWED_CALL);
            assertThat(refusals(definition(call))).extracting(Refusal::check).containsExactly(Check.DISALLOWED_CALL);
        }

        @Test
        void theJdkCallbacksEqualsHashCodeAndToStringMayNotBeDeclared() {
            for (String[] m : new String[][] {{"equals", "(Ljava/lang/Object;)Z"}, {"hashCode", "()I"},
                    {"toString", "()Ljava/lang/String;"}}) {
                assertThat(refused(new Classes().add(RULES, cw -> method(cw, 0, m[0], m[1], mv -> {
                    mv.visitInsn(Opcodes.ACONST_NULL);
                    mv.visitInsn(Opcodes.ARETURN);
                })), Check.OBJECT_METHOD)).startsWith("termination check: declares " + m[0]
                        + "(), which the JDK calls back outside the call graph");
            }
            // A static method of the same name is no override.
            passes(new Classes().add(RULES, cw -> method(cw, Opcodes.ACC_STATIC, "hashCode", "(I)I", mv -> {
                mv.visitInsn(Opcodes.ICONST_0);
                mv.visitInsn(Opcodes.IRETURN);
            })));
        }

        /**
         * {@code leaf} runs 503 instructions: a constant, 499 JDK calls, a store, an increment and
         * its return; {@code f} calls it 1984 times and runs {@code extra} NOPs and its return,
         * {@code 1984 * 504 + extra + 1} in all.
         */
        private Classes fanOutThroughJdkCalls(int extra) {
            return new Classes().add(RULES, cw -> {
                voidMethod(cw, "leaf", mv -> {
                    mv.visitInsn(Opcodes.ICONST_0);
                    for (int i = 0; i < 499; i++) {
                        callStatic(mv, "java/lang/Math", "abs", "(I)I");
                    }
                    mv.visitVarInsn(Opcodes.ISTORE, 0);
                    mv.visitIincInsn(0, 1);
                });
                voidMethod(cw, "f", mv -> {
                    for (int i = 0; i < 1984; i++) {
                        callStatic(mv, RULES, "leaf", "()V");
                    }
                    for (int i = 0; i < extra; i++) {
                        mv.visitInsn(Opcodes.NOP);
                    }
                });
            });
        }

        @Test
        void jdkCallsAndIncrementsCountTowardsTheInstructionBudgetToo() {
            passes(fanOutThroughJdkCalls(63));
            assertThat(refused(fanOutThroughJdkCalls(64), Check.INSTRUCTION_BUDGET))
                    .startsWith("termination check: may run about 1000001 instructions in one call");
        }

        /** f0 calls f1, ..., f(n-1) calls fn, and fn calls {@code last} (or nothing). */
        private Classes chain(int n, String last) {
            return new Classes().add(RULES, cw -> {
                for (int i = 0; i < n; i++) {
                    String next = "f" + (i + 1);
                    voidMethod(cw, "f" + i, mv -> callStatic(mv, RULES, next, "()V"));
                }
                voidMethod(cw, "f" + n, mv -> {
                    if (last != null) {
                        callStatic(mv, RULES, last, "()V");
                    }
                });
            });
        }

        @Test
        void aChainOfTwentyThousandFunctionsIsWalkedWithoutOverflowingTheVerifiersStack() {
            // The recursive walks overflowed at about 5,000 (a DRL of 150 KiB, under the 512 KiB limit).
            passes(chain(20_000, null));
            assertThat(refused(chain(20_000, "f0"), Check.CALL_CYCLE))
                    .startsWith("termination check: calls itself (recursion): Rules.f0 -> Rules.f1 -> ")
                    .endsWith("Rules.f20000 -> Rules.f0 (in generated class packs.t.Rules, method f0)");
        }

        /**
         * {@code leaf} runs 1000 instructions (999 NOPs and its return); {@code f} calls it
         * {@code calls} times and runs {@code extra} NOPs: {@code 1001 * calls + 1 + extra}
         * instructions in all, its own call instructions and return included.
         */
        private Classes fanOut(int calls, int extra) {
            return new Classes().add(RULES, cw -> {
                voidMethod(cw, "leaf", mv -> {
                    for (int i = 0; i < 999; i++) {
                        mv.visitInsn(Opcodes.NOP);
                    }
                });
                voidMethod(cw, "f", mv -> {
                    for (int i = 0; i < calls; i++) {
                        callStatic(mv, RULES, "leaf", "()V");
                    }
                    for (int i = 0; i < extra; i++) {
                        mv.visitInsn(Opcodes.NOP);
                    }
                });
            });
        }

        @Test
        void aCallTreeOfExactlyTheInstructionBudgetPasses() {
            passes(fanOut(999, 0));
        }

        @Test
        void aCallTreeOneInstructionOverTheBudgetIsCallFanOut() {
            assertThat(refused(fanOut(999, 1), Check.INSTRUCTION_BUDGET)).isEqualTo("termination check: may run about 1000001 "
                    + "instructions in one call through the functions it calls (call fan-out); the limit is 1000000" + IN_F);
        }

        @Test
        void aFanOutTooLargeToCountIsUnbounded() {
            // f0 calls f1 four times, f1 calls f2 four times, ... 40 levels: 4^40 calls, saturated.
            Classes classes = new Classes().add(RULES, cw -> {
                for (int level = 0; level < 40; level++) {
                    String next = "f" + (level + 1);
                    voidMethod(cw, "f" + level, mv -> {
                        for (int i = 0; i < 4; i++) {
                            callStatic(mv, RULES, next, "()V");
                        }
                    });
                }
                voidMethod(cw, "f40", mv -> { });
            });
            assertThat(refused(classes, Check.INSTRUCTION_BUDGET)).isEqualTo("termination check: may run an unbounded number of "
                    + "instructions in one call through the functions it calls (call fan-out); the limit is 1000000"
                    + " (in generated class packs.t.Rules, method f0)");
        }
    }

    @Nested
    class Growth {

        private Classes concats(int n) {
            return Classes.method("(Ljava/lang/String;)Ljava/lang/String;", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                for (int i = 0; i < n; i++) {
                    concat(mv);
                }
                mv.visitInsn(Opcodes.ARETURN);
            });
        }

        @Test
        void eightConcatenationsInOneMethodPass() {
            passes(concats(BytecodeVerifier.MAX_CONCATS_PER_METHOD));
        }

        @Test
        void aNinthConcatenationIsUnboundedGrowthInTheMethodAndItsCallTree() {
            List<Refusal> refusals = refusals(concats(BytecodeVerifier.MAX_CONCATS_PER_METHOD + 1));
            assertThat(refusals).extracting(Refusal::check)
                    .containsExactly(Check.CONCATENATIONS, Check.CALL_TREE_CONCATENATIONS);
            assertThat(refusals).extracting(r -> r.problem().message()).containsExactly(
                    "bytecode check: concatenates strings more than 8 times in one method (unbounded growth)" + IN_F,
                    "bytecode check: concatenates strings 9 times in one call through the functions it calls, more than 8 "
                            + "(unbounded growth)" + IN_F);
        }

        @Test
        void stringConcatCountsLikeThePlusOperator() {
            List<Refusal> refusals = refusals(Classes.method("(Ljava/lang/String;)Ljava/lang/String;", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                for (int i = 0; i < 9; i++) {
                    mv.visitInsn(Opcodes.DUP);
                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "concat",
                            "(Ljava/lang/String;)Ljava/lang/String;", false);
                }
                mv.visitInsn(Opcodes.ARETURN);
            }));
            assertThat(refusals).extracting(Refusal::check).containsExactly(Check.CONCATENATIONS, Check.CALL_TREE_CONCATENATIONS);
        }

        /** {@code g} concatenates four times; {@code f} calls it {@code calls} times. */
        private Classes nestedConcats(int calls) {
            String sig = "(Ljava/lang/String;)Ljava/lang/String;";
            return new Classes().add(RULES, cw -> {
                method(cw, Opcodes.ACC_STATIC, "g", sig, mv -> {
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    for (int i = 0; i < 4; i++) {
                        concat(mv);
                    }
                    mv.visitInsn(Opcodes.ARETURN);
                });
                method(cw, Opcodes.ACC_STATIC, "f", sig, mv -> {
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    for (int i = 0; i < calls; i++) {
                        callStatic(mv, RULES, "g", sig);
                    }
                    mv.visitInsn(Opcodes.ARETURN);
                });
            });
        }

        @Test
        void concatenationsThroughCallsWithinTheBoundPass() {
            passes(nestedConcats(2));
        }

        @Test
        void concatenationsMultipliedThroughCallsAreUnboundedGrowth() {
            assertThat(refused(nestedConcats(3), Check.CALL_TREE_CONCATENATIONS)).isEqualTo("bytecode check: concatenates "
                    + "strings 12 times in one call through the functions it calls, more than 8 (unbounded growth)" + IN_F);
        }

        private Classes newIntArray(Consumer<MethodVisitor> size) {
            return f(mv -> {
                size.accept(mv);
                mv.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_INT);
                mv.visitInsn(Opcodes.POP);
            });
        }

        @Test
        void anArrayOfAConstantSizeUpToTheLimitPasses() {
            passes(newIntArray(mv -> mv.visitIntInsn(Opcodes.SIPUSH, BytecodeVerifier.MAX_ARRAY)));
            passes(newIntArray(mv -> mv.visitLdcInsn(BytecodeVerifier.MAX_ARRAY)));
            passes(newIntArray(mv -> mv.visitInsn(Opcodes.ICONST_5)));
        }

        @Test
        void anArrayOneOverTheLimitIsRefused() {
            assertThat(refused(newIntArray(mv -> mv.visitIntInsn(Opcodes.SIPUSH, BytecodeVerifier.MAX_ARRAY + 1)),
                    Check.ARRAY_SIZE)).isEqualTo("bytecode check: creates a primitive array whose size is not a constant "
                    + "of at most 1024" + IN_F);
            refused(newIntArray(mv -> mv.visitLdcInsn(BytecodeVerifier.MAX_ARRAY + 1)), Check.ARRAY_SIZE);
        }

        @Test
        void aNegativeConstantSizeIsRefused() {
            refused(newIntArray(mv -> mv.visitIntInsn(Opcodes.BIPUSH, -1)), Check.ARRAY_SIZE);
        }

        @Test
        void anArrayWhoseSizeIsAParameterIsRefused() {
            assertThat(refused(Classes.method("(I)V", mv -> {
                mv.visitVarInsn(Opcodes.ILOAD, 0);
                mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/String");
                mv.visitInsn(Opcodes.POP);
                mv.visitInsn(Opcodes.RETURN);
            }), Check.ARRAY_SIZE)).isEqualTo("bytecode check: creates an array of java.lang.String whose size is not "
                    + "a constant of at most 1024" + IN_F);
        }

        @Test
        void aConstantKeptInALocalStaysBounded() {
            passes(newIntArray(mv -> {
                mv.visitIntInsn(Opcodes.BIPUSH, 7);
                mv.visitVarInsn(Opcodes.ISTORE, 0);
                mv.visitVarInsn(Opcodes.ILOAD, 0);
            }));
            // int n = m = 7; the DUP keeps the constant on the stack past the store.
            passes(newIntArray(mv -> {
                mv.visitIntInsn(Opcodes.BIPUSH, 7);
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ISTORE, 0);
            }));
        }

        @Test
        void aLocalChangedByIincIsNoLongerBounded() {
            refused(newIntArray(mv -> {
                mv.visitIntInsn(Opcodes.BIPUSH, 7);
                mv.visitVarInsn(Opcodes.ISTORE, 0);
                mv.visitIincInsn(0, 1);
                mv.visitVarInsn(Opcodes.ILOAD, 0);
            }), Check.ARRAY_SIZE);
        }

        @Test
        void aCopyOfAnArrayThePackHoldsPasses() {
            // enum values(): $VALUES.clone(), or new T[$VALUES.length] and System.arraycopy.
            passes(Classes.method("([Ljava/lang/String;)V", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "[Ljava/lang/String;", "clone", "()Ljava/lang/Object;", false);
                mv.visitInsn(Opcodes.POP);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitInsn(Opcodes.ARRAYLENGTH);
                mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/String");
                mv.visitInsn(Opcodes.POP);
                mv.visitInsn(Opcodes.RETURN);
            }));
        }

        @Test
        void aConditionalSizeIsBoundedOnlyWhenBothBranchesAre() {
            // new int[c ? 3 : 5] passes; new int[c ? n : 5] makes an array of n when c holds.
            passes(Classes.method("(II)V", mv -> conditionalNewArray(mv, m -> m.visitInsn(Opcodes.ICONST_3))));
            refused(Classes.method("(II)V", mv -> conditionalNewArray(mv, m -> m.visitVarInsn(Opcodes.ILOAD, 1))),
                    Check.ARRAY_SIZE);
        }

        /** {@code new int[c ? <whenTrue> : 5]} as javac compiles it, c being parameter 0. */
        private void conditionalNewArray(MethodVisitor mv, Consumer<MethodVisitor> whenTrue) {
            Label otherwise = new Label();
            Label join = new Label();
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitJumpInsn(Opcodes.IFEQ, otherwise);
            whenTrue.accept(mv);
            mv.visitJumpInsn(Opcodes.GOTO, join);
            mv.visitLabel(otherwise);
            mv.visitInsn(Opcodes.ICONST_5);
            mv.visitLabel(join);
            mv.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_INT);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.RETURN);
        }

        @Test
        void aLocalSetToAParameterOnSomePathIsNotBoundedAfterTheBranchesJoin() {
            // int k = n; if (c) k = 5; new int[k];
            refused(Classes.method("(II)V", mv -> {
                Label join = new Label();
                mv.visitVarInsn(Opcodes.ILOAD, 1);
                mv.visitVarInsn(Opcodes.ISTORE, 2);
                mv.visitVarInsn(Opcodes.ILOAD, 0);
                mv.visitJumpInsn(Opcodes.IFEQ, join);
                mv.visitInsn(Opcodes.ICONST_5);
                mv.visitVarInsn(Opcodes.ISTORE, 2);
                mv.visitLabel(join);
                mv.visitVarInsn(Opcodes.ILOAD, 2);
                mv.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_INT);
                mv.visitInsn(Opcodes.POP);
                mv.visitInsn(Opcodes.RETURN);
            }), Check.ARRAY_SIZE);
            // int k = 3; if (c) k = 5; new int[k]; is bounded by 5 either way.
            passes(Classes.method("(I)V", mv -> {
                Label join = new Label();
                mv.visitInsn(Opcodes.ICONST_3);
                mv.visitVarInsn(Opcodes.ISTORE, 1);
                mv.visitVarInsn(Opcodes.ILOAD, 0);
                mv.visitJumpInsn(Opcodes.IFEQ, join);
                mv.visitInsn(Opcodes.ICONST_5);
                mv.visitVarInsn(Opcodes.ISTORE, 1);
                mv.visitLabel(join);
                mv.visitVarInsn(Opcodes.ILOAD, 1);
                mv.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_INT);
                mv.visitInsn(Opcodes.POP);
                mv.visitInsn(Opcodes.RETURN);
            }));
        }

        @Test
        void aDupOfAConstantDoesNotVouchForWhatIsPushedAfterIt() {
            // 1, 1, n, 7 on the stack; storing the 7 leaves n on top, not a constant.
            refused(Classes.method("(I)V", mv -> {
                mv.visitInsn(Opcodes.ICONST_1);
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ILOAD, 0);
                mv.visitIntInsn(Opcodes.BIPUSH, 7);
                mv.visitVarInsn(Opcodes.ISTORE, 1);
                mv.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_INT);
                mv.visitInsn(Opcodes.RETURN);
            }), Check.ARRAY_SIZE);
        }

        @Test
        void aMultiDimensionalArrayIsRefusedWhateverItsSize() {
            assertThat(refused(f(mv -> {
                mv.visitInsn(Opcodes.ICONST_1);
                mv.visitInsn(Opcodes.ICONST_1);
                mv.visitMultiANewArrayInsn("[[I", 2);
                mv.visitInsn(Opcodes.POP);
            }), Check.MULTI_DIMENSIONAL_ARRAY)).isEqualTo("bytecode check: creates a multi-dimensional array" + IN_F);
        }
    }

    @Nested
    class State {

        private Classes withField(int access, Consumer<ClassWriter> methods) {
            return new Classes().add(RULES, cw -> {
                cw.visitField(access, "n", "I", null, null).visitEnd();
                methods.accept(cw);
            });
        }

        private static void putStatic(MethodVisitor mv) {
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitFieldInsn(Opcodes.PUTSTATIC, RULES, "n", "I");
        }

        @Test
        void aStaticInitialiserMaySetAStaticField() {
            passes(withField(Opcodes.ACC_STATIC, cw -> voidMethod(cw, "<clinit>", State::putStatic)));
        }

        @Test
        void aStaticFieldWrittenOutsideTheStaticInitialiserIsStateBetweenEvaluations() {
            assertThat(refused(withField(Opcodes.ACC_STATIC, cw -> voidMethod(cw, "f", State::putStatic)),
                    Check.STATIC_FIELD_WRITE)).isEqualTo("bytecode check: writes the static field packs.t.Rules.n outside "
                    + "a static initialiser (state kept between evaluations)" + IN_F);
        }

        private static Consumer<MethodVisitor> putField(boolean superCall) {
            return mv -> {
                if (superCall) {
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
                }
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitInsn(Opcodes.ICONST_1);
                mv.visitFieldInsn(Opcodes.PUTFIELD, RULES, "n", "I");
                mv.visitInsn(Opcodes.RETURN);
            };
        }

        @Test
        void aConstructorMaySetAField() {
            passes(withField(0, cw -> method(cw, 0, "<init>", "()V", putField(true))));
        }

        @Test
        void aFieldWrittenOutsideAConstructorIsStateBetweenFirings() {
            assertThat(refused(withField(0, cw -> method(cw, 0, "f", "()V", putField(false))), Check.FIELD_WRITE))
                    .isEqualTo("bytecode check: writes the field packs.t.Rules.n outside a constructor "
                            + "(state kept between firings)" + IN_F);
        }

        @Test
        void aFieldOfTheRulesApiMayBeRead() {
            passes(f(mv -> {
                mv.visitFieldInsn(Opcodes.GETSTATIC, "org/vfiocompat/rules/Finding", "MAX_REASON_LENGTH", "I");
                mv.visitInsn(Opcodes.POP);
            }));
        }

        @Test
        void aFieldOutsideThePackIsNeverWrittenEvenFromAStaticInitialiser() {
            Classes classes = new Classes().add(RULES, cw -> voidMethod(cw, "<clinit>", mv -> {
                mv.visitInsn(Opcodes.ICONST_1);
                mv.visitFieldInsn(Opcodes.PUTSTATIC, "org/vfiocompat/rules/Finding", "MAX_REASON_LENGTH", "I");
            }));
            assertThat(refused(classes, Check.FOREIGN_FIELD_WRITE)).isEqualTo("bytecode check: writes the field "
                    + "org.vfiocompat.rules.Finding.MAX_REASON_LENGTH of a class outside the pack"
                    + " (in generated class packs.t.Rules, method <clinit>)");
        }
    }

    @Nested
    class AllowListReferences {

        @Test
        void anAllowedJdkCallPasses() {
            passes(Classes.method("(Ljava/lang/String;)I", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
                mv.visitInsn(Opcodes.IRETURN);
            }));
        }

        @Test
        void aDeniedJdkCallIsRefusedNamingTheMethod() {
            assertThat(refused(f(mv -> {
                mv.visitInsn(Opcodes.ICONST_3);
                callStatic(mv, "java/lang/System", "exit", "(I)V");
            }), Check.DISALLOWED_CALL)).isEqualTo("bytecode check: calls java.lang.System.exit(I)V, which is not on "
                    + "the allow-list" + IN_F);
        }

        @Test
        void aDenyLineWinsOverTheWildcardOfItsClass() {
            // call java/lang/Integer * allows Integer.parseInt, but deny java/lang/Integer getInteger.
            passes(Classes.method("(Ljava/lang/String;)I", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                callStatic(mv, "java/lang/Integer", "parseInt", "(Ljava/lang/String;)I");
                mv.visitInsn(Opcodes.IRETURN);
            }));
            refused(Classes.method("(Ljava/lang/String;)Ljava/lang/Integer;", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                callStatic(mv, "java/lang/Integer", "getInteger", "(Ljava/lang/String;)Ljava/lang/Integer;");
                mv.visitInsn(Opcodes.ARETURN);
            }), Check.DISALLOWED_CALL);
        }

        @Test
        void anOverloadNamedWithItsDescriptorAllowsOnlyThatOverload() {
            // call java/lang/String toLowerCase()Ljava/lang/String; — not toLowerCase(Locale).
            passes(Classes.method("(Ljava/lang/String;)Ljava/lang/String;", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "toLowerCase", "()Ljava/lang/String;", false);
                mv.visitInsn(Opcodes.ARETURN);
            }));
            refused(Classes.method("(Ljava/lang/String;)Ljava/lang/String;", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "toLowerCase",
                        "(Ljava/util/Locale;)Ljava/lang/String;", false);
                mv.visitInsn(Opcodes.ARETURN);
            }), Check.DISALLOWED_CALL);
        }

        @Test
        void theSameRefusalInOneMethodIsReportedOnce() {
            assertThat(refusals(f(mv -> {
                for (int i = 0; i < 3; i++) {
                    mv.visitInsn(Opcodes.ICONST_3);
                    callStatic(mv, "java/lang/System", "exit", "(I)V");
                }
            }))).hasSize(1);
        }

        @Test
        void anAllowedTypePassesAndAnotherIsRefused() {
            passes(f(mv -> {
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
                mv.visitInsn(Opcodes.POP);
            }));
            assertThat(refused(f(mv -> {
                mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
                mv.visitInsn(Opcodes.POP);
            }), Check.DISALLOWED_TYPE)).isEqualTo("bytecode check: uses the type java.lang.StringBuilder, which is not on "
                    + "the allow-list" + IN_F);
        }

        @Test
        void anArrayTypeIsCheckedByItsElementType() {
            passes(f(mv -> {
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitTypeInsn(Opcodes.CHECKCAST, "[[I");
                mv.visitInsn(Opcodes.POP);
            }));
            assertThat(refused(f(mv -> {
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitTypeInsn(Opcodes.CHECKCAST, "[Ljava/lang/Thread;");
                mv.visitInsn(Opcodes.POP);
            }), Check.DISALLOWED_TYPE)).startsWith("bytecode check: uses the type java.lang.Thread,");
        }

        @Test
        void aClassConstantOfAnAllowedTypePassesAndAnotherIsRefused() {
            passes(f(mv -> {
                mv.visitLdcInsn(Type.getObjectType("java/lang/String"));
                mv.visitInsn(Opcodes.POP);
            }));
            assertThat(refused(f(mv -> {
                mv.visitLdcInsn(Type.getObjectType("java/lang/Runtime"));
                mv.visitInsn(Opcodes.POP);
            }), Check.DISALLOWED_CLASS_CONSTANT)).isEqualTo("bytecode check: loads the class constant java.lang.Runtime, "
                    + "which is not on the allow-list" + IN_F);
        }

        @Test
        void anAllowedFieldReadPassesAndAnotherIsRefused() {
            passes(f(mv -> {
                mv.visitFieldInsn(Opcodes.GETSTATIC, "java/util/Locale", "ENGLISH", "Ljava/util/Locale;");
                mv.visitInsn(Opcodes.POP);
            }));
            assertThat(refused(f(mv -> {
                mv.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "out", "Ljava/io/PrintStream;");
                mv.visitInsn(Opcodes.POP);
            }), Check.DISALLOWED_FIELD_READ)).isEqualTo("bytecode check: reads the field java.lang.System.out, which is "
                    + "not on the allow-list" + IN_F);
        }

        private Classes lambda(Handle target) {
            return f(mv -> {
                mv.visitInvokeDynamicInsn("run", "()Lorg/drools/model/functions/Block0;", METAFACTORY,
                        Type.getMethodType("()V"), target, Type.getMethodType("()V"));
                mv.visitInsn(Opcodes.POP);
            });
        }

        @Test
        void aLambdaToAnOwnMethodIsRefusedInPackCodeAndInRuleDefinitions() {
            Handle own = new Handle(Opcodes.H_INVOKESTATIC, RULES, "lambda$f$0", "()V", false);
            refused(lambda(own), Check.LAMBDA);
            assertThat(refusals(definition(mv -> {
                mv.visitInvokeDynamicInsn("run", "()Lorg/drools/model/functions/Block0;", METAFACTORY,
                        Type.getMethodType("()V"), own, Type.getMethodType("()V"));
                mv.visitInsn(Opcodes.POP);
            }))).extracting(Refusal::check).containsExactly(Check.LAMBDA);
        }

        @Test
        void anAccumulateConstructorReferenceIsTheGeneratorsOnlyLambdaAndOnlyInRuleDefinitions() {
            Handle count = new Handle(Opcodes.H_NEWINVOKESPECIAL, "org/drools/core/base/accumulators/CountAccumulateFunction",
                    "<init>", "()V", false);
            Consumer<MethodVisitor> supplier = mv -> {
                mv.visitInvokeDynamicInsn("get", "()Ljava/util/function/Supplier;", METAFACTORY,
                        Type.getMethodType("()Ljava/lang/Object;"), count, Type.getMethodType("()Ljava/lang/Object;"));
                mv.visitInsn(Opcodes.POP);
            };
            passes(definition(supplier));
            assertThat(refusals(f(supplier))).extracting(Refusal::check).contains(Check.LAMBDA);
        }

        @Test
        void aMethodReferenceToADisallowedMethodIsRefused() {
            Handle gc = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/System", "gc", "()V", false);
            assertThat(refusals(definition(mv -> {
                mv.visitInvokeDynamicInsn("run", "()Lorg/drools/model/functions/Block0;", METAFACTORY,
                        Type.getMethodType("()V"), gc, Type.getMethodType("()V"));
                mv.visitInsn(Opcodes.POP);
            }))).extracting(r -> r.problem().message()).containsExactly("bytecode check: refers to java.lang.System.gc()V, "
                    + "which is not on the allow-list" + IN_DEFINITION);
        }

        @Test
        void aBootstrapOffTheAllowListIsRefused() {
            Handle bootstrap = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/ConstantBootstraps", "invoke",
                    "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;Ljava/lang/invoke/MethodHandle;"
                    + "[Ljava/lang/Object;)Ljava/lang/Object;", false);
            assertThat(refused(f(mv -> {
                mv.visitInvokeDynamicInsn("x", "()V", bootstrap);
            }), Check.DISALLOWED_BOOTSTRAP)).isEqualTo("bytecode check: uses the invokedynamic bootstrap "
                    + "java.lang.invoke.ConstantBootstraps.invoke, which is not on the allow-list" + IN_F);
        }

        @Test
        void aDynamicConstantAsABootstrapArgumentIsRefused() {
            ConstantDynamic condy = new ConstantDynamic("c", "I", new Handle(Opcodes.H_INVOKESTATIC, RULES, "boot",
                    "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)I", false));
            assertThat(refused(f(mv -> {
                mv.visitInvokeDynamicInsn("makeConcatWithConstants", "()Ljava/lang/String;", Classes.CONCAT, "\u0002", condy);
                mv.visitInsn(Opcodes.POP);
            }), Check.DYNAMIC_CONSTANT_ARGUMENT)).isEqualTo("bytecode check: uses a dynamic constant" + IN_F);
        }

        @Test
        void constantsThatAreMethodHandlesMethodTypesOrDynamicAreRefused() {
            Handle length = new Handle(Opcodes.H_INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
            assertThat(refused(f(mv -> {
                mv.visitLdcInsn(length);
                mv.visitInsn(Opcodes.POP);
            }), Check.METHOD_HANDLE_CONSTANT)).isEqualTo("bytecode check: loads a method handle to java.lang.String.length"
                    + IN_F);
            assertThat(refused(f(mv -> {
                mv.visitLdcInsn(Type.getMethodType("()V"));
                mv.visitInsn(Opcodes.POP);
            }), Check.METHOD_TYPE_CONSTANT)).isEqualTo("bytecode check: loads a method type constant" + IN_F);
            assertThat(refused(f(mv -> {
                mv.visitLdcInsn(new ConstantDynamic("c", "I", new Handle(Opcodes.H_INVOKESTATIC, RULES, "boot",
                        "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)I", false)));
                mv.visitInsn(Opcodes.POP);
            }), Check.DYNAMIC_CONSTANT)).isEqualTo("bytecode check: loads a dynamic constant" + IN_F);
        }

        @Test
        void aStringOrNumberConstantPasses() {
            passes(f(mv -> {
                mv.visitLdcInsn("text");
                mv.visitInsn(Opcodes.POP);
                mv.visitLdcInsn(1L << 40);
                mv.visitInsn(Opcodes.POP2);
            }));
        }
    }

    @Nested
    class ClassesAndMethods {

        @Test
        void anAllowedSuperclassPassesAndAnotherIsRefused() {
            passes(new Classes().add(RULES, "java/lang/Object", new String[] {"org/drools/model/functions/Block0"}, cw -> { }));
            assertThat(refused(new Classes().add(RULES, "java/lang/Thread", null, cw -> { }), Check.DISALLOWED_SUPER))
                    .isEqualTo("bytecode check: extends or implements java.lang.Thread, which is not on the allow-list"
                            + " (in generated class packs.t.Rules)");
        }

        @Test
        void anInterfaceOffTheAllowListIsRefused() {
            assertThat(refused(new Classes().add(RULES, "java/lang/Object", new String[] {"java/lang/Runnable"}, cw -> { }),
                    Check.DISALLOWED_SUPER)).startsWith("bytecode check: extends or implements java.lang.Runnable,");
        }

        @Test
        void onlyTheGeneratedProjectModelMayUseTheModelLines() {
            String kieModule = "org/kie/api/builder/model/KieModuleModel";
            Consumer<MethodVisitor> call = mv -> callStatic(mv, "org/kie/api/KieServices", "get", "()Lorg/kie/api/KieServices;");
            passes(new Classes().add("org/drools/project/model/ProjectModel", "java/lang/Object", new String[] {kieModule},
                    cw -> voidMethod(cw, "f", call)));
            List<Refusal> refusals = refusals(new Classes().add(RULES, "java/lang/Object", new String[] {kieModule},
                    cw -> voidMethod(cw, "f", call)));
            assertThat(refusals).extracting(Refusal::check).containsExactly(Check.DISALLOWED_SUPER, Check.DISALLOWED_CALL);
        }

        @Test
        void aNestedClassPassesButAnAnonymousOrLocalOneIsRefused() {
            passes(new Classes().add(RULES + "$Nested", cw -> cw.visitInnerClass(RULES + "$Nested", RULES, "Nested",
                    Opcodes.ACC_STATIC)));
            assertThat(refused(new Classes().add(RULES + "$1", cw -> cw.visitOuterClass(RULES, "f", "()V")), Check.LOCAL_CLASS))
                    .isEqualTo("bytecode check: defines the anonymous or local class packs.t.Rules$1; packs may not define "
                            + "classes of their own (in generated class packs.t.Rules$1)");
        }

        @Test
        void aFinalizeMethodIsRefusedButAnOverloadOfItPasses() {
            passes(new Classes().add(RULES, cw -> method(cw, 0, "finalize", "(I)V", mv -> mv.visitInsn(Opcodes.RETURN))));
            assertThat(refused(new Classes().add(RULES, cw -> method(cw, 0, "finalize", "()V",
                    mv -> mv.visitInsn(Opcodes.RETURN))), Check.FINALIZE)).isEqualTo("bytecode check: overrides finalize(), "
                    + "which the JVM would run outside any evaluation (in generated class packs.t.Rules, method finalize)");
        }

        @Test
        void aSynchronizedMethodIsRefused() {
            passes(new Classes().add(RULES, cw -> method(cw, Opcodes.ACC_STATIC, "f", "()V", mv -> mv.visitInsn(Opcodes.RETURN))));
            assertThat(refused(new Classes().add(RULES, cw -> method(cw, Opcodes.ACC_STATIC | Opcodes.ACC_SYNCHRONIZED, "f",
                    "()V", mv -> mv.visitInsn(Opcodes.RETURN))), Check.SYNCHRONIZED_METHOD))
                    .isEqualTo("bytecode check: is synchronized; packs may not take locks" + IN_F);
        }

        @Test
        void aSynchronizedBlockIsRefusedOutsideTheProjectModel() {
            Consumer<MethodVisitor> lock = mv -> {
                mv.visitLdcInsn("lock");
                mv.visitInsn(Opcodes.MONITORENTER);
            };
            passes(new Classes().add("org/drools/project/model/ProjectModel", cw -> voidMethod(cw, "f", lock)));
            assertThat(refused(f(lock), Check.MONITOR)).isEqualTo("bytecode check: takes a lock (synchronized); packs may not"
                    + IN_F);
        }
    }

    @Nested
    class Report {

        @Test
        void aRefusalPointsAtTheFirstDrlLineNamingTheRefusedMember() {
            String drl = "package packs.t;\n// exit( in a comment does not count\nrule \"r\" when then\n    System.exit(3);\nend\n";
            List<Problem> problems = VERIFIER.verify("t", OWN, f(mv -> {
                mv.visitInsn(Opcodes.ICONST_3);
                callStatic(mv, "java/lang/System", "exit", "(I)V");
            }).files(), Map.of("rules/main.drl", drl)).problems();
            assertThat(problems).containsExactly(new Problem(ProblemCodes.PACK_BYTECODE_REFUSED, Location.line("t/rules/main.drl", 4),
                    "bytecode check: calls java.lang.System.exit(I)V, which is not on the allow-list" + IN_F));
        }

        @Test
        void aRefusalWithoutADrlLineNamesThePack() {
            assertThat(VERIFIER.verify("t", OWN, f(mv -> { }).files(), Map.of()).problems()).isEmpty();
            Problem p = refusals(f(mv -> {
                mv.visitLdcInsn(Type.getMethodType("()V"));
                mv.visitInsn(Opcodes.POP);
            })).get(0).problem();
            assertThat(p.file()).isEqualTo("t");
            assertThat(p.location().wholeFile()).isTrue();
        }

        @Test
        void eachFieldReadAndClassConstantCountsAsOneReference() {
            VerificationReport report = VERIFIER.verify("t", OWN, f(mv -> {
                mv.visitFieldInsn(Opcodes.GETSTATIC, "java/util/Locale", "ENGLISH", "Ljava/util/Locale;");
                mv.visitInsn(Opcodes.POP);
                mv.visitLdcInsn(Type.getObjectType("java/lang/String"));
                mv.visitInsn(Opcodes.POP);
            }).files(), Map.of());
            // The superclass, the field, the class constant.
            assertThat(report.references()).isEqualTo(3);
        }

        @Test
        void theReportCountsClassesMethodsAndReferences() {
            VerificationReport report = VERIFIER.verify("t", OWN, new Classes().add(RULES, cw -> {
                voidMethod(cw, "f", mv -> callStatic(mv, RULES, "g", "()V"));
                voidMethod(cw, "g", mv -> { });
            }).add(OWN + "/Other", cw -> { }).files(), Map.of());
            // Two superclasses and one own call.
            assertThat(report).isEqualTo(new VerificationReport(2, 2, 3, List.of()));
        }
    }

    /** Which code may use the model DSL, and what rule definitions may run (issue 13, class 1). */
    @Nested
    class CodeRoles {

        private final Consumer<MethodVisitor> dslCall = mv -> {
            mv.visitLdcInsn("p");
            mv.visitLdcInsn("r");
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "org/drools/modelcompiler/dsl/pattern/D", "rule",
                    "(Ljava/lang/String;Ljava/lang/String;)Lorg/drools/model/impl/RuleBuilder;", false);
            mv.visitInsn(Opcodes.POP);
        };

        @Test
        void ruleDefinitionsMayCallTheDslAndPackCodeMayNot() {
            passes(definition(dslCall));
            assertThat(refused(f(dslCall), Check.DEFINITION_ONLY)).isEqualTo("bytecode check: calls "
                    + "org.drools.modelcompiler.dsl.pattern.D.rule(Ljava/lang/String;Ljava/lang/String;)Lorg/drools/model/impl/RuleBuilder;, "
                    + "which only the generated rule definitions may call" + IN_F);
        }

        @Test
        void theModelMembersOfTheRulesClassAreRuleDefinitionsAndItsFunctionsAreNot() {
            assertThat(BytecodeVerifier.isRuleDefinition("packs/t/Rules0A1B", "getRulesList", "()Ljava/util/List;")).isTrue();
            assertThat(BytecodeVerifier.isRuleDefinition("packs/t/Rules0A1B", "getRulesList", "(I)Ljava/util/List;")).isFalse();
            assertThat(BytecodeVerifier.isRuleDefinition("packs/t/Rules0A1B", "pick", "(Ljava/lang/String;)Ljava/lang/String;")).isFalse();
            assertThat(BytecodeVerifier.isRuleDefinition("packs/t/Rules0A1B", "<clinit>", "()V")).isFalse();
            assertThat(BytecodeVerifier.isRuleDefinition("packs/t/sub/Rules0A1BRuleMethods12", "anything", "()V")).isTrue();
            assertThat(BytecodeVerifier.isRuleDefinition("packs/t/P0A/LambdaPredicate0A1B", "test", "(Ljava/lang/Object;)Z")).isFalse();
        }

        @Test
        void aRuleDefinitionThatRunsPackCodeOrTheJdkIsLoadTimeCode() {
            // salience ( twice(3) ): the function would run while the KieBase is built.
            assertThat(refused(new Classes().add(RULE_METHODS, cw -> method(cw, Opcodes.ACC_STATIC, "rule_x", "()V", mv -> {
                callStatic(mv, RULES, "twice", "()V");
                mv.visitInsn(Opcodes.RETURN);
            })).add(RULES, cw -> voidMethod(cw, "twice", mv -> { })), Check.LOAD_TIME_CODE)).isEqualTo("termination check: runs "
                    + "packs.t.Rules.twice()V while the KieBase is built (a salience expression or a 'from' source that uses no "
                    + "pattern binding); give salience as an integer literal and take 'from' sources from a pattern's binding"
                    + IN_DEFINITION);
            // from java.util.List.of(...) / "abc".length(): JDK calls a pack could otherwise make there.
            refused(definition(mv -> {
                mv.visitLdcInsn("abc");
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
                mv.visitInsn(Opcodes.POP);
            }), Check.LOAD_TIME_CODE);
            // The generator's own: the salience literal boxed.
            passes(definition(mv -> {
                mv.visitInsn(Opcodes.ICONST_3);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
                mv.visitInsn(Opcodes.POP);
            }));
        }

        @Test
        void packCodeCannotBuildCollections() {
            for (String[] c : new String[][] {{"java/util/List", "of", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/util/List;"},
                    {"java/util/Arrays", "asList", "([Ljava/lang/Object;)Ljava/util/List;"}}) {
                List<Refusal> r = refusals(f(mv -> {
                    mv.visitInsn(Opcodes.ACONST_NULL);
                    mv.visitInsn(Opcodes.ACONST_NULL);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, c[0], c[1], c[2], c[0].endsWith("List"));
                    mv.visitInsn(Opcodes.POP);
                }));
                assertThat(r).extracting(Refusal::check).containsAnyOf(Check.DISALLOWED_CALL, Check.DEFINITION_ONLY).hasSize(1);
            }
        }
    }

    /** String searches cost needle x haystack inside one JDK call (issue 13, class 2). */
    @Nested
    class StringSearches {

        private Classes search(String name, String descriptor, Consumer<MethodVisitor> needle) {
            return f(mv -> {
                mv.visitLdcInsn("haystack");
                needle.accept(mv);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", name, descriptor, false);
                mv.visitInsn(Opcodes.POP);
            });
        }

        @Test
        void aShortConstantNeedlePasses() {
            passes(search("indexOf", "(Ljava/lang/String;)I", mv -> mv.visitLdcInsn("x".repeat(BytecodeVerifier.MAX_NEEDLE))));
            passes(search("contains", "(Ljava/lang/CharSequence;)Z", mv -> mv.visitLdcInsn(".el9")));
            passes(search("lastIndexOf", "(Ljava/lang/String;)I", mv -> mv.visitLdcInsn("-")));
            // A character is no needle: linear.
            passes(search("indexOf", "(I)I", mv -> mv.visitIntInsn(Opcodes.BIPUSH, 45)));
        }

        @Test
        void aLongVariableOrSecondArgumentNeedleIsRefused() {
            assertThat(refused(search("indexOf", "(Ljava/lang/String;)I", mv -> mv.visitLdcInsn("x".repeat(BytecodeVerifier.MAX_NEEDLE + 1))),
                    Check.SEARCH_NEEDLE)).isEqualTo("bytecode check: calls String.indexOf with a needle that is not a string "
                    + "constant of at most 64 characters (the search costs the product of both lengths)" + IN_F);
            refused(search("contains", "(Ljava/lang/CharSequence;)Z", mv -> mv.visitVarInsn(Opcodes.ALOAD, 0)), Check.SEARCH_NEEDLE);
            refused(search("indexOf", "(Ljava/lang/String;I)I", mv -> {
                mv.visitLdcInsn("x");
                mv.visitInsn(Opcodes.ICONST_0);
            }), Check.SEARCH_NEEDLE);
            // c ? "x" : s: a constant on one path only.
            refused(search("lastIndexOf", "(Ljava/lang/String;)I", mv -> {
                Label other = new Label();
                Label join = new Label();
                mv.visitInsn(Opcodes.ICONST_0);
                mv.visitJumpInsn(Opcodes.IFEQ, other);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitJumpInsn(Opcodes.GOTO, join);
                mv.visitLabel(other);
                mv.visitLdcInsn("x");
                mv.visitLabel(join);
            }), Check.SEARCH_NEEDLE);
        }
    }
}
