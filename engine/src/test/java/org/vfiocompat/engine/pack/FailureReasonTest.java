package org.vfiocompat.engine.pack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureReasonTest {

    /** Stands in for Drools' wrapper of a constraint's exception, which has no message of its own. */
    static final class WrapperException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrapperException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Test
    void aWrappedExceptionShowsItsRootCause() {
        Throwable e = new WrapperException(null, new IllegalStateException("wrapped", new NumberFormatException("For input string: \"x\"")));
        assertThat(FailureReason.of(e))
                .isEqualTo("pack failed: WrapperException (cause: java.lang.NumberFormatException: For input string: \"x\")");
    }

    @Test
    void aCauseTheMessageAlreadyNamesIsNotRepeated() {
        IllegalStateException root = new IllegalStateException("boom");
        Throwable e = new WrapperException("Exception executing consequence for rule \"r\": " + root, root);
        assertThat(FailureReason.of(e)).isEqualTo("pack failed: WrapperException: Exception executing consequence for rule \"r\": "
                + "java.lang.IllegalStateException: boom");
    }

    @Test
    void anExceptionWithoutCauseIsAsBefore() {
        assertThat(FailureReason.of(new ArithmeticException("/ by zero"))).isEqualTo("pack failed: ArithmeticException: / by zero");
        assertThat(FailureReason.of(new NullPointerException())).isEqualTo("pack failed: NullPointerException");
        assertThat(FailureReason.of(new WrapperException(null, new NullPointerException())))
                .isEqualTo("pack failed: WrapperException (cause: java.lang.NullPointerException)");
    }

    @Test
    void controlCharactersAreEscapedAndOnlyTheFirstLineIsKept() {
        Throwable e = new WrapperException(null, new IllegalArgumentException("tab\there\u001b[31mred\u0085\r\nsecond line"));
        assertThat(FailureReason.of(e)).isEqualTo(
                "pack failed: WrapperException (cause: java.lang.IllegalArgumentException: tab\\u0009here\\u001b[31mred\\u0085)");
        assertThat(FailureReason.message("a\rb")).isEqualTo("a\\u000db");
    }

    @Test
    void messagesAreBounded() {
        String longMessage = "x".repeat(5000);
        String reason = FailureReason.of(new WrapperException("y".repeat(5000), new IllegalStateException(longMessage)));
        assertThat(FailureReason.message(longMessage)).hasSize(FailureReason.MAX_MESSAGE).endsWith("\u2026");
        assertThat(FailureReason.message("x".repeat(FailureReason.MAX_MESSAGE))).isEqualTo("x".repeat(FailureReason.MAX_MESSAGE));
        assertThat(FailureReason.message("\u0001".repeat(1000))).hasSize(FailureReason.MAX_MESSAGE).endsWith("\u2026");
        assertThat(reason.length()).isLessThan(2 * FailureReason.MAX_MESSAGE + 100);
    }

    @Test
    void aCycleOfCausesEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(FailureReason.root(b)).isIn(a, b);
        assertThat(FailureReason.of(b)).startsWith("pack failed: RuntimeException: b");
    }
}
