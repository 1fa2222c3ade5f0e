package org.vfiocompat.engine.sandbox;

/**
 * One method as bytecode names it: the owner's internal name, the method name and its
 * descriptor. The verifier's call graph is made of these, so that a node is taken apart by its
 * components instead of by searching a string for '.' and '('.
 *
 * <p>The string form is {@code owner.name(descriptor)}: {@code packs/p/Rules.f(I)I}. The part after
 * the dot, {@link #member()}, is exactly what an allow-list line's MEMBER column names one
 * overload by ({@code toLowerCase()Ljava/lang/String;}), which is why the two share their
 * spelling. {@link #parse} and {@link #toString} are the one place that spelling is written and
 * read. It is unambiguous because an internal name may contain neither '.' nor '(' (JVMS 4.2.1),
 * a method name none of {@code . ( / ; [} (JVMS 4.2.2), and every descriptor starts with '('.
 */
record MethodRef(String owner, String name, String descriptor) {

    MethodRef {
        if (owner.isEmpty() || owner.indexOf('.') >= 0 || owner.indexOf('(') >= 0) {
            throw new IllegalArgumentException("not an internal class name: '" + owner + "'");
        }
        if (name.isEmpty() || name.chars().anyMatch(c -> c == '.' || c == '(' || c == '/' || c == ';' || c == '[')) {
            throw new IllegalArgumentException("not a method name: '" + name + "'");
        }
        if (!descriptor.startsWith("(") || descriptor.indexOf(')') < 0) {
            throw new IllegalArgumentException("not a method descriptor: '" + descriptor + "'");
        }
    }

    /** Reads the {@code owner.name(descriptor)} form {@link #toString} writes. */
    static MethodRef parse(String text) {
        int dot = text.indexOf('.');
        int paren = text.indexOf('(');
        if (dot < 0 || paren < dot) {
            throw new IllegalArgumentException("not owner.name(descriptor): '" + text + "'");
        }
        return new MethodRef(text.substring(0, dot), text.substring(dot + 1, paren), text.substring(paren));
    }

    /** {@code name(descriptor)}: how an allow-list line names this one overload. */
    String member() {
        return name + descriptor;
    }

    /** {@code java.lang.System.exit(I)V}: how refusals name a method to a pack author. */
    String dotted() {
        return BytecodeVerifier.dotted(owner) + "." + member();
    }

    /** {@code Rules.f}: how a cycle names its steps, short enough to read a chain of them. */
    String shortName() {
        return BytecodeVerifier.simpleName(owner) + "." + name;
    }

    @Override
    public String toString() {
        return owner + "." + member();
    }
}
