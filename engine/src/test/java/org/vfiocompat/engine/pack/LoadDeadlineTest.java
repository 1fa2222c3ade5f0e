package org.vfiocompat.engine.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.ProblemCodes;

/** The deadline on one pack's build and KieBase creation (issue 13, class 1). */
class LoadDeadlineTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(LoadDeadline.PROPERTY);
    }

    @Test
    void aBuildThatNeverFinishesIsRefusedAtTheDeadlineAndStopped() {
        System.setProperty(LoadDeadline.PROPERTY, "0.3");
        AtomicReference<Thread> builder = new AtomicReference<>();
        LoadDeadline deadline = LoadDeadline.start("spin", "spin/pack.json");
        assertThatThrownBy(() -> deadline.run("KieBase creation", () -> {
            builder.set(Thread.currentThread());
            long n = 0;
            while (n >= 0) {
                n = (n + 1) % 1_000_000; // spins, ignoring interrupts, as a pack's endless code would
            }
            return n;
        })).isInstanceOfSatisfying(PackProblems.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo(ProblemCodes.PACK_LOAD_DEADLINE);
                assertThat(p.file()).isEqualTo("spin/pack.json");
                assertThat(p.message()).isEqualTo("the pack's KieBase creation did not finish within the load deadline of 300 ms; "
                        + "the build was stopped and the pack refused");
            });
        });
        // Java 17 still stops the thread: nothing keeps burning a core after the refusal.
        Thread t = builder.get();
        try {
            t.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void aBuildWithinTheDeadlineGivesItsResultAndItsExceptionsUnchanged() {
        LoadDeadline deadline = LoadDeadline.start("ok", "ok/pack.json");
        assertThat(deadline.run("build", () -> "built")).isEqualTo("built");
        IllegalStateException thrown = new IllegalStateException("generator failed");
        assertThatThrownBy(() -> deadline.run("build", () -> {
            throw thrown;
        })).isSameAs(thrown);
        StackOverflowError overflow = new StackOverflowError();
        assertThatThrownBy(() -> deadline.run("build", () -> {
            throw overflow;
        })).isSameAs(overflow);
    }

    @Test
    void theDeadlineComesFromItsPropertyOrIsTheDefault() {
        assertThat(LoadDeadline.configured()).isEqualTo(LoadDeadline.DEFAULT);
        System.setProperty(LoadDeadline.PROPERTY, "2.5");
        assertThat(LoadDeadline.configured()).isEqualTo(Duration.ofMillis(2500));
        for (String bad : new String[] {"-1", "0", "soon", "1e9"}) {
            System.setProperty(LoadDeadline.PROPERTY, bad);
            assertThat(LoadDeadline.configured()).as(bad).isEqualTo(LoadDeadline.DEFAULT);
        }
    }
}
