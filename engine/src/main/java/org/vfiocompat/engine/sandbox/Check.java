package org.vfiocompat.engine.sandbox;

import java.util.Locale;

/**
 * Every check {@link BytecodeVerifier} makes, with the words its refusal uses. A refusal's
 * message is {@code "<layer>: <text>"} followed by where it was found; the texts are the ones
 * pack authors, {@code docs/pack-authoring.md} and the hostile corpus's {@code expect.json} files
 * already know, so they must not change by a byte. Keeping them here, one per check, lets tests
 * assert which check refused without matching prose.
 *
 * <p>{@code %s} in a text is filled by {@link #message}; numbers are formatted with
 * {@link Locale#ROOT} so that a JVM's default locale can never change a message.
 */
enum Check {

    // ------------------------------------------------------------ classes and methods
    /** Anonymous and local classes: the only classes a pack's own code (not the generator) can define. */
    LOCAL_CLASS(Layer.BYTECODE, "defines the anonymous or local class %s; packs may not define classes of their own"),
    /** A superclass or interface off the allow-list. */
    DISALLOWED_SUPER(Layer.BYTECODE, "extends or implements %s, which is not on the allow-list"),
    /** finalize() runs on the JVM's finalizer thread, outside any evaluation and its watchdog. */
    FINALIZE(Layer.BYTECODE, "overrides finalize(), which the JVM would run outside any evaluation"),
    /** A synchronized method: a lock another firing could wait on for ever. */
    SYNCHRONIZED_METHOD(Layer.BYTECODE, "is synchronized; packs may not take locks"),
    /** MONITORENTER: a synchronized block. */
    MONITOR(Layer.BYTECODE, "takes a lock (synchronized); packs may not"),

    // ------------------------------------------------------------ the allow-list
    DISALLOWED_TYPE(Layer.BYTECODE, "uses the type %s, which is not on the allow-list"),
    DISALLOWED_CLASS_CONSTANT(Layer.BYTECODE, "loads the class constant %s, which is not on the allow-list"),
    DISALLOWED_FIELD_READ(Layer.BYTECODE, "reads the field %s, which is not on the allow-list"),
    DISALLOWED_CALL(Layer.BYTECODE, "calls %s, which is not on the allow-list"),
    /** A method handle argument of an invokedynamic (a method reference or lambda target). */
    DISALLOWED_HANDLE(Layer.BYTECODE, "refers to %s, which is not on the allow-list"),
    DISALLOWED_BOOTSTRAP(Layer.BYTECODE, "uses the invokedynamic bootstrap %s, which is not on the allow-list"),
    /**
     * A call of the model DSL outside the generator's rule-definition code: the DSL holds and
     * calls function objects (a Function1's andThen composed 61 times makes 2^61 calls inside
     * the library, where the call graph cannot count them).
     */
    DEFINITION_ONLY(Layer.BYTECODE, "calls %s, which only the generated rule definitions may call"),
    /** An ldc of a method handle: a reference that could be invoked on anything, so never allowed. */
    METHOD_HANDLE_CONSTANT(Layer.BYTECODE, "loads a method handle to %s"),
    METHOD_TYPE_CONSTANT(Layer.BYTECODE, "loads a method type constant"),
    /** An ldc of a dynamic constant: its bootstrap would run pack-chosen code at link time. */
    DYNAMIC_CONSTANT(Layer.BYTECODE, "loads a dynamic constant"),
    /** A dynamic constant passed as an invokedynamic bootstrap argument. */
    DYNAMIC_CONSTANT_ARGUMENT(Layer.BYTECODE, "uses a dynamic constant"),

    // ------------------------------------------------------------ state
    /** Static state outlives a firing and an evaluation: only static initialisers may set it. */
    STATIC_FIELD_WRITE(Layer.BYTECODE, "writes the static field %s outside a static initialiser (state kept between evaluations)"),
    /** Instance state of the pack's own objects: only constructors may set it. */
    FIELD_WRITE(Layer.BYTECODE, "writes the field %s outside a constructor (state kept between firings)"),
    /** Any field of a class outside the pack (the rules API's constants, the JDK's). */
    FOREIGN_FIELD_WRITE(Layer.BYTECODE, "writes the field %s of a class outside the pack"),
    /**
     * A read of an array-typed field of a class outside the pack: an array is mutable whatever
     * its field's modifiers, and one shared by every pack (a public static array of the Drools
     * DSL) let one pack change another's verdicts.
     */
    SHARED_ARRAY(Layer.BYTECODE, "reads the array field %s of a class outside the pack: an array shared beyond the pack is writable state"),

    // ------------------------------------------------------------ bounded growth
    MULTI_DIMENSIONAL_ARRAY(Layer.BYTECODE, "creates a multi-dimensional array"),
    /** NEWARRAY or ANEWARRAY whose size is not a known constant of at most {@link BytecodeVerifier#MAX_ARRAY}. */
    ARRAY_SIZE(Layer.BYTECODE, "creates %s whose size is not a constant of at most " + BytecodeVerifier.MAX_ARRAY),
    /** More than {@link BytecodeVerifier#MAX_CONCATS_PER_METHOD} concatenations in one method's own code. */
    CONCATENATIONS(Layer.BYTECODE, "concatenates strings more than " + BytecodeVerifier.MAX_CONCATS_PER_METHOD
            + " times in one method (unbounded growth)"),
    /** The same bound over a method's whole call tree, counting every call site. */
    CALL_TREE_CONCATENATIONS(Layer.BYTECODE, "concatenates strings %s times in one call through the functions it calls, more than "
            + BytecodeVerifier.MAX_CONCATS_PER_METHOD + " (unbounded growth)"),

    /** indexOf, lastIndexOf or contains with a needle that is not a short constant: quadratic inside one JDK call. */
    SEARCH_NEEDLE(Layer.BYTECODE, "calls String.%s with a needle that is not a string constant of at most "
            + BytecodeVerifier.MAX_NEEDLE + " characters (the search costs the product of both lengths)"),

    // ------------------------------------------------------------ termination
    /** Object methods the JDK calls back (equals, hashCode, toString): recursion the call graph cannot see. */
    OBJECT_METHOD(Layer.TERMINATION, "declares %s(), which the JDK calls back outside the call graph"),
    /** An invokedynamic lambda or method reference in the pack's own code. */
    LAMBDA(Layer.TERMINATION, "creates a lambda or method reference (%s); pack code may not create function objects, "
            + "which run as often as whoever holds them calls them"),
    /**
     * Rule-definition code calling the pack's functions or the JDK: a salience expression or a
     * {@code from} source without a pattern binding, which Drools runs while the KieBase is built.
     */
    LOAD_TIME_CODE(Layer.TERMINATION, "runs %s while the KieBase is built (a salience expression or a 'from' source that "
            + "uses no pattern binding); give salience as an integer literal and take 'from' sources from a pattern's binding"),
    /** A jump to a label already passed: a loop. */
    BACKWARD_BRANCH(Layer.TERMINATION, "has a backward branch (a loop); iterate with rules and the helper functions instead"),
    /** A switch with a case or default already passed (its own, shorter, text). */
    BACKWARD_SWITCH(Layer.TERMINATION, "has a backward branch (a loop)"),
    /** A cycle among the pack's own methods; the text ends with the cycle, {@code A.f -> A.g -> A.f}. */
    CALL_CYCLE(Layer.TERMINATION, "calls itself (recursion): %s"),
    /** More than {@link BytecodeVerifier#MAX_INSTRUCTIONS_PER_CALL} instructions over a method's call tree. */
    INSTRUCTION_BUDGET(Layer.TERMINATION, "may run %s instructions in one call through the functions it calls (call fan-out); "
            + "the limit is " + BytecodeVerifier.MAX_INSTRUCTIONS_PER_CALL);

    /** The prefix naming the property a check protects; HostileCorpusTest tells layers apart by it. */
    enum Layer {
        BYTECODE("bytecode check"),
        TERMINATION("termination check");

        final String prefix;

        Layer(String prefix) {
            this.prefix = prefix;
        }
    }

    final Layer layer;
    /** The refusal's words, with {@code %s} where {@link #message} puts its arguments. */
    final String text;

    Check(Layer layer, String text) {
        this.layer = layer;
        this.text = text;
    }

    /** {@code "<layer>: <text with args>"}: the message, without where it was found. */
    String message(Object... args) {
        return layer.prefix + ": " + String.format(Locale.ROOT, text, args);
    }
}
