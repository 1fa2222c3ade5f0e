package org.vfiocompat.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.sandbox.AllowList.Kind;

/** How {@code allowlist.txt} lines are read and matched. */
class AllowListTest {

    private static AllowList of(String... lines) {
        return AllowList.parse(List.of(lines));
    }

    @Test
    void blankLinesAndCommentsAreSkippedAndColumnsMaySpreadOverAnyWhitespace() {
        AllowList list = of("", "# a comment", "   ", "  call \t java/lang/Math   max  ");
        assertThat(list.allows(Kind.CALL, "java/lang/Math", "max", "(II)I")).isTrue();
        assertThat(list.allows(Kind.CALL, "java/lang/Math", "min", "(II)I")).isFalse();
    }

    @Test
    void aLineWithoutThreeColumnsNamesItsLineNumber() {
        assertThatThrownBy(() -> of("# header", "call java/lang/Math")).isInstanceOf(IllegalStateException.class)
                .hasMessage("allowlist.txt line 2: expected KIND OWNER MEMBER, got 'call java/lang/Math'");
        assertThatThrownBy(() -> of("call java/lang/Math max min")).hasMessageContaining("line 1:");
    }

    @Test
    void anUnknownKindNamesItsLineNumber() {
        assertThatThrownBy(() -> of("call java/lang/Math max", "calls java/lang/Math min"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("allowlist.txt line 2: unknown kind 'calls', expected one of call, field, type, super, bootstrap, "
                        + "model, define, deny");
    }

    @Test
    void theKindIsReadWhateverItsCase() {
        assertThat(of("CALL java/lang/Math max").allows(Kind.CALL, "java/lang/Math", "max", "(II)I")).isTrue();
    }

    @Test
    void aLineAllowsOnlyItsOwnKind() {
        AllowList list = of("type java/lang/String -");
        assertThat(list.allows(Kind.TYPE, "java/lang/String", "", "")).isTrue();
        assertThat(list.allows(Kind.CALL, "java/lang/String", "length", "()I")).isFalse();
        assertThat(list.allows(Kind.SUPER, "java/lang/String", "", "")).isFalse();
    }

    @Test
    void aMemberIsANameANameWithDescriptorOrAStar() {
        AllowList list = of("call a/B f", "call a/C g(I)V", "call a/D *");
        assertThat(list.allows(Kind.CALL, "a/B", "f", "(I)V")).isTrue();
        assertThat(list.allows(Kind.CALL, "a/B", "f", "()V")).isTrue();
        assertThat(list.allows(Kind.CALL, "a/C", "g", "(I)V")).isTrue();
        assertThat(list.allows(Kind.CALL, "a/C", "g", "(J)V")).isFalse();
        assertThat(list.allows(Kind.CALL, "a/D", "anything", "()V")).isTrue();
    }

    @Test
    void oneStarIsTheClassesDirectlyInAPackageTwoAreThePackageAndBelow() {
        AllowList list = of("call a/b/* *", "call x/y/** *");
        assertThat(list.allows(Kind.CALL, "a/b/C", "f", "()V")).isTrue();
        assertThat(list.allows(Kind.CALL, "a/b/c/D", "f", "()V")).isFalse();
        assertThat(list.allows(Kind.CALL, "a/bc/D", "f", "()V")).isFalse();
        assertThat(list.allows(Kind.CALL, "x/y/Z", "f", "()V")).isTrue();
        assertThat(list.allows(Kind.CALL, "x/y/z/w/V", "f", "()V")).isTrue();
        assertThat(list.allows(Kind.CALL, "x/yz/V", "f", "()V")).isFalse();
    }

    @Test
    void onceAClassIsNamedExactlyTheWildcardsOfItsPackageNoLongerApplyToIt() {
        AllowList list = of("call a/b/* *", "call a/b/C f");
        assertThat(list.allows(Kind.CALL, "a/b/C", "f", "()V")).isTrue();
        assertThat(list.allows(Kind.CALL, "a/b/C", "g", "()V")).isFalse();
        assertThat(list.allows(Kind.CALL, "a/b/D", "g", "()V")).isTrue();
        // Naming it for another kind does not count.
        assertThat(of("call a/b/* *", "type a/b/C -").allows(Kind.CALL, "a/b/C", "g", "()V")).isTrue();
    }

    @Test
    void aDenyLineWinsOverEveryKindAndEveryOtherLine() {
        AllowList list = of("call a/B *", "field a/B *", "deny a/B secret");
        assertThat(list.allows(Kind.CALL, "a/B", "open", "()V")).isTrue();
        assertThat(list.allows(Kind.CALL, "a/B", "secret", "()V")).isFalse();
        assertThat(list.allows(Kind.FIELD, "a/B", "secret", "")).isFalse();
        assertThat(of("call a/** *", "deny a/b/* *").allows(Kind.CALL, "a/b/C", "f", "()V")).isFalse();
    }

    @Test
    void nothingIsAllowedThatNoLineAllows() {
        assertThat(of().allows(Kind.CALL, "java/lang/Object", "<init>", "()V")).isFalse();
    }

    @Test
    void theShippedListParsesAndKeepsItsKeyDecisions() {
        AllowList list = AllowList.standard();
        assertThat(list.allows(Kind.CALL, "java/lang/String", "length", "()I")).isTrue();
        assertThat(list.allows(Kind.CALL, "java/lang/String", "repeat", "(I)Ljava/lang/String;")).isFalse();
        assertThat(list.allows(Kind.CALL, "java/lang/Integer", "getInteger", "(Ljava/lang/String;)Ljava/lang/Integer;"))
                .isFalse();
        assertThat(list.allows(Kind.CALL, "org/drools/model/Drools", "getKieRuntime", "()Lorg/kie/api/runtime/KieRuntime;"))
                .isFalse();
        assertThat(list.allows(Kind.CALL, "java/lang/Object", "getClass", "()Ljava/lang/Class;")).isFalse();
        assertThat(list.allows(Kind.MODEL, "org/kie/api/KieServices", "get", "()Lorg/kie/api/KieServices;")).isTrue();
        assertThat(list.allows(Kind.CALL, "org/kie/api/KieServices", "get", "()Lorg/kie/api/KieServices;")).isFalse();
    }

    /**
     * The list keeps its decisions; a kept answer must be the answer a list that never saw the
     * reference gives, whatever was asked before and in whatever order (the standard list, owners
     * it names, their packages and look-alikes, exact and wildcard lines, deny lines).
     */
    @Property(tries = 200)
    void aKeptDecisionIsTheDecisionOfAFreshList(@ForAll("references") List<String[]> asked) {
        AllowList used = AllowList.standard();
        for (String[] r : asked) {
            used.allows(Kind.valueOf(r[0]), r[1], r[2], r[3]);
        }
        java.util.Collections.reverse(asked);
        for (String[] r : asked) {
            assertThat(used.allows(Kind.valueOf(r[0]), r[1], r[2], r[3]))
                    .as("%s %s %s%s", r[0], r[1], r[2], r[3])
                    .isEqualTo(AllowList.standard().allows(Kind.valueOf(r[0]), r[1], r[2], r[3]));
        }
    }

    @Provide
    Arbitrary<List<String[]>> references() {
        Arbitrary<String> owner = Arbitraries.of("java/lang/Math", "java/lang/String", "java/lang/System", "java/util/List",
                "java/util/ArrayList", "java/util/function/Function", "org/drools/model/PatternDSL", "org/drools/model/DSL",
                "org/drools/model/functions/Function1", "org/vfiocompat/rules/Finding", "java/lang/Runtime", "java/lang/reflect/Method",
                "java/io/File", "java/lang/Mat", "java/util", "java/", "j", "", "org/drools/model/Drools", "java/lang/invoke/LambdaMetafactory");
        Arbitrary<String> name = Arbitraries.of("max", "length", "of", "apply", "exit", "getRuntime", "add", "metafactory", "", "*", "-", "pattern");
        Arbitrary<String> descriptor = Arbitraries.of("(II)I", "()I", "()V", "(Ljava/lang/Object;)Ljava/lang/Object;", "");
        Arbitrary<String> kind = Arbitraries.of(Kind.class).map(Kind::name);
        return Combinators.combine(kind, owner, name, descriptor).as((k, o, n, d) -> new String[] {k, o, n, d})
                .list().ofMinSize(1).ofMaxSize(60);
    }

    @Test
    void decisionsAreKeptUpToTheirBoundAndComputedPastIt() {
        AllowList list = of("call java/lang/Math max");
        for (int i = 0; i < AllowList.MAX_DECISIONS + 10; i++) {
            assertThat(list.allows(Kind.CALL, "p/C" + i, "m", "()V")).isFalse();
        }
        assertThat(list.decisionsKept()).isEqualTo(AllowList.MAX_DECISIONS);
        assertThat(list.allows(Kind.CALL, "java/lang/Math", "max", "(II)I")).isTrue();
        assertThat(list.allows(Kind.CALL, "java/lang/Math", "min", "(II)I")).isFalse();
    }

    @Test
    void aWildcardOwnerNeverMatchesANameShorterThanItsPrefix() {
        AllowList list = of("call java/util/** *", "call java/lang/* *");
        assertThat(list.allows(Kind.CALL, "java/util", "x", "()V")).isFalse();
        assertThat(list.allows(Kind.CALL, "java/lang", "x", "()V")).isFalse();
        assertThat(list.allows(Kind.CALL, "java/util/a/B", "x", "()V")).isTrue();
        assertThat(list.allows(Kind.CALL, "java/lang/B", "x", "()V")).isTrue();
        assertThat(list.allows(Kind.CALL, "java/lang/a/B", "x", "()V")).isFalse();
    }
}
