package org.vfiocompat.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The method reference of the verifier's call graph and its one string form. */
class MethodRefTest {

    @Test
    void readsAndWritesOwnerNameAndDescriptor() {
        MethodRef ref = MethodRef.parse("packs/t/Rules.f(ILjava/lang/String;)[J");
        assertThat(ref).isEqualTo(new MethodRef("packs/t/Rules", "f", "(ILjava/lang/String;)[J"));
        assertThat(ref.toString()).isEqualTo("packs/t/Rules.f(ILjava/lang/String;)[J");
    }

    @Test
    void itsMemberIsHowAnAllowListLineNamesOneOverload() {
        MethodRef ref = MethodRef.parse("java/lang/String.toLowerCase()Ljava/lang/String;");
        assertThat(ref.member()).isEqualTo("toLowerCase()Ljava/lang/String;");
        assertThat(AllowList.standard().allows(AllowList.Kind.CALL, ref.owner(), ref.name(), ref.descriptor())).isTrue();
    }

    @Test
    void refusalsAndCyclesNameItDottedAndShort() {
        MethodRef ref = MethodRef.parse("packs/t/Rules$Inner.<init>()V");
        assertThat(ref.dotted()).isEqualTo("packs.t.Rules$Inner.<init>()V");
        assertThat(ref.shortName()).isEqualTo("Inner.<init>");
    }

    @Test
    void aDescriptorNamingClassesIsKeptWhole() {
        MethodRef ref = MethodRef.parse("a/B.c(La/B$C;)La/B$C;");
        assertThat(ref.owner()).isEqualTo("a/B");
        assertThat(ref.descriptor()).isEqualTo("(La/B$C;)La/B$C;");
    }

    /** Killed PIT survivors: a dot or parenthesis is refused at the very start of an owner too. */
    @Test
    void anOwnerStartingWithADotOrParenthesisIsRefused() {
        for (String owner : new String[] {".a/B", "(a/B"}) {
            assertThatThrownBy(() -> new MethodRef(owner, "f", "()V")).as("'%s'", owner).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void textThatIsNotOwnerDotNameDescriptorIsRefused() {
        for (String bad : new String[] {"", "a/B", "a/B.f", "a/B(I)V", "a/B.(I)V", ".f()V", "a/B.f)V", "a.b/C.f()V", "a/B.c/d()V"}) {
            assertThatThrownBy(() -> MethodRef.parse(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 300)
    void printingThenParsingGivesTheSameReference(@ForAll("refs") MethodRef ref) {
        assertThat(MethodRef.parse(ref.toString())).isEqualTo(ref);
    }

    @Property(tries = 300)
    void parsingThenPrintingGivesTheSameText(@ForAll("refs") MethodRef ref) {
        String text = ref.owner() + "." + ref.name() + ref.descriptor();
        assertThat(MethodRef.parse(text).toString()).isEqualTo(text);
    }

    @Provide
    Arbitrary<MethodRef> refs() {
        Arbitrary<String> identifier = Arbitraries.strings().withChars("abcXYZ_$09é").ofMinLength(1).ofMaxLength(8)
                .filter(s -> !Character.isDigit(s.charAt(0)));
        Arbitrary<String> owner = identifier.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts));
        Arbitrary<String> name = Arbitraries.oneOf(identifier, Arbitraries.of("<init>", "<clinit>", "lambda$f$0"));
        Arbitrary<String> type = Arbitraries.oneOf(
                Arbitraries.of("I", "J", "Z", "B", "C", "S", "F", "D"),
                owner.map(o -> "L" + o + ";"));
        Arbitrary<String> arrayOrNot = Combinators.combine(type, Arbitraries.integers().between(0, 2))
                .as((t, dims) -> "[".repeat(dims) + t);
        Arbitrary<String> descriptor = Combinators.combine(arrayOrNot.list().ofMaxSize(4),
                Arbitraries.oneOf(arrayOrNot, Arbitraries.just("V")))
                .as((params, ret) -> "(" + String.join("", params) + ")" + ret);
        return Combinators.combine(owner, name, descriptor).as(MethodRef::new);
    }
}
